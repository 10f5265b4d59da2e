# Unit tests of the REQ-26 policy: scenarios of testdata/cases/REQ-26.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.req_26_test

import rego.v1

import data.relpolicy.release.req_26
import data.relpolicy.test.fixture

# a defined strategy, rehearsed in staging without failures, verified
test_a_defined_strategy_rehearsed_in_staging_without_failures if {
	doc := fixture.release
	req_26.satisfied with input as doc
	count(req_26.deny) == 0 with input as doc
}

# no strategy
test_no_strategy if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback/strategy"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "no rollback strategy is defined") with input as doc
}

# a failed rollback test fails both rollback requirements
test_a_failed_rollback_test_fails_both_rollback_requirements if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/tests/runs/0/cases/1/status", "failed"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "rollback test `rollback.rehearsal.test_schema_downgrade_is_lossless` failed") with input as doc
	fixture.says(req_26.deny, "1 of 4 rollback tests failed or errored") with input as doc
}

# rehearsed in the test environment rather than staging
test_rehearsed_in_the_test_environment_rather_than_staging if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/tests/environment", "test"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the rollback was rehearsed in test; it must be rehearsed in staging") with input as doc
}

# a rehearsal that does not say where it ran
test_a_rehearsal_that_does_not_say_where_it_ran if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback/tests/runs/0/environment"],
		["remove", "/rollback/tests/environment"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the rollback rehearsal does not say where it ran") with input as doc
}

# never rehearsed
test_never_rehearsed if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback/tests"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the rollback has not been rehearsed: no rollback test results are recorded") with input as doc
}

# nobody verified the rehearsal
test_nobody_verified_the_rehearsal if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback/review"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the review of the rollback rehearsal is not recorded") with input as doc
}

# no rollback evidence at all
test_no_rollback_evidence_at_all if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback"],
	])
	not req_26.satisfied with input as doc
}

# a rehearsal whose every case was skipped tested nothing
test_a_rehearsal_whose_every_case_was_skipped_tested_nothing if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/tests/runs/0/cases/0/status", "skipped"],
		["add", "/rollback/tests/runs/0/cases/1/status", "skipped"],
		["add", "/rollback/tests/runs/0/cases/2/status", "skipped"],
		["add", "/rollback/tests/runs/0/cases/3/status", "skipped"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "no case of the rollback rehearsal ran: all 4 were skipped") with input as doc
}

# three of four rehearsal cases skipped is no rehearsal either
test_three_of_four_rehearsal_cases_skipped_is_no_rehearsal if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/tests/runs/0/cases/0/status", "skipped"],
		["add", "/rollback/tests/runs/0/cases/1/status", "skipped"],
		["add", "/rollback/tests/runs/0/cases/2/status", "skipped"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "3 of 4 rollback tests did not run (skipped)") with input as doc
	fixture.says(req_26.deny, "rollback test `rollback.rehearsal.test_redeploy_previous_image` was skipped") with input as doc
}

# a rehearsal dated after the production deployment
test_a_rehearsal_dated_after_the_production_deployment if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/tests/runs/0/finished_at", "2026-03-14T21:00:00Z"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the rollback rehearsal run `rollback rehearsal` (2026-03-14T21:00:00Z) comes after the review of the rollback rehearsal (2026-03-12T12:00:00Z)") with input as doc
}

# a rehearsal review dated after the production deployment
test_a_rehearsal_review_dated_after_the_production_deployment if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/review/at", "2026-03-14T21:00:00Z"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the review of the rollback rehearsal (2026-03-14T21:00:00Z) comes after the production deployment start (2026-03-14T20:02:00Z)") with input as doc
}

# a review before the rehearsal ended verified nothing
test_a_review_before_the_rehearsal_ended_verified_nothing if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/review/at", "2026-03-12T11:00:00Z"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the rollback rehearsal run `rollback rehearsal` (2026-03-12T11:30:00Z) comes after the review of the rollback rehearsal (2026-03-12T11:00:00Z)") with input as doc
}

# a rehearsal that records no end cannot be placed before production
test_a_rehearsal_that_records_no_end_cannot_be_placed_before if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback/tests/runs/0/finished_at"],
	])
	not req_26.satisfied with input as doc
}

# a strategy of "none" is no strategy
test_a_strategy_of_none_is_no_strategy if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/strategy", "none"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "no rollback strategy is defined") with input as doc
}

# a run rehearsed in dev while the section says staging
test_a_run_rehearsed_in_dev_while_the_section_says_staging if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/tests/runs/0/environment", "dev"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the rollback was rehearsed in dev; it must be rehearsed in staging") with input as doc
}

# a review of the rehearsal by a developer proves nothing
test_a_review_of_the_rehearsal_by_a_developer_proves_nothing if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/review/role", "Developer"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the review of the rollback rehearsal by s.ito is by role 'Developer'; the reviewer must be 'Operations Lead'") with input as doc
}

# a review dated in the year after the evaluation
test_a_review_dated_in_the_year_after_the_evaluation if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/review/at", "2027-03-12T12:00:00Z"],
	])
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "/rollback/review/at is dated 2027-03-12T12:00:00Z, after the evaluation time 2026-03-14T22:00:00Z") with input as doc
}
