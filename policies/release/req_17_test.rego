# Unit tests of the REQ-17 policy: scenarios of testdata/cases/REQ-17.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.req_17_test

import rego.v1

import data.relpolicy.release.req_17
import data.relpolicy.test.fixture

# all cases passed, no blocking defect, signed off by the Test Manager after the run
test_all_cases_passed_no_blocking_defect_signed_off_by_the_test if {
	doc := fixture.release
	req_17.satisfied with input as doc
	count(req_17.deny) == 0 with input as doc
}

# one failed case fails the report, named with its reason
test_one_failed_case_fails_the_report_named_with_its_reason if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs/0/cases/6/status", "failed"],
		["add", "/system_test_report/runs/0/cases/6/message", "card declined by stub"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "test case `tests.regression.test_payments.test_card_payment_end_to_end` failed: card declined by stub") with input as doc
	fixture.says(req_17.deny, "1 of 12 test cases failed or errored") with input as doc
}

# an errored case counts as a failure
test_an_errored_case_counts_as_a_failure if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs/0/cases/0/status", "error"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "1 of 12 test cases failed or errored") with input as doc
}

# a hand-written summary cannot hide a failure (relpolicy recounts and warns)
test_a_hand_written_summary_cannot_hide_a_failure_relpolicy if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs/0/cases/6/status", "failed"],
		["add", "/system_test_report/summary", {"total": 12, "passed": 12, "failed": 0, "error": 0, "skipped": 0}],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "1 of 12 test cases failed or errored") with input as doc
}

# skipped cases are reported as a warning
test_skipped_cases_are_reported_as_a_warning if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs/0/cases/11/status", "skipped"],
	])
	req_17.satisfied with input as doc
	count(req_17.warn) > 0 with input as doc
	fixture.says(req_17.warn, "1 of 12 test cases were skipped") with input as doc
}

# a report without cases proves nothing
test_a_report_without_cases_proves_nothing if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs", []],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "the system test report contains no test cases") with input as doc
}

# an open high defect blocks the release
test_an_open_high_defect_blocks_the_release if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/defects/0/status", "open"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "defect BUG-4398 (high) is open; critical and high defects must be fixed before release") with input as doc
}

# a deferred critical defect is still unresolved
test_a_deferred_critical_defect_is_still_unresolved if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/defects/0/severity", "critical"],
		["add", "/system_test_report/defects/0/status", "deferred"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "defect BUG-4398 (critical) is deferred") with input as doc
}

# an open medium defect listed as a known issue in the release notes is acceptable
test_an_open_medium_defect_listed_as_a_known_issue_in_the if {
	doc := fixture.edit(fixture.release, [
		["remove", "/system_test_report/defects/1/known_issue"],
	])
	req_17.satisfied with input as doc
	count(req_17.deny) == 0 with input as doc
}

# an open medium defect documented nowhere is not
test_an_open_medium_defect_documented_nowhere_is_not if {
	doc := fixture.edit(fixture.release, [
		["remove", "/system_test_report/defects/1/known_issue"],
		["remove", "/release_notes/known_issues/0/defect"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "defect BUG-4411 (medium) is open but not listed as a known issue in the release notes") with input as doc
}

# a sign-off by a developer does not count
test_a_sign_off_by_a_developer_does_not_count if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/0/role", "Developer"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "system test sign-off by k.novak has role 'Developer'; REQ-17 requires role 'Test Manager' or 'QA Lead'") with input as doc
}

# a sign-off given before the last run finished does not count
test_a_sign_off_given_before_the_last_run_finished_does_not_count if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/0/timestamp", "2026-03-10T08:30:00Z"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "test run `payments-api system tests` (2026-03-10T08:42:00Z) comes after the system test sign-off by k.novak (2026-03-10T08:30:00Z)") with input as doc
}

# without a sign-off the report is not signed off
test_without_a_sign_off_the_report_is_not_signed_off if {
	doc := fixture.edit(fixture.release, [
		["remove", "/approvals/0"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "no system test sign-off is recorded (an approval with scope 'system-test-report')") with input as doc
}

# no test report at all
test_no_test_report_at_all if {
	doc := fixture.edit(fixture.release, [
		["remove", "/system_test_report"],
	])
	not req_17.satisfied with input as doc
}

# a report whose every case was skipped tested nothing
test_a_report_whose_every_case_was_skipped_tested_nothing if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs/0/cases", [{"name": "test_a", "category": "smoke", "status": "skipped", "requirements": ["CHG-2026-0892"]}, {"name": "test_b", "category": "functional", "status": "skipped"}]],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "no case of the system test report ran: all 2 were skipped") with input as doc
}

# a test run that started after it finished has no usable end
test_a_test_run_that_started_after_it_finished_has_no_usable if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs/0/started_at", "2026-03-10T09:00:00Z"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "test run `payments-api system tests` has no usable time: /system_test_report/runs/0/finished_at ends at 2026-03-10T08:42:00Z, before it starts at 2026-03-10T09:00:00Z (started_at)") with input as doc
}

# a run whose time was left out (a zone-less JUnit timestamp) cannot be signed off after
test_a_run_whose_time_was_left_out_a_zone_less_junit_timestamp if {
	doc := fixture.edit(fixture.release, [
		["remove", "/system_test_report/runs/0/started_at"],
		["remove", "/system_test_report/runs/0/finished_at"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "test run `payments-api system tests` has no usable time: /system_test_report/runs/0/finished_at is not recorded") with input as doc
}

# a run dated 1970-01-01 (CTRF start and stop of 0) is a placeholder
test_a_run_dated_1970_01_01_ctrf_start_and_stop_of_0_is_a if {
	doc := fixture.edit(fixture.release, [
		["add", "/system_test_report/runs/0/started_at", "1970-01-01T00:00:00Z"],
		["add", "/system_test_report/runs/0/finished_at", "1970-01-01T00:00:00Z"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "/system_test_report/runs/0/finished_at is dated 1970-01-01T00:00:00Z, before 2000-01-01T00:00:00Z: a placeholder") with input as doc
}

# a defect flagged as a known issue in the tracker but missing from the notes
test_a_defect_flagged_as_a_known_issue_in_the_tracker_but if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/known_issues/0/defect"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "defect BUG-4411 (medium) is open but not listed as a known issue in the release notes") with input as doc
}

# a sign-off dated in the year after the evaluation
test_a_sign_off_dated_in_the_year_after_the_evaluation if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/0/timestamp", "2027-03-10T12:00:00Z"],
	])
	not req_17.satisfied with input as doc
	fixture.says(req_17.deny, "system test sign-off by k.novak has no usable time: /approvals/0/timestamp is dated 2027-03-10T12:00:00Z, after the evaluation time") with input as doc
}
