import pytest

@pytest.fixture(autouse=True)
def _category(request, record_property):
    marker = request.node.get_closest_marker("category")
    if marker:
        record_property("category", marker.args[0])

@pytest.mark.category("smoke")
def test_service_reports_healthy(record_property):
    record_property("requirement", "REQ-24")
    assert True

@pytest.mark.category("functional")
def test_export_csv_contains_all_payments():
    assert sum([1, 2, 3]) == 6

@pytest.mark.category("functional")
def test_fee_rounding_half_even():
    assert round(2.5) == 3, "fee rounded <down> & not \"half even\""

@pytest.mark.category("regression")
@pytest.mark.skip(reason="flaky on shared runners")
def test_legacy_export_format():
    pass

@pytest.fixture
def broken_db():
    raise RuntimeError("database fixture could not connect")

@pytest.mark.category("integration")
def test_ledger_sync(broken_db):
    pass

@pytest.mark.category("rollback")
@pytest.mark.parametrize("step", ["schema", "image"])
def test_rollback_db_v2_4(step, record_property):
    record_property("requirement", "REQ-26, REL-03")
    assert step in ("schema", "image")

@pytest.mark.xfail(reason="known issue PAY-77")
def test_pdf_export_large():
    assert False
