# Unit tests of the RM-10 policy: scenarios of testdata/cases/RM-10.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied.
package relpolicy.release.rm_10_test

import rego.v1

import data.relpolicy.release.rm_10
import data.relpolicy.test.fixture

# every stage completed on the last day its lead time allows
test_every_stage_completed_on_the_last_day_its_lead_time if {
	doc := fixture.edit(fixture.release, [
	])
	rm_10.satisfied with input as doc
	count(rm_10.deny) == 0 with input as doc
}

# staging acceptance one day late
test_staging_acceptance_one_day_late if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/stages/staging/completed_at", "2026-03-13T10:00:00Z"],
	])
	not rm_10.satisfied with input as doc
	fixture.says(rm_10.deny, "staging acceptance completed 2026-03-13T10:00:00Z, after 2026-03-12: a minor release needs it 2 days before the window opens") with input as doc
}

# a major release needs half as long again
test_a_major_release_needs_half_as_long_again if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/release_notes/type", "major"],
	])
	not rm_10.satisfied with input as doc
	fixture.says(rm_10.deny, "planning completed 2026-03-04T16:00:00Z, after 2026-02-27: a major release needs it 15 days before") with input as doc
	fixture.says(rm_10.deny, "the build completed 2026-03-06T15:00:00Z, after 2026-03-02: a major release needs it 12 days before") with input as doc
}

# a stage without a completion time
test_a_stage_without_a_completion_time if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/stages/build/completed_at"],
	])
	not rm_10.satisfied with input as doc
	fixture.says(rm_10.deny, "the build has no usable completion time") with input as doc
}

# testing recorded as complete before its last run ended
test_testing_recorded_as_complete_before_its_last_run_ended if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/stages/test/completed_at", "2026-03-10T08:30:00Z"],
	])
	not rm_10.satisfied with input as doc
	fixture.says(rm_10.deny, "testing is recorded as completed 2026-03-10T08:30:00Z, before the last system test run ended (2026-03-10T08:42:00Z)") with input as doc
}

# planning completed after the build
test_planning_completed_after_the_build if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/stages/planning/completed_at", "2026-03-07T10:00:00Z"],
	])
	not rm_10.satisfied with input as doc
	fixture.says(rm_10.deny, "the completion of planning (2026-03-07T10:00:00Z) comes after the completion of the build (2026-03-06T15:00:00Z)") with input as doc
}

# a stage that completed before it started
test_a_stage_that_completed_before_it_started if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/stages/staging/completed_at", "2026-03-10T12:00:00Z"],
	])
	not rm_10.satisfied with input as doc
	fixture.says(rm_10.deny, "/release/stages/staging/completed_at ends at 2026-03-10T12:00:00Z") with input as doc
	fixture.says(rm_10.deny, "before it starts at 2026-03-11T09:00:00Z (started_at)") with input as doc
}

# no stage records at all
test_no_stage_records_at_all if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/stages"],
	])
	not rm_10.satisfied with input as doc
}
