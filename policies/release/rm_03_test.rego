# Unit tests of the RM-03 policy: scenarios of testdata/cases/RM-03.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rm_03_test

import rego.v1

import data.relpolicy.release.rm_03
import data.relpolicy.test.fixture

# planned and deployed on Saturday evening, inside the weekend window
test_planned_and_deployed_on_saturday_evening_inside_the_weekend if {
	doc := fixture.release
	rm_03.satisfied with input as doc
	count(rm_03.deny) == 0 with input as doc
}

# a Wednesday afternoon window is outside every maintenance window
test_a_wednesday_afternoon_window_is_outside_every_maintenance if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/target_window", {"start": "2026-03-18T14:00:00Z", "end": "2026-03-18T16:00:00Z"}],
		["remove", "/deployments/1"],
	])
	not rm_03.satisfied with input as doc with data.relpolicy.run.phase as "pre-deploy"
	fixture.says(rm_03.deny, "the planned deployment window (2026-03-18T14:00:00Z to 2026-03-18T16:00:00Z) is not inside a maintenance window (Saturday 18:00 for 12 hours, Sunday 18:00 for 12 hours, UTC)") with input as doc with data.relpolicy.run.phase as "pre-deploy"
}

# a deployment that overran the window's end
test_a_deployment_that_overran_the_window_s_end if {
	doc := fixture.edit_at(fixture.release, [
		["add", "/deployments/1/finished_at", "2026-03-15T07:30:00Z"],
	], "2026-03-16T00:00:00Z")
	not rm_03.satisfied with input as doc
	fixture.says(rm_03.deny, "production deployment deploy-prod-232 (2026-03-14T20:02:00Z to 2026-03-15T07:30:00Z) is not inside a maintenance window") with input as doc
}

# a window that spans midnight into Sunday morning is still one window
test_a_window_that_spans_midnight_into_sunday_morning_is_still if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/target_window", {"start": "2026-03-14T23:00:00Z", "end": "2026-03-15T05:00:00Z"}],
		["remove", "/deployments/1"],
	])
	rm_03.satisfied with input as doc with data.relpolicy.run.phase as "pre-deploy"
	count(rm_03.deny) == 0 with input as doc with data.relpolicy.run.phase as "pre-deploy"
}

# month-end close blackout (Saturday 28 March)
test_month_end_close_blackout_saturday_28_march if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/target_window", {"start": "2026-03-28T20:00:00Z", "end": "2026-03-28T22:00:00Z"}],
		["remove", "/deployments/1"],
	])
	not rm_03.satisfied with input as doc with data.relpolicy.run.phase as "pre-deploy"
	fixture.says(rm_03.deny, "the planned deployment window falls on 2026-03-28") with input as doc with data.relpolicy.run.phase as "pre-deploy"
	fixture.says(rm_03.deny, "in the month-end blackout; only emergency releases may deploy then") with input as doc with data.relpolicy.run.phase as "pre-deploy"
}

# year-end freeze (Saturday 19 December)
test_year_end_freeze_saturday_19_december if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/target_window", {"start": "2026-12-19T20:00:00Z", "end": "2026-12-19T22:00:00Z"}],
		["remove", "/deployments/1"],
	])
	not rm_03.satisfied with input as doc with data.relpolicy.run.phase as "pre-deploy"
	fixture.says(rm_03.deny, "falls on 2026-12-19") with input as doc with data.relpolicy.run.phase as "pre-deploy"
	fixture.says(rm_03.deny, "in the year-end freeze") with input as doc with data.relpolicy.run.phase as "pre-deploy"
}

# an emergency release may deploy on a weekday in the month-end close
test_an_emergency_release_may_deploy_on_a_weekday_in_the_month if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/target_window", {"start": "2026-03-30T10:00:00Z", "end": "2026-03-30T11:00:00Z"}],
		["remove", "/deployments/1"],
	])
	rm_03.satisfied with input as doc with data.relpolicy.run.phase as "pre-deploy"
	count(rm_03.deny) == 0 with input as doc with data.relpolicy.run.phase as "pre-deploy"
}

# Hand-written: what the scenarios above do not reach.

# 20:02Z on Saturday is 16:02 in New York, before the 18:00 window opens there.
test_windows_are_read_in_the_organisations_zone if {
	not rm_03.satisfied with input as fixture.release with data.relpolicy.params.schedule.timezone as "America/New_York"
	fixture.says(rm_03.deny, "is not inside a maintenance window (Saturday 18:00 for 12 hours, Sunday 18:00 for 12 hours, America/New_York)") with input as fixture.release with data.relpolicy.params.schedule.timezone as "America/New_York"
}

test_a_release_with_neither_window_nor_deployment_proves_nothing if {
	doc := fixture.edit(fixture.release, [["remove", "/deployments"], ["remove", "/release/target_window"]])
	not rm_03.satisfied with input as doc
}

# a planned window that ends before it starts
test_a_planned_window_that_ends_before_it_starts if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/target_window/end", "2026-03-14T19:00:00Z"],
	])
	not rm_03.satisfied with input as doc
	fixture.says(rm_03.deny, "/release/target_window/end ends at 2026-03-14T19:00:00Z, before it starts at 2026-03-14T20:00:00Z (start)") with input as doc
}

# a production deployment that started an hour before the planned window
test_a_production_deployment_that_started_an_hour_before_the if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/1/started_at", "2026-03-14T19:02:00Z"],
	])
	not rm_03.satisfied with input as doc
	fixture.says(rm_03.deny, "the opening of the planned window (2026-03-14T20:00:00Z) comes after the start of production deployment deploy-prod-232 (2026-03-14T19:02:00Z)") with input as doc
}
