# METADATA
# title: Emergency release under control
# description: >-
#   An emergency release names the incident or the vulnerability that justifies it
#   (release.emergency): without one it is an ordinary release that avoided the release
#   discipline. It still has a release package (artifacts), a passing smoke test, release notes,
#   and the approval of the emergency change advisory board (scope release, params.roles
#   .emergency_cab). Every production deployment of it (each iteration) was approved by the
#   change manager (scope emergency-iteration, naming the deployment's id) before it started,
#   and its post-implementation review is scheduled or held.
# custom:
#   requirement: RM-12
#   severity: critical
#   remediation: >-
#     Name the incident or vulnerability in the release record, keep the package, a passing
#     smoke test and the release notes, get the emergency CAB's approval, have the change
#     manager approve each redeploy before it starts (approval scope emergency-iteration with
#     the deployment's id), and schedule the post-implementation review.
#   evidence: [/release, /artifacts, /system_test_report, /release_notes, /approvals, /post_implementation_review]
package relpolicy.release.rm_12

import rego.v1

import data.relpolicy.lib.release as lib

reason := input.release.emergency

justified if lib.filled(object.get(reason, "incident", null))

justified if lib.filled(object.get(reason, "vulnerability", null))

ecab := lib.params.release_approval.emergency

iteration_scope := "emergency-iteration"

iteration_groups := lib.params.approvals[iteration_scope]

smoke := object.get(input.system_test_report.summary, ["by_category", "smoke"], {"passed": 0, "failed": 0, "error": 0})

deny contains {"msg": "the emergency release names neither the incident nor the vulnerability that justifies it: an emergency without one is an ordinary release avoiding the release discipline", "evidence": "/release/type"} if {
	not justified
}

deny contains {"msg": "the emergency release has no release package (no artifacts)", "evidence": "/artifacts"} if {
	count(input.artifacts) == 0
}

deny contains {"msg": "the emergency release has no passing smoke test, its minimum verification", "evidence": "/system_test_report/summary/by_category"} if {
	smoke.passed == 0
}

deny contains f if {
	smoke.failed + smoke.error > 0
	f := {"msg": sprintf("%d smoke test cases of the emergency release failed", [smoke.failed + smoke.error]), "evidence": "/system_test_report/summary/failing"}
}

deny contains f if some f in lib.signoff_findings("release", ecab, "emergency CAB approval", "RM-12")

# Each iteration (production deployment) approved by the change manager before it started.
iteration_approved(d) if {
	some i, a in input.approvals
	a.scope == iteration_scope
	a.decision == "approved"
	object.get(a, "deployment", null) == input.deployments[d].id
	count(lib.signoff_flaws_before(i, iteration_groups, "RM-12", started(d))) == 0
}

started(d) := lib.event(sprintf("/deployments/%d/started_at", [d]), sprintf("the start of deployment %s", [name(d)]))

name(d) := object.get(input.deployments[d], "id", sprintf("#%d", [d]))

unapproved contains d if {
	some d in lib.production_deployments
	not iteration_approved(d)
}

deny contains f if {
	some d in unapproved
	f := {"msg": sprintf("deployment %s of the emergency release has no approval of its own by the change manager before it started (scope %s, deployment %s)", [name(d), iteration_scope, name(d)]), "evidence": sprintf("/deployments/%d", [d])}
}

# Why an approval for an iteration does not count.
deny contains f if {
	some d in unapproved
	some i, a in input.approvals
	a.scope == iteration_scope
	a.decision == "approved"
	object.get(a, "deployment", null) == input.deployments[d].id
	some flaw in lib.signoff_flaws_before(i, iteration_groups, "RM-12", started(d))
	f := {"msg": sprintf("the change manager's approval of deployment %s by %s %s", [name(d), lib.who(a.approver), flaw]), "evidence": lib.approval_at(i)}
}

pir := input.post_implementation_review

deny contains {"msg": "the emergency release's post-implementation review is neither scheduled nor held", "evidence": "/post_implementation_review"} if {
	not pir.scheduled_for
	not pir.held_at
}

deny contains {"msg": "the emergency release's post-implementation review was cancelled", "evidence": "/post_implementation_review/status"} if {
	pir.status == "cancelled"
}

satisfied if {
	justified
	count(input.artifacts) > 0
	smoke.passed > 0
	lib.signed_off("release", ecab, "RM-12")
	count(unapproved) == 0
	pir.status != "cancelled"
	scheduled
	# No finding above stands in the way.
	count(deny) == 0
}

scheduled if pir.scheduled_for

scheduled if pir.held_at

# What the verdict rests on: the emergency's reason, its CAB approval, and the review.
basis contains lib.basis_item("/release/emergency", input.release.emergency, "emergency", ["incident", "vulnerability"])

basis contains b if some b in lib.signoff_basis("release", ecab, "RM-12")

basis contains lib.basis_item("/post_implementation_review", input.post_implementation_review, "post-implementation review", ["status", "scheduled_for", "held_at"])
