# Unit tests of the PM-23 policy: scenarios of testdata/cases/PM-23.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.pm_23_test

import rego.v1

import data.relpolicy.release.pm_23
import data.relpolicy.test.fixture

# accepted by the service owner with every criterion met, before the deployment
test_accepted_by_the_service_owner_with_every_criterion_met if {
	doc := fixture.release
	pm_23.satisfied with input as doc
	count(pm_23.deny) == 0 with input as doc
}

# a conditional acceptance is not formal acceptance
test_a_conditional_acceptance_is_not_formal_acceptance if {
	doc := fixture.edit(fixture.release, [
		["add", "/milestone_acceptance/decision", "conditional"],
		["add", "/milestone_acceptance/conditions", ["fix BUG-4411 within two weeks"]],
	])
	not pm_23.satisfied with input as doc
	fixture.says(pm_23.deny, "the milestone was accepted only conditionally (fix BUG-4411 within two weeks)") with input as doc
}

# a rejected milestone
test_a_rejected_milestone if {
	doc := fixture.edit(fixture.release, [
		["add", "/milestone_acceptance/decision", "rejected"],
	])
	not pm_23.satisfied with input as doc
	fixture.says(pm_23.deny, "the milestone acceptance was rejected") with input as doc
}

# an unmet criterion
test_an_unmet_criterion if {
	doc := fixture.edit(fixture.release, [
		["add", "/milestone_acceptance/criteria/1/met", false],
	])
	not pm_23.satisfied with input as doc
	fixture.says(pm_23.deny, "acceptance criterion \"Known issues accepted for production\" is not met") with input as doc
}

# no criteria
test_no_criteria if {
	doc := fixture.edit(fixture.release, [
		["add", "/milestone_acceptance/criteria", []],
	])
	not pm_23.satisfied with input as doc
	fixture.says(pm_23.deny, "the acceptance record lists no acceptance criteria") with input as doc
}

# accepted by someone without the authority
test_accepted_by_someone_without_the_authority if {
	doc := fixture.edit(fixture.release, [
		["add", "/milestone_acceptance/role", "Developer"],
	])
	not pm_23.satisfied with input as doc
	fixture.says(pm_23.deny, "milestone acceptance by m.okafor has role 'Developer'; PM-23 requires role 'Service Owner'") with input as doc
}

# accepted after go-live
test_accepted_after_go_live if {
	doc := fixture.edit(fixture.release, [
		["add", "/milestone_acceptance/timestamp", "2026-03-14T21:00:00Z"],
	])
	not pm_23.satisfied with input as doc
	fixture.says(pm_23.deny, "milestone acceptance by m.okafor (2026-03-14T21:00:00Z) comes after the production deployment start (2026-03-14T20:02:00Z)") with input as doc
}

# an undated acceptance
test_an_undated_acceptance if {
	doc := fixture.edit(fixture.release, [
		["remove", "/milestone_acceptance/timestamp"],
	])
	not pm_23.satisfied with input as doc
	fixture.says(pm_23.deny, "milestone acceptance by m.okafor has no usable time: /milestone_acceptance/timestamp is not recorded") with input as doc
}

# nobody accepted
test_nobody_accepted if {
	doc := fixture.edit(fixture.release, [
		["remove", "/milestone_acceptance/accepted_by"],
	])
	not pm_23.satisfied with input as doc
	fixture.says(pm_23.deny, "the acceptance record names nobody who accepted the milestone") with input as doc
}

# no acceptance record
test_no_acceptance_record if {
	doc := fixture.edit(fixture.release, [
		["remove", "/milestone_acceptance"],
	])
	not pm_23.satisfied with input as doc
}
