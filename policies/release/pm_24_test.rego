# Unit tests of the PM-24 policy: scenarios of testdata/cases/PM-24.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.pm_24_test

import rego.v1

import data.relpolicy.release.pm_24
import data.relpolicy.test.fixture

# costs in the baseline currency, naming the approved baseline
test_costs_in_the_baseline_currency_naming_the_approved_baseline if {
	doc := fixture.release
	pm_24.satisfied with input as doc
	count(pm_24.deny) == 0 with input as doc
}

# a report in another currency cannot be compared
test_a_report_in_another_currency_cannot_be_compared if {
	doc := fixture.edit(fixture.release, [
		["add", "/cost_report/currency", "USD"],
	])
	not pm_24.satisfied with input as doc
	fixture.says(pm_24.deny, "the cost report is in USD; the budget baseline is in EUR") with input as doc
}

# a report compared with another baseline
test_a_report_compared_with_another_baseline if {
	doc := fixture.edit(fixture.release, [
		["add", "/cost_report/baseline_id", "BUD-PAY-2025-Q4"],
	])
	not pm_24.satisfied with input as doc
	fixture.says(pm_24.deny, "the cost report is compared with baseline BUD-PAY-2025-Q4") with input as doc
	fixture.says(pm_24.deny, "but the approved baseline is BUD-PAY-2026-Q1") with input as doc
}

# a report that names no baseline
test_a_report_that_names_no_baseline if {
	doc := fixture.edit(fixture.release, [
		["remove", "/cost_report/baseline_id"],
	])
	not pm_24.satisfied with input as doc
	fixture.says(pm_24.deny, "the cost report does not name the budget baseline it is compared with") with input as doc
}

# a report without cost lines
test_a_report_without_cost_lines if {
	doc := fixture.edit(fixture.release, [
		["add", "/cost_report/lines", []],
	])
	not pm_24.satisfied with input as doc
	fixture.says(pm_24.deny, "the cost report has no cost lines") with input as doc
}

# an actual overrun beyond tolerance is flagged here and must be escalated (PM-26)
test_an_actual_overrun_beyond_tolerance_is_flagged_here_and_must if {
	doc := fixture.edit(fixture.release, [
		["add", "/cost_report/lines/-", {"period": "2026-03", "service": "incident", "cost": 16000}],
		["add", "/cost_report/summary/total", 55432],
	])
	pm_24.satisfied with input as doc
	count(pm_24.warn) > 0 with input as doc
	fixture.says(pm_24.warn, "actual cost 55432.00 EUR is +15.5% against the baseline 48000.00 EUR (tolerance 10%)") with input as doc
}

# no cost report
test_no_cost_report if {
	doc := fixture.edit(fixture.release, [
		["remove", "/cost_report"],
	])
	not pm_24.satisfied with input as doc
}

# a budget baseline approved after its cost report
test_a_budget_baseline_approved_after_its_cost_report if {
	doc := fixture.edit(fixture.release, [
		["add", "/budget_baseline/approved_at", "2026-03-13T07:00:00Z"],
	])
	not pm_24.satisfied with input as doc
	fixture.says(pm_24.deny, "the approval of the budget baseline (2026-03-13T07:00:00Z) comes after the cost report (2026-03-13T06:00:00Z)") with input as doc
}
