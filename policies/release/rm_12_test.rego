# Unit tests of the RM-12 policy: scenarios of testdata/cases/RM-12.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied.
package relpolicy.release.rm_12_test

import rego.v1

import data.relpolicy.release.rm_12
import data.relpolicy.test.fixture

# an emergency with an incident, its package, a smoke test, the emergency CAB and each iteration approved
test_an_emergency_with_an_incident_its_package_a_smoke_test if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/emergency", {"incident": "INC-2026-0412"}],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"}],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber", "name": "Clara Weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}],
	])
	rm_12.satisfied with input as doc
	count(rm_12.deny) == 0 with input as doc
}

# a vulnerability justifies an emergency as well
test_a_vulnerability_justifies_an_emergency_as_well if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/emergency", {"vulnerability": "CVE-2026-1234"}],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"}],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber", "name": "Clara Weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}],
	])
	rm_12.satisfied with input as doc
	count(rm_12.deny) == 0 with input as doc
}

# an emergency with no incident or vulnerability is an ordinary release avoiding the discipline
test_an_emergency_with_no_incident_or_vulnerability_is_an if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"}],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber", "name": "Clara Weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}],
	])
	not rm_12.satisfied with input as doc
	fixture.says(rm_12.deny, "the emergency release names neither the incident nor the vulnerability that justifies it") with input as doc
}

# a placeholder is no incident reference
test_a_placeholder_is_no_incident_reference if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/emergency", {"incident": "TBD"}],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"}],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber", "name": "Clara Weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}],
	])
	not rm_12.satisfied with input as doc
	fixture.says(rm_12.deny, "names neither the incident nor the vulnerability") with input as doc
}

# an emergency still needs a passing smoke test
test_an_emergency_still_needs_a_passing_smoke_test if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/emergency", {"incident": "INC-2026-0412"}],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"}],
		["add", "/system_test_report/runs/0/cases/0/status", "failed"],
		["add", "/system_test_report/runs/0/cases/1/status", "failed"],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber", "name": "Clara Weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}],
	])
	not rm_12.satisfied with input as doc
	fixture.says(rm_12.deny, "the emergency release has no passing smoke test") with input as doc
	fixture.says(rm_12.deny, "2 smoke test cases of the emergency release failed") with input as doc
}

# approved by the service owner instead of the emergency CAB
test_approved_by_the_service_owner_instead_of_the_emergency if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/release/emergency", {"incident": "INC-2026-0412"}],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"}],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber", "name": "Clara Weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}],
	])
	not rm_12.satisfied with input as doc
	fixture.says(rm_12.deny, "emergency CAB approval by m.okafor has role 'Service Owner'") with input as doc
}

# a deployment of the emergency without the change manager's approval
test_a_deployment_of_the_emergency_without_the_change_manager if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/emergency", {"incident": "INC-2026-0412"}],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"}],
	])
	not rm_12.satisfied with input as doc
	fixture.says(rm_12.deny, "deployment deploy-prod-232 of the emergency release has no approval of its own by the change manager before it started") with input as doc
}

# the change manager approved only after the deployment had started
test_the_change_manager_approved_only_after_the_deployment_had if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/emergency", {"incident": "INC-2026-0412"}],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"}],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T20:10:00Z"}],
	])
	not rm_12.satisfied with input as doc
	fixture.says(rm_12.deny, "the change manager's approval of deployment deploy-prod-232 by c.weber (2026-03-14T20:10:00Z) comes after the start of deployment deploy-prod-232") with input as doc
}

# an iteration approved by a developer
test_an_iteration_approved_by_a_developer if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/emergency", {"incident": "INC-2026-0412"}],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"}],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "j.doe"}, "role": "Developer", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}],
	])
	not rm_12.satisfied with input as doc
	fixture.says(rm_12.deny, "has role 'Developer'; RM-12 requires role 'Change Manager'") with input as doc
}

# a second iteration redeployed without its own approval
test_a_second_iteration_redeployed_without_its_own_approval if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/emergency", {"incident": "INC-2026-0412"}],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"}],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}],
		["add", "/deployments/-", {"id": "deploy-prod-233", "environment": "production", "status": "succeeded", "started_at": "2026-03-14T21:10:00Z", "finished_at": "2026-03-14T21:20:00Z", "actor": {"id": "argocd", "kind": "service"}, "pipeline_run": {"system": "github-actions", "id": "8862"}, "manual_steps": [], "log": {"path": "logs/deploy-prod-233.log", "sha256": "2222222222222222222222222222222222222222222222222222222222222222"}, "artifacts": [{"name": "payments-api", "digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033"}, {"name": "payments-db-migrations", "digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b"}]}],
	])
	not rm_12.satisfied with input as doc
	fixture.says(rm_12.deny, "deployment deploy-prod-233 of the emergency release has no approval of its own") with input as doc
}

# the review of the emergency was cancelled
test_the_review_of_the_emergency_was_cancelled if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/emergency", {"incident": "INC-2026-0412"}],
		["add", "/post_implementation_review", {"status": "cancelled", "scheduled_for": "2026-03-19T10:00:00Z"}],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber", "name": "Clara Weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}],
	])
	not rm_12.satisfied with input as doc
	fixture.says(rm_12.deny, "the emergency release's post-implementation review was cancelled") with input as doc
}

# no review planned for the emergency
test_no_review_planned_for_the_emergency if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/emergency", {"incident": "INC-2026-0412"}],
		["add", "/approvals/-", {"id": "APR-2026-0320", "scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber", "name": "Clara Weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}],
	])
	not rm_12.satisfied with input as doc
}
