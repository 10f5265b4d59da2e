# Unit tests of the REL-03 policy: scenarios of testdata/cases/REL-03.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rel_03_test

import rego.v1

import data.relpolicy.release.rel_03
import data.relpolicy.test.fixture

# a pinned plan with triggers and a 30-minute limit, rehearsed in 18 minutes
test_a_pinned_plan_with_triggers_and_a_30_minute_limit_rehearsed if {
	doc := fixture.release
	rel_03.satisfied with input as doc
	count(rel_03.deny) == 0 with input as doc
}

# no plan document
test_no_plan_document if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback/plan"],
	])
	not rel_03.satisfied with input as doc
	fixture.says(rel_03.deny, "no rollback plan document is recorded") with input as doc
}

# an unpinned plan
test_an_unpinned_plan if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback/plan/version"],
		["remove", "/rollback/plan/sha256"],
	])
	not rel_03.satisfied with input as doc
	fixture.says(rel_03.deny, "the rollback plan is not pinned: record its sha256 or version") with input as doc
}

# no time limit
test_no_time_limit if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback/time_limit_minutes"],
	])
	not rel_03.satisfied with input as doc
	fixture.says(rel_03.deny, "the rollback plan sets no time limit") with input as doc
}

# no backout criteria
test_no_backout_criteria if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/triggers", []],
	])
	not rel_03.satisfied with input as doc
	fixture.says(rel_03.deny, "the rollback plan states no backout criteria (triggers)") with input as doc
}

# a rehearsal slower than the limit
test_a_rehearsal_slower_than_the_limit if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/tests/duration_minutes", 45],
	])
	not rel_03.satisfied with input as doc
	fixture.says(rel_03.deny, "the rehearsed rollback took 45 minutes, over the plan's limit of 30 minutes") with input as doc
}

# a rehearsal without a measured duration
test_a_rehearsal_without_a_measured_duration if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback/tests/duration_minutes"],
	])
	not rel_03.satisfied with input as doc
	fixture.says(rel_03.deny, "the rollback rehearsal records no duration, so the time limit is unproven") with input as doc
}

# an errored rollback test
test_an_errored_rollback_test if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/tests/runs/0/cases/0/status", "error"],
	])
	not rel_03.satisfied with input as doc
	fixture.says(rel_03.deny, "1 of 4 rollback tests failed or errored") with input as doc
}

# no rollback evidence
test_no_rollback_evidence if {
	doc := fixture.edit(fixture.release, [
		["remove", "/rollback"],
	])
	not rel_03.satisfied with input as doc
}

# rehearsal results without runs say nothing about when it happened
test_rehearsal_results_without_runs_say_nothing_about_when_it if {
	doc := fixture.edit(fixture.release, [
		["add", "/rollback/tests/runs", []],
	])
	not rel_03.satisfied with input as doc
	fixture.says(rel_03.deny, "the rollback rehearsal records no runs") with input as doc
	fixture.says(rel_03.deny, "so when it happened is unknown") with input as doc
}
