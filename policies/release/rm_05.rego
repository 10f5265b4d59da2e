# METADATA
# title: Readiness review held before deployment
# description: >-
#   A release readiness review (an approval with scope readiness-review, decided "approved"
#   by the person the release names for an authorised role) took place at least
#   params.readiness_review.hours_before hours (24) before the production deployment,
#   confirming the package, runbook, rollback, on-call, monitoring and communications are ready.
# custom:
#   requirement: RM-05
#   severity: medium
#   remediation: >-
#     Hold the readiness review at least 24 hours before the deployment and record its outcome
#     (scope readiness-review) with the reviewer's identity, role and time.
#   evidence: [/approvals]
package relpolicy.release.rm_05

import rego.v1

import data.relpolicy.lib.release as lib

scope := "readiness-review"

groups := lib.params.approvals[scope]

ahead := lib.params.readiness_review.hours_before * lib.hour_ns

anchor := lib.production

reviews contains i if {
	some i, a in input.approvals
	a.scope == scope
}

# Approved, by the right person in an authorised role, before production.
approved(i) if {
	input.approvals[i].decision == "approved"
	count(lib.signoff_flaws(i, groups, "RM-05")) == 0
}

early_enough(i) if lib.time_at(lib.signoff_at(i)) <= lib.time_at(anchor.at) - ahead

valid contains i if {
	some i in reviews
	approved(i)
	early_enough(i)
}

deny contains f if {
	count(reviews) == 0
	f := {"msg": sprintf("no readiness review is recorded (an approval with scope '%s')", [scope]), "evidence": "/approvals"}
}

deny contains f if {
	count(valid) == 0
	some i in reviews
	a := input.approvals[i]
	a.decision != "approved"
	f := {"msg": sprintf("the readiness review by %s decided '%s'", [lib.who(a.approver), a.decision]), "evidence": lib.approval_at(i)}
}

deny contains f if {
	count(valid) == 0
	some i in reviews
	a := input.approvals[i]
	a.decision == "approved"
	some flaw in lib.signoff_flaws(i, groups, "RM-05")
	f := {"msg": sprintf("the readiness review by %s %s", [lib.who(a.approver), flaw]), "evidence": lib.approval_at(i), "param": lib.signoff_flaw_params(a, groups, "RM-05", scope, flaw)}
}

deny contains f if {
	count(valid) == 0
	some i in reviews
	a := input.approvals[i]
	approved(i)
	not early_enough(i)
	before := lib.time_at(anchor.at) - lib.time_at(lib.signoff_at(i))
	f := {
		"msg": sprintf("the readiness review by %s was held %s before %s; RM-05 requires at least %d hours", [lib.who(a.approver), lib.hours(before), anchor.what, lib.params.readiness_review.hours_before]),
		"evidence": lib.approval_at(i),
		"param": "readiness_review.hours_before",
	}
}

satisfied if count(valid) > 0

# What the verdict rests on: the readiness reviews that count: who, in which role, when.
basis contains b if {
	some i in valid
	i < lib.basis_limit
	b := lib.basis_item(lib.approval_at(i), input.approvals[i], "readiness review", ["id", "approver.id", "approver.name", "role", "decision", "timestamp"])
}
