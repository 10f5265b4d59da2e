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

# Each item's verification time, -1 where it is missing or unusable. A checklist may hold
# thousands of items: the orders below are settled on these numbers, and only an item out of
# order pays for the findings that name it.
verified_ns := [object.get(input.timeline.times, verified_at(i), -1) | some i, _ in items]

described := [i | some i, item in items; item.description]

# The confirmations that came after every verification (each item described, each time usable).
confirmed_after_items contains j if {
	count(items) == 0
	some j in valid
}

confirmed_after_items contains j if {
	count(items) > 0
	count(described) == count(items)
	min(verified_ns) >= 0
	latest := max(verified_ns)
	some j in valid
	lib.time_at(lib.signoff_at(j)) >= latest
}

# The items verified at a usable time before production.
in_time contains i if {
	production_ns := lib.time_at(lib.production.at)
	some i, t in verified_ns
	t >= 0
	t <= production_ns
}

# Each verification at a usable time before production.
item_orders contains f if {
	some i, item in items
	item.done == true
	not i in in_time
	some f in lib.before_production(verified_at(i), item_event(i).what)
}

deny contains {"msg": "the go-live checklist has no readiness criteria", "evidence": "/go_live_checklist/items"} if {
	count(items) == 0
}

deny contains {"msg": sprintf("go-live criterion \"%s\" is not met", [item.description]), "evidence": at(i)} if {
	some i, item in items
	item.done != true
}

# Who verified each item; an identifier that names nobody (absent, empty, a placeholder) is
# checked once, however many items carry it.
verifier(item) := object.get(item, ["verified_by", "id"], null)

verifiers := {object.get(item, ["verified_by", "id"], null) | some item in items}

nobody := {v | some v in verifiers; not lib.filled(v)}

unverified contains i if {
	count(nobody) > 0
	some i, item in items
	item.done == true
	verifier(item) in nobody
}

deny contains f if {
	some i in unverified
	f := {"msg": sprintf("go-live criterion \"%s\" is marked done but nobody is recorded as having verified it", [items[i].description]), "evidence": at(i)}
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
	}
	count(unverified) == 0
	count(item_orders) == 0
	lib.signed_off(scope, groups, "PM-27")
	count(confirmed_after_items) > 0
}

# What the verdict rests on: each go-live criterion with who verified it when, and the go-live
# approval.
basis contains b if {
	some i, _ in items
	i < lib.basis_limit
	b := lib.basis_item(at(i), items[i], "go-live criterion", ["id", "description", "done", "verified_by.id", "verified_at"])
}

basis contains b if some b in lib.signoff_basis(scope, groups, "PM-27")
