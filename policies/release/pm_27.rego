# METADATA
# title: Go-live readiness verified and confirmed
# description: >-
#   Every go-live checklist criterion is done and was verified by a named person at a recorded
#   time; readiness was then confirmed by an approval with scope go-live from an authorised
#   role, after every verification and before the production deployment.
# custom:
#   requirement: PM-27
#   severity: high
#   remediation: >-
#     Complete and verify every go-live checklist item (who verified it, when), then record the
#     go/no-go confirmation as an approval with scope go-live before deploying.
#   evidence: [/go_live_checklist, /approvals]
package relpolicy.release.pm_27

import rego.v1

import data.relpolicy.lib.release as lib

items := input.go_live_checklist.items

scope := "go-live"

groups := lib.params.approvals[scope]

at(i) := sprintf("/go_live_checklist/items/%d", [i])

verified_at(i) := sprintf("/go_live_checklist/items/%d/verified_at", [i])

item_event(i) := lib.event(verified_at(i), sprintf("the verification of go-live criterion \"%s\"", [items[i].description]))

valid := lib.valid_signoffs(scope, groups, "PM-27")

# The confirmations that came after every verification.
confirmed_after_items contains j if {
	some j in valid
	every i, item in items {
		item.description
		lib.in_order([item_event(i), lib.event(lib.signoff_at(j), "the go-live confirmation")])
	}
}

# Each verification at a usable time before production.
item_orders contains f if {
	some i, item in items
	item.done == true
	some f in lib.before_production(verified_at(i), item_event(i).what)
}

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
	not lib.filled(object.get(item, ["verified_by", "id"], null))
	f := {"msg": sprintf("go-live criterion \"%s\" is marked done but nobody is recorded as having verified it", [item.description]), "evidence": at(i)}
}

deny contains f if some f in item_orders

deny contains f if some f in lib.signoff_findings(scope, groups, "go-live confirmation", "PM-27")

# Why a confirmation that counts otherwise came too early.
deny contains f if {
	count(item_orders) == 0
	count(confirmed_after_items) == 0
	some j in valid
	some i, item in items
	item.done == true
	some f0 in lib.order_findings([item_event(i), lib.event(lib.signoff_at(j), "the go-live confirmation")])
	f := {"msg": f0.msg, "evidence": array.concat(f0.evidence, [lib.approval_at(j)])}
}

satisfied if {
	count(items) > 0
	every item in items {
		item.done == true
		lib.filled(item.verified_by.id)
	}
	count(item_orders) == 0
	lib.signed_off(scope, groups, "PM-27")
	count(confirmed_after_items) > 0
}
