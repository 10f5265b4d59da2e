# Unit tests of the RM-15 policy: scenarios of testdata/cases/RM-15.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied.
package relpolicy.release.rm_15_test

import rego.v1

import data.relpolicy.release.rm_15
import data.relpolicy.test.fixture

# a canary rollout with monitoring, triggers and the team briefed
test_a_canary_rollout_with_monitoring_triggers_and_the_team if {
	doc := fixture.edit(fixture.release, [
	])
	rm_15.satisfied with input as doc
	count(rm_15.deny) == 0 with input as doc
}

# all at once needs a reason
test_all_at_once_needs_a_reason if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_plan/rollout", {"strategy": "all-at-once"}],
	])
	not rm_15.satisfied with input as doc
	fixture.says(rm_15.deny, "an all-at-once rollout needs a stated reason") with input as doc
}

# all at once with a reason
test_all_at_once_with_a_reason if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_plan/rollout", {"strategy": "all-at-once", "reason": "The schema change cannot serve two versions at once."}],
	])
	rm_15.satisfied with input as doc
	count(rm_15.deny) == 0 with input as doc
}

# no monitoring that validates the release
test_no_monitoring_that_validates_the_release if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_plan/monitoring", []],
	])
	not rm_15.satisfied with input as doc
	fixture.says(rm_15.deny, "the deployment plan names no monitoring that validates the release") with input as doc
}

# no rollback triggers
test_no_rollback_triggers if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_plan/rollback_triggers", []],
	])
	not rm_15.satisfied with input as doc
	fixture.says(rm_15.deny, "the deployment plan names no rollback triggers") with input as doc
}

# briefed on another time limit than the rollback plan allows
test_briefed_on_another_time_limit_than_the_rollback_plan if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_plan/rollback_time_limit_minutes", 60],
	])
	not rm_15.satisfied with input as doc
	fixture.says(rm_15.deny, "the team was briefed on a rollback time limit of 60 minutes") with input as doc
	fixture.says(rm_15.deny, "but the rollback plan allows 30") with input as doc
}

# briefed only after the deployment had started
test_briefed_only_after_the_deployment_had_started if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_plan/briefing/held_at", "2026-03-14T20:15:00Z"],
	])
	not rm_15.satisfied with input as doc
	fixture.says(rm_15.deny, "the briefing of the deployment team (2026-03-14T20:15:00Z) comes after the production deployment start (2026-03-14T20:02:00Z)") with input as doc
}

# a briefing nobody attended
test_a_briefing_nobody_attended if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_plan/briefing/attendees", []],
	])
	not rm_15.satisfied with input as doc
	fixture.says(rm_15.deny, "the briefing names no attendees from the deployment team") with input as doc
}

# no briefing recorded
test_no_briefing_recorded if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_plan/briefing"],
	])
	not rm_15.satisfied with input as doc
	fixture.says(rm_15.deny, "no briefing of the deployment team is recorded") with input as doc
}

# no deployment plan
test_no_deployment_plan if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_plan"],
	])
	not rm_15.satisfied with input as doc
}

# the team was not told of every trigger of the rollback plan
test_the_team_was_not_told_of_every_trigger_of_the_rollback if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_plan/rollback_triggers", ["error rate above 2% for 10 minutes"]],
	])
	not rm_15.satisfied with input as doc
	fixture.says(rm_15.deny, "the team was not briefed on the rollback trigger 'payment reconciliation mismatch' of the rollback plan") with input as doc
}

# a briefing by someone other than the release manager
test_a_briefing_by_someone_other_than_the_release_manager if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_plan/briefing/by", {"id": "j.doe"}],
	])
	not rm_15.satisfied with input as doc
	fixture.says(rm_15.deny, "the briefing was given by j.doe") with input as doc
	fixture.says(rm_15.deny, "not by the release manager the release names (l.brandt)") with input as doc
}
