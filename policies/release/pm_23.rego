# METADATA
# title: Formal milestone acceptance before go-live
# description: >-
#   The milestone acceptance record is an unconditional acceptance by the person the release
#   names for an authorised role (normally the service owner), with every listed criterion
#   met, dated before the production deployment.
# custom:
#   requirement: PM-23
#   severity: high
#   remediation: >-
#     Record the formal acceptance of the release milestone: the criteria and whether each is met,
#     the decision, who accepted it in which role, and when, before deploying to production.
#   evidence: [/milestone_acceptance]
package relpolicy.release.pm_23

import rego.v1

import data.relpolicy.lib.release as lib

record := input.milestone_acceptance

groups := lib.params.approvals["milestone-acceptance"]

criteria := object.get(record, "criteria", [])

accepter := object.get(record, ["accepted_by", "id"], "nobody")

# The accepter's role, the person the release names for it, and the time before production.
flaws := ({m | m := lib.role_flaw(record, groups, "PM-23")} | lib.named_flaws({"role": object.get(record, "role", ""), "approver": object.get(record, "accepted_by", {})})) | {m | m := lib.not_before(lib.event("/milestone_acceptance/timestamp", ""), lib.production)}

deny contains {"msg": "the acceptance record states no decision", "evidence": "/milestone_acceptance"} if {
	not record.decision
}

deny contains f if {
	record.decision == "conditional"
	f := {
		"msg": sprintf("the milestone was accepted only conditionally (%s); resolve the conditions and record an unconditional acceptance", [concat("; ", object.get(record, "conditions", []))]),
		"evidence": "/milestone_acceptance/decision",
	}
}

deny contains {"msg": "the milestone acceptance was rejected", "evidence": "/milestone_acceptance/decision"} if {
	record.decision == "rejected"
}

deny contains {"msg": "the acceptance record lists no acceptance criteria", "evidence": "/milestone_acceptance"} if {
	count(criteria) == 0
}

deny contains f if {
	some i, c in criteria
	c.met != true
	f := {"msg": sprintf("acceptance criterion \"%s\" is not met", [c.description]), "evidence": sprintf("/milestone_acceptance/criteria/%d", [i])}
}

deny contains {"msg": "the acceptance record names nobody who accepted the milestone", "evidence": "/milestone_acceptance"} if {
	not lib.filled(object.get(record, ["accepted_by", "id"], null))
}

deny contains f if {
	some flaw in flaws
	f := {"msg": sprintf("milestone acceptance by %s %s", [accepter, flaw]), "evidence": "/milestone_acceptance"}
}

satisfied if {
	record.decision == "accepted"
	count(criteria) > 0
	every c in criteria {
		c.met == true
	}
	lib.filled(record.accepted_by.id)
	count(flaws) == 0
}

# What the verdict rests on: the acceptance decision, who made it and when, and each criterion.
basis contains lib.basis_item("/milestone_acceptance", input.milestone_acceptance, "milestone acceptance", ["milestone", "decision", "accepted_by.id", "accepted_by.name", "role", "timestamp"])

basis contains b if {
	some i, _ in object.get(input.milestone_acceptance, "criteria", [])
	i < lib.basis_limit
	b := lib.basis_item(sprintf("/milestone_acceptance/criteria/%d", [i]), input.milestone_acceptance.criteria[i], "acceptance criterion", ["id", "description", "met"])
}
