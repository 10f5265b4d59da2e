# Unit tests of the PM-27 policy: scenarios of testdata/cases/PM-27.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.pm_27_test

import rego.v1

import data.relpolicy.release.pm_27
import data.relpolicy.test.fixture

# every criterion done and verified, readiness confirmed by the service owner
test_every_criterion_done_and_verified_readiness_confirmed_by if {
	doc := fixture.release
	pm_27.satisfied with input as doc
	count(pm_27.deny) == 0 with input as doc
}

# a criterion not met
test_a_criterion_not_met if {
	doc := fixture.edit(fixture.release, [
		["add", "/go_live_checklist/items/3/done", false],
	])
	not pm_27.satisfied with input as doc
	fixture.says(pm_27.deny, "go-live criterion \"On-call engineers named and available for the window\" is not met") with input as doc
}

# a criterion marked done that nobody verified
test_a_criterion_marked_done_that_nobody_verified if {
	doc := fixture.edit(fixture.release, [
		["remove", "/go_live_checklist/items/4/verified_by"],
	])
	not pm_27.satisfied with input as doc
	fixture.says(pm_27.deny, "go-live criterion \"Monitoring dashboards ready for release validation\" is marked done but nobody is recorded as having verified it") with input as doc
}

# an empty checklist defines no readiness
test_an_empty_checklist_defines_no_readiness if {
	doc := fixture.edit(fixture.release, [
		["add", "/go_live_checklist/items", []],
	])
	not pm_27.satisfied with input as doc
	fixture.says(pm_27.deny, "the go-live checklist has no readiness criteria") with input as doc
}

# readiness never confirmed
test_readiness_never_confirmed if {
	doc := fixture.edit(fixture.release, [
		["remove", "/approvals/2"],
	])
	not pm_27.satisfied with input as doc
	fixture.says(pm_27.deny, "no go-live confirmation is recorded (an approval with scope 'go-live')") with input as doc
}

# the Release Manager may also confirm go-live
test_the_release_manager_may_also_confirm_go_live if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/2/role", "Release Manager"],
		["add", "/approvals/2/approver", {"id": "l.brandt", "name": "Lena Brandt"}],
	])
	pm_27.satisfied with input as doc
	count(pm_27.deny) == 0 with input as doc
}

# a confirmation by someone without the authority
test_a_confirmation_by_someone_without_the_authority if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/2/role", "Developer"],
	])
	not pm_27.satisfied with input as doc
	fixture.says(pm_27.deny, "go-live confirmation by m.okafor has role 'Developer'; PM-27 requires role 'Service Owner' or 'Release Manager'") with input as doc
}

# confirmed after the deployment started
test_confirmed_after_the_deployment_started if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/2/timestamp", "2026-03-14T20:30:00Z"],
	])
	not pm_27.satisfied with input as doc
	fixture.says(pm_27.deny, "go-live confirmation by m.okafor (2026-03-14T20:30:00Z) comes after the production deployment start (2026-03-14T20:02:00Z)") with input as doc
}

# no checklist
test_no_checklist if {
	doc := fixture.edit(fixture.release, [
		["remove", "/go_live_checklist"],
	])
	not pm_27.satisfied with input as doc
}

# a go-live confirmation in the release manager's role by someone else does not count
test_a_go_live_confirmation_in_the_release_manager_s_role_by if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/2/role", "Release Manager"],
	])
	not pm_27.satisfied with input as doc
	fixture.says(pm_27.deny, "go-live confirmation by m.okafor is not by l.brandt, whom the release names as its release manager") with input as doc
}

# a go-live item verified after the production deployment
test_a_go_live_item_verified_after_the_production_deployment if {
	doc := fixture.edit(fixture.release, [
		["add", "/go_live_checklist/items/3/verified_at", "2026-03-14T21:00:00Z"],
	])
	not pm_27.satisfied with input as doc
	fixture.says(pm_27.deny, "the verification of go-live criterion \"On-call engineers named and available for the window\" (2026-03-14T21:00:00Z) comes after the production deployment start (2026-03-14T20:02:00Z)") with input as doc
}

# a go-live item with no verification time
test_a_go_live_item_with_no_verification_time if {
	doc := fixture.edit(fixture.release, [
		["remove", "/go_live_checklist/items/0/verified_at"],
	])
	not pm_27.satisfied with input as doc
	fixture.says(pm_27.deny, "has no usable time: /go_live_checklist/items/0/verified_at is not recorded") with input as doc
}

# confirmed before the last item was verified
test_confirmed_before_the_last_item_was_verified if {
	doc := fixture.edit(fixture.release, [
		["add", "/go_live_checklist/items/5/verified_at", "2026-03-14T19:00:00Z"],
	])
	not pm_27.satisfied with input as doc
	fixture.says(pm_27.deny, "(2026-03-14T19:00:00Z) comes after the go-live confirmation (2026-03-14T18:30:00Z)") with input as doc
}
