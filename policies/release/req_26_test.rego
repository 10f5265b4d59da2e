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
	doc := fixture.recount(fixture.edit(fixture.release, [
		["remove", "/rollback/strategy"],
	]))
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "no rollback strategy is defined") with input as doc
}

# a failed rollback test fails both rollback requirements
test_a_failed_rollback_test_fails_both_rollback_requirements if {
	doc := fixture.recount(fixture.edit(fixture.release, [
		["add", "/rollback/tests/runs/0/cases/1/status", "failed"],
	]))
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "rollback test `rollback.rehearsal.test_schema_downgrade_is_lossless` failed") with input as doc
	fixture.says(req_26.deny, "1 of 4 rollback tests failed or errored") with input as doc
}

# rehearsed in the test environment rather than staging
test_rehearsed_in_the_test_environment_rather_than_staging if {
	doc := fixture.recount(fixture.edit(fixture.release, [
		["add", "/rollback/tests/environment", "test"],
	]))
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the rollback was rehearsed in test; it must be rehearsed in staging") with input as doc
}

# a rehearsal that does not say where it ran
test_a_rehearsal_that_does_not_say_where_it_ran if {
	doc := fixture.recount(fixture.edit(fixture.release, [
		["remove", "/rollback/tests/environment"],
	]))
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the rollback rehearsal does not say where it ran") with input as doc
}

# never rehearsed
test_never_rehearsed if {
	doc := fixture.recount(fixture.edit(fixture.release, [
		["remove", "/rollback/tests"],
	]))
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "the rollback has not been rehearsed: no rollback test results are recorded") with input as doc
}

# nobody verified the rehearsal
test_nobody_verified_the_rehearsal if {
	doc := fixture.recount(fixture.edit(fixture.release, [
		["remove", "/rollback/review"],
	]))
	not req_26.satisfied with input as doc
	fixture.says(req_26.deny, "nobody verified the rollback rehearsal") with input as doc
}

# no rollback evidence at all
test_no_rollback_evidence_at_all if {
	doc := fixture.recount(fixture.edit(fixture.release, [
		["remove", "/rollback"],
	]))
	not req_26.satisfied with input as doc
}
