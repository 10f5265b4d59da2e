# METADATA
# title: Formal release approval recorded
# description: >-
#   For the release's type, every role group listed in params.release_approval gave an
#   approval with scope release (major: service owner and CAB; minor: service owner; patch:
#   release manager; emergency: emergency CAB), dated before deployment and not revoked.
# custom:
#   requirement: REL-01
#   severity: critical
#   remediation: >-
#     Obtain the release approval the release type requires and record each one (scope release)
#     with the approver's identity, role and time, before deploying.
#   evidence: [/approvals, /release/type]
package relpolicy.release.rel_01

import rego.v1

import data.relpolicy.lib.release as lib

type := input.release.type

scope := "release"

required := object.get(lib.params.release_approval, type, [])

missing_groups contains group if {
	some group in required
	not lib.signed_off(scope, [group], "REL-01")
}

deny contains f if {
	count(required) == 0
	f := {"msg": sprintf("no approval level is configured for %s releases (params.release_approval)", [type]), "evidence": "/release/type", "param": sprintf("release_approval.%s", [type])}
}

deny contains f if {
	some group in missing_groups
	f := {
		"msg": sprintf("a %s release needs release approval by %s; none that counts is recorded", [type, lib.role_list([group])]),
		"evidence": "/approvals",
		"param": [sprintf("release_approval.%s", [type]), sprintf("roles.%s", [group])],
	}
}

# Why approvals from the right role still do not count: the wrong person, no usable time, or
# given after production.
deny contains f if {
	some group in missing_groups
	some i, a in input.approvals
	a.scope == scope
	a.decision == "approved"
	lib.role_in(a.role, [group])
	some flaw in lib.signoff_flaws(i, [group], "REL-01")
	f := {"msg": sprintf("release approval by %s %s", [lib.who(a.approver), flaw]), "evidence": lib.approval_at(i), "param": lib.signoff_flaw_params(a, [group], "REL-01", scope, flaw)}
}

deny contains f if {
	some group in required
	some i in lib.open_revocations(scope, lib.valid_signoffs(scope, [group], "REL-01"))
	a := input.approvals[i]
	lib.role_in(a.role, [group])
	f := {"msg": sprintf("release approval was %s by %s", [a.decision, lib.who(a.approver)]), "evidence": lib.approval_at(i)}
}

satisfied if {
	count(required) > 0
	count(missing_groups) == 0
}

# What the verdict rests on: the release approvals that count for each required role.
basis contains b if {
	some group in required
	some b in lib.signoff_basis(scope, [group], "REL-01")
}

basis contains lib.basis_item("/release", input.release, "release", ["id", "type"])
