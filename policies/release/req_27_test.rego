# Unit tests of the REQ-27 policy: scenarios of testdata/cases/REQ-27.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.req_27_test

import rego.v1

import data.relpolicy.release.req_27
import data.relpolicy.test.fixture

# approved by the Release Manager before the production deployment started
test_approved_by_the_release_manager_before_the_production if {
	doc := fixture.release
	req_27.satisfied with input as doc
	count(req_27.deny) == 0 with input as doc
}

# role names match regardless of case and spacing
test_role_names_match_regardless_of_case_and_spacing if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/3/role", "  release manager "],
	])
	req_27.satisfied with input as doc
	count(req_27.deny) == 0 with input as doc
}

# an approval by a developer does not count
test_an_approval_by_a_developer_does_not_count if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/3/role", "Developer"],
		["add", "/approvals/3/approver", {"id": "j.doe"}],
	])
	not req_27.satisfied with input as doc
	fixture.says(req_27.deny, "production approval by j.doe has role 'Developer'; REQ-27 requires role 'Release Manager'") with input as doc
}

# an approval without a role does not count
test_an_approval_without_a_role_does_not_count if {
	doc := fixture.edit(fixture.release, [
		["remove", "/approvals/3/role"],
	])
	not req_27.satisfied with input as doc
	fixture.says(req_27.deny, "production approval by l.brandt has no role; REQ-27 requires role 'Release Manager'") with input as doc
}

# an undated approval does not count
test_an_undated_approval_does_not_count if {
	doc := fixture.edit(fixture.release, [
		["remove", "/approvals/3/timestamp"],
	])
	not req_27.satisfied with input as doc
	fixture.says(req_27.deny, "production approval by l.brandt has no usable time: /approvals/3/timestamp is not recorded") with input as doc
}

# an approval given after the deployment started does not count
test_an_approval_given_after_the_deployment_started_does_not if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/3/timestamp", "2026-03-14T20:10:00Z"],
	])
	not req_27.satisfied with input as doc
	fixture.says(req_27.deny, "production approval by l.brandt (2026-03-14T20:10:00Z) comes after the production deployment start (2026-03-14T20:02:00Z)") with input as doc
}

# time zones are compared as instants (21:01+01:00 is 20:01Z, before 20:02Z)
test_time_zones_are_compared_as_instants_21_01_01_00_is_20_01z if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/3/timestamp", "2026-03-14T21:01:00+01:00"],
	])
	req_27.satisfied with input as doc
	count(req_27.deny) == 0 with input as doc
}

# a pending approval is not an approval
test_a_pending_approval_is_not_an_approval if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/3/decision", "pending"],
	])
	not req_27.satisfied with input as doc
	fixture.says(req_27.deny, "production approval by l.brandt is still pending") with input as doc
}

# a later rejection revokes the approval
test_a_later_rejection_revokes_the_approval if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/-", {"scope": "production-deployment", "decision": "rejected", "approver": {"id": "l.brandt"}, "role": "Release Manager", "timestamp": "2026-03-14T19:30:00Z"}],
	])
	not req_27.satisfied with input as doc
	fixture.says(req_27.deny, "production approval was rejected by l.brandt") with input as doc
}

# a rejection followed by a fresh approval is overridden
test_a_rejection_followed_by_a_fresh_approval_is_overridden if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/-", {"scope": "production-deployment", "decision": "rejected", "approver": {"id": "l.brandt"}, "role": "Release Manager", "timestamp": "2026-03-14T18:00:00Z"}],
	])
	req_27.satisfied with input as doc
	count(req_27.deny) == 0 with input as doc
}

# an undated rejection is never overridden
test_an_undated_rejection_is_never_overridden if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/-", {"scope": "production-deployment", "decision": "withdrawn", "approver": {"id": "l.brandt"}, "role": "Release Manager"}],
	])
	not req_27.satisfied with input as doc
	fixture.says(req_27.deny, "production approval was withdrawn by l.brandt") with input as doc
}

# no production approval at all
test_no_production_approval_at_all if {
	doc := fixture.edit(fixture.release, [
		["remove", "/approvals/3"],
	])
	not req_27.satisfied with input as doc
	fixture.says(req_27.deny, "no production approval is recorded (an approval with scope 'production-deployment')") with input as doc
}

# before deployment, the approval must precede the deployment window
test_before_deployment_the_approval_must_precede_the_deployment if {
	doc := fixture.edit(fixture.pre_deploy, [
		["add", "/approvals/3/timestamp", "2026-03-14T20:30:00Z"],
	])
	not req_27.satisfied with input as doc with data.relpolicy.run.phase as "pre-deploy"
	fixture.says(req_27.deny, "(2026-03-14T20:30:00Z) comes after the opening of the deployment window (2026-03-14T20:00:00Z)") with input as doc with data.relpolicy.run.phase as "pre-deploy"
}

# with neither a deployment nor a window, the approval's timing cannot be shown
test_with_neither_a_deployment_nor_a_window_the_approval_s if {
	doc := fixture.edit(fixture.pre_deploy, [
		["remove", "/release/target_window"],
	])
	not req_27.satisfied with input as doc with data.relpolicy.run.phase as "pre-deploy"
	fixture.says(req_27.deny, "cannot be placed against the opening of the deployment window: /release/target_window/start is not recorded") with input as doc with data.relpolicy.run.phase as "pre-deploy"
}

# no approvals section
test_no_approvals_section if {
	doc := fixture.edit(fixture.release, [
		["remove", "/approvals"],
	])
	not req_27.satisfied with input as doc
}

# a Release Manager approval by someone other than the release manager the release names
test_a_release_manager_approval_by_someone_other_than_the if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/3/approver", {"id": "j.doe"}],
	])
	not req_27.satisfied with input as doc
	fixture.says(req_27.deny, "production approval by j.doe is not by l.brandt, whom the release names as its release manager") with input as doc
}

# an approval dated in the year after the evaluation
test_an_approval_dated_in_the_year_after_the_evaluation if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/3/timestamp", "2027-03-14T19:00:00Z"],
	])
	not req_27.satisfied with input as doc
	fixture.says(req_27.deny, "production approval by l.brandt has no usable time: /approvals/3/timestamp is dated 2027-03-14T19:00:00Z, after the evaluation time 2026-03-14T22:00:00Z") with input as doc
}
