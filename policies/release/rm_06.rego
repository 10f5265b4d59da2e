# METADATA
# title: Included changes approved through change management
# description: >-
#   The release includes at least one change, and every included change is cited by a change
#   reference in a form the organisation uses (params.change_references) and was approved in
#   change management, with the approver and the time recorded, before the production
#   deployment. A release of more than params.max_changes changes (20) is flagged for
#   splitting.
# custom:
#   requirement: RM-06
#   severity: high
#   remediation: >-
#     Include only changes whose change record is approved, record who approved each and when,
#     and consider splitting a release of more than 20 changes.
#   evidence: [/release/changes]
package relpolicy.release.rm_06

import rego.v1

import data.relpolicy.lib.release as lib

changes := input.release.changes

change_at(i) := sprintf("/release/changes/%d", [i])

# Everything that keeps change `c` from counting as approved.
flaws(i) := ({m | m := status_flaw(changes[i])} | {m | m := approver_flaw(changes[i])}) | {m | m := lib.not_before(lib.event(sprintf("/release/changes/%d/approved_at", [i]), ""), lib.production)}

status_flaw(c) := "has no approval status in change management" if not c.approval_status

status_flaw(c) := sprintf("is '%s' in change management, not approved", [c.approval_status]) if {
	c.approval_status
	c.approval_status != "approved"
}

approver_flaw(c) := "names no approver" if not lib.filled(object.get(c, ["approved_by", "id"], null))

deny contains {"msg": "the release includes no changes", "evidence": "/release/changes"} if count(changes) == 0

deny contains f if {
	some i, c in changes
	some flaw in flaws(i)
	f := {"msg": sprintf("change %s %s", [c.id, flaw]), "evidence": change_at(i)}
}

deny contains f if {
	some i, c in changes
	lib.filled(c.id)
	some f in lib.change_reference_findings(c.id, change_at(i), "the release")
}

warn contains f if {
	count(changes) > lib.params.max_changes
	f := {
		"msg": sprintf("the release bundles %d changes; more than %d warrants splitting it into smaller releases", [count(changes), lib.params.max_changes]),
		"evidence": "/release/changes",
		"param": "max_changes",
	}
}

satisfied if {
	count(changes) > 0
	every i, c in changes {
		lib.change_reference(c.id)
		count(flaws(i)) == 0
	}
}

# What the verdict rests on: each change's approval in change management.
basis contains b if {
	some i, _ in changes
	i < lib.basis_limit
	b := lib.basis_item(change_at(i), changes[i], "change", ["id", "approval_status", "approved_by.id", "approved_at"])
}
