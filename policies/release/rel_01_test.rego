# Unit tests of the REL-01 policy: scenarios of testdata/cases/REL-01.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rel_01_test

import rego.v1

import data.relpolicy.release.rel_01
import data.relpolicy.test.fixture

# a minor release approved by the service owner before deployment
test_a_minor_release_approved_by_the_service_owner_before if {
	doc := fixture.release
	rel_01.satisfied with input as doc
	count(rel_01.deny) == 0 with input as doc
}

# a minor release approved by the Release Manager lacks the service owner
test_a_minor_release_approved_by_the_release_manager_lacks_the if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/1/role", "Release Manager"],
	])
	not rel_01.satisfied with input as doc
	fixture.says(rel_01.deny, "a minor release needs release approval by 'Service Owner'; none that counts is recorded") with input as doc
}

# a major release needs the CAB as well
test_a_major_release_needs_the_cab_as_well if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
	])
	not rel_01.satisfied with input as doc
	fixture.says(rel_01.deny, "a major release needs release approval by 'CAB' or 'Change Advisory Board'; none that counts is recorded") with input as doc
}

# a major release approved by the service owner and the CAB
test_a_major_release_approved_by_the_service_owner_and_the_cab if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/approvals/-", {"scope": "release", "decision": "approved", "approver": {"id": "cab-chair"}, "role": "Change Advisory Board", "timestamp": "2026-03-12T18:00:00Z"}],
	])
	rel_01.satisfied with input as doc
	count(rel_01.deny) == 0 with input as doc
}

# a patch release needs the Release Manager
test_a_patch_release_needs_the_release_manager if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "patch"],
	])
	not rel_01.satisfied with input as doc
	fixture.says(rel_01.deny, "a patch release needs release approval by 'Release Manager'") with input as doc
}

# an emergency release needs the emergency CAB
test_an_emergency_release_needs_the_emergency_cab if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
	])
	rel_01.satisfied with input as doc
	count(rel_01.deny) == 0 with input as doc
}

# a release approval given after deployment started does not count
test_a_release_approval_given_after_deployment_started_does_not if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/1/timestamp", "2026-03-14T21:00:00Z"],
	])
	not rel_01.satisfied with input as doc
	fixture.says(rel_01.deny, "release approval by m.okafor (2026-03-14T21:00:00Z) comes after the production deployment start (2026-03-14T20:02:00Z)") with input as doc
}

# a later rejection by the service owner revokes the approval
test_a_later_rejection_by_the_service_owner_revokes_the_approval if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/-", {"scope": "release", "decision": "rejected", "approver": {"id": "m.okafor"}, "role": "Service Owner", "timestamp": "2026-03-13T08:00:00Z"}],
	])
	not rel_01.satisfied with input as doc
	fixture.says(rel_01.deny, "release approval was rejected by m.okafor") with input as doc
}

# without a release type the required level is unknown
test_without_a_release_type_the_required_level_is_unknown if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/type"],
	])
	not rel_01.satisfied with input as doc
}

# Hand-written: what the scenarios above do not reach.

test_a_release_type_without_a_configured_approval_level_cannot_pass if {
	not rel_01.satisfied with input as fixture.release with data.relpolicy.params.release_approval as {"major": ["cab"]}
	fixture.says(rel_01.deny, "no approval level is configured for minor releases") with input as fixture.release with data.relpolicy.params.release_approval as {"major": ["cab"]}
}
