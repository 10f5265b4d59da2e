# Unit tests of the RM-02 policy: scenarios of testdata/cases/RM-02.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rm_02_test

import rego.v1

import data.relpolicy.release.rm_02
import data.relpolicy.test.fixture

# a minor release with every category of the procedure's table and each change tested
test_a_minor_release_with_every_category_of_the_procedure_s if {
	doc := fixture.release
	rm_02.satisfied with input as doc
	count(rm_02.deny) == 0 with input as doc
}

# a minor release needs a performance baseline comparison
test_a_minor_release_needs_a_performance_baseline_comparison if {
	doc := fixture.edit(fixture.release, [
		["remove", "/system_test_report/runs/0/cases/10"],
	])
	not rm_02.satisfied with input as doc
	fixture.says(rm_02.deny, "a minor release needs performance tests; the system test report has no passing performance test case") with input as doc
}

# a failed security scan is not a passing one
test_a_failed_security_scan_is_not_a_passing_one if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs/0/cases/11/status", "failed"],
	])
	not rm_02.satisfied with input as doc
	fixture.says(rm_02.deny, "a minor release needs security tests") with input as doc
}

# a patch release does not need performance tests
test_a_patch_release_does_not_need_performance_tests if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "patch"],
		["add", "/release/version", "2.4.1"],
		["add", "/release_notes/version", "2.4.1"],
		["add", "/approvals/1/role", "Release Manager"],
		["remove", "/system_test_report/runs/0/cases/10"],
	])
	rm_02.satisfied with input as doc
	count(rm_02.deny) == 0 with input as doc
}

# an emergency release needs no more than a smoke test
test_an_emergency_release_needs_no_more_than_a_smoke_test if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["remove", "/system_test_report/runs/0/cases/11"],
		["remove", "/system_test_report/runs/0/cases/10"],
		["remove", "/system_test_report/runs/0/cases/9"],
		["remove", "/system_test_report/runs/0/cases/8"],
	])
	rm_02.satisfied with input as doc
	count(rm_02.deny) == 0 with input as doc
}

# a change no passing test names
test_a_change_no_passing_test_names if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/changes/-", {"id": "CHG-2026-0920", "title": "Retry webhook deliveries", "approval_status": "approved", "approved_by": {"id": "cab"}, "approved_at": "2026-03-03T10:00:00Z"}],
	])
	not rm_02.satisfied with input as doc
	fixture.says(rm_02.deny, "change CHG-2026-0920 is not covered by a passing test case (one naming CHG-2026-0920)") with input as doc
}

# an empty list of changes shows nothing tested
test_an_empty_list_of_changes_shows_nothing_tested if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/changes", []],
	])
	not rm_02.satisfied with input as doc
	fixture.says(rm_02.deny, "a minor release lists no changes") with input as doc
	fixture.says(rm_02.deny, "so none can be shown tested") with input as doc
}

# Hand-written: what the scenarios above do not reach.

test_a_type_without_configured_coverage_cannot_pass if {
	not rm_02.satisfied with input as fixture.release with data.relpolicy.params.test_coverage as {"major": ["smoke"]}
	fixture.says(rm_02.deny, "no test coverage is configured for minor releases") with input as fixture.release with data.relpolicy.params.test_coverage as {"major": ["smoke"]}
}

test_a_skipped_case_does_not_cover_its_category if {
	doc := fixture.edit(fixture.release, [["add", "/system_test_report/runs/0/cases/10/status", "skipped"]])
	fixture.says(rm_02.deny, "a minor release needs performance tests") with input as doc
}

# a security test that records no depth proves no depth
test_a_security_test_that_records_no_depth_proves_no_depth if {
	doc := fixture.edit(fixture.release, [
		["remove", "/system_test_report/runs/0/cases/11/depth"],
	])
	not rm_02.satisfied with input as doc
	fixture.says(rm_02.deny, "a minor release needs security tests at vulnerability-scan depth; no passing security test case records its depth") with input as doc
}

# a penetration test is more than the vulnerability scan a minor release needs
test_a_penetration_test_is_more_than_the_vulnerability_scan_a if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs/0/cases/11/depth", "penetration"],
	])
	rm_02.satisfied with input as doc
	count(rm_02.deny) == 0 with input as doc
}

