# METADATA
# title: Go-live readiness verified and confirmed
# description: >-
#   Every go-live checklist criterion is done and verified by a named person, and readiness was
#   confirmed by an approval with scope go-live from an authorised role before the production
#   deployment.
# custom:
#   requirement: PM-27
#   severity: high
#   remediation: >-
#     Complete and verify every go-live checklist item (who verified it), then record the go/no-go
#     confirmation as an approval with scope go-live before deploying.
#   evidence: [/go_live_checklist, /approvals]
package relpolicy.release.pm_27

import rego.v1

import data.relpolicy.lib.release as lib

items := input.go_live_checklist.items

scope := "go-live"

groups := lib.params.approvals[scope]

at(i) := sprintf("/go_live_checklist/items/%d", [i])

deny contains {"msg": "the go-live checklist has no readiness criteria", "evidence": "/go_live_checklist/items"} if {
	count(items) == 0
}

deny contains {"msg": sprintf("go-live criterion \"%s\" is not met", [item.description]), "evidence": at(i)} if {
	some i, item in items
	item.done != true
}

deny contains f if {
	some i, item in items
	item.done == true
	not lib.filled(item.verified_by.id)
	f := {"msg": sprintf("go-live criterion \"%s\" is marked done but nobody is recorded as having verified it", [item.description]), "evidence": at(i)}
}

deny contains f if some f in lib.signoff_findings(scope, groups, "go-live confirmation", "PM-27")

satisfied if {
	count(items) > 0
	every item in items {
		item.done == true
		lib.filled(item.verified_by.id)
	}
	lib.signed_off(scope, groups, "PM-27")
}