# a major release needs a load test and a penetration test
test_a_major_release_needs_a_load_test_and_a_penetration_test if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/release_notes/type", "major"],
	])
	not rm_02.satisfied with input as doc
	fixture.says(rm_02.deny, "a major release needs performance tests at load depth; the passing performance tests go only to baseline") with input as doc
	fixture.says(rm_02.deny, "a major release needs security tests at penetration depth; the passing security tests go only to vulnerability-scan") with input as doc
}

# a major release with a load test and a penetration test
test_a_major_release_with_a_load_test_and_a_penetration_test if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/release_notes/type", "major"],
		["add", "/system_test_report/runs/0/cases/10/depth", "load"],
		["add", "/system_test_report/runs/0/cases/11/depth", "penetration"],
	])
	rm_02.satisfied with input as doc
	count(rm_02.deny) == 0 with input as doc
}

# the integration tests of a minor release must cover all interfaces
test_the_integration_tests_of_a_minor_release_must_cover_all if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs/0/cases/8/depth", "affected-interfaces"],
		["add", "/system_test_report/runs/0/cases/9/depth", "affected-interfaces"],
	])
	not rm_02.satisfied with input as doc
	fixture.says(rm_02.deny, "a minor release needs integration tests at all-interfaces depth; the passing integration tests go only to affected-interfaces") with input as doc
}

# a clean security scan of the release's revision stands in for its security test
test_a_clean_security_scan_of_the_release_s_revision_stands_in if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/revision", "4f1c2e9"],
		["add", "/security_scans", [{"tool": {"name": "Semgrep OSS", "version": "1.185.0"}, "revision": "4f1c2e9", "results": [{"rule": "weak-hash", "level": "warning", "path": "app.py", "line": 12, "message": "md5 is not a secure hash"}]}]],
		["remove", "/system_test_report/runs/0/cases/11"],
	])
	rm_02.satisfied with input as doc
	count(rm_02.deny) == 0 with input as doc
}

# a security scan of another revision does not count for this release
test_a_security_scan_of_another_revision_does_not_count_for if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/revision", "4f1c2e9"],
		["add", "/security_scans", [{"tool": {"name": "Semgrep OSS", "version": "1.185.0"}, "revision": "0badc0de", "results": []}]],
		["remove", "/system_test_report/runs/0/cases/11"],
	])
	not rm_02.satisfied with input as doc
	fixture.says(rm_02.deny, "a minor release needs security tests; the system test report has no passing security test case") with input as doc
	fixture.says(rm_02.deny, "security scan by Semgrep OSS 1.185.0 ran on revision 0badc0de, not on this release's revision or artifacts, so it does not count") with input as doc
}

# a security scan of one of the release's artifacts counts
test_a_security_scan_of_one_of_the_release_s_artifacts_counts if {
	doc := fixture.edit(fixture.release, [
		["add", "/security_scans", [{"tool": {"name": "Trivy"}, "subjects": ["sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033"], "results": [{"rule": "CVE-2026-0001", "level": "note"}]}]],
		["remove", "/system_test_report/runs/0/cases/11"],
	])
	rm_02.satisfied with input as doc
	count(rm_02.deny) == 0 with input as doc
}

# a scan of the release reporting an open error-level result fails it, even with security tests passing
test_a_scan_of_the_release_reporting_an_open_error_level if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/revision", "4f1c2e9"],
		["add", "/security_scans", [{"tool": {"name": "Semgrep OSS", "version": "1.185.0"}, "revision": "4f1c2e9", "results": [{"rule": "shell-true", "level": "error", "path": "app.py", "line": 7, "message": "subprocess with shell=True runs a shell on input"}]}]],
	])
	not rm_02.satisfied with input as doc
	fixture.says(rm_02.deny, "security scan by Semgrep OSS 1.185.0 reports shell-true (error) at app.py:7, not suppressed: subprocess with shell=True runs a shell on input") with input as doc
}

# an error-level result with an accepted suppression is not open
test_an_error_level_result_with_an_accepted_suppression_is_not if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/revision", "4f1c2e9"],
		["add", "/security_scans", [{"tool": {"name": "Semgrep OSS"}, "revision": "4f1c2e9", "results": [{"rule": "shell-true", "level": "error", "suppressed": true}]}]],
	])
	rm_02.satisfied with input as doc
	count(rm_02.deny) == 0 with input as doc
}
