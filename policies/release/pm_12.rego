# METADATA
# title: Approved budget baseline available
# description: >-
#   The release has a budget baseline with a positive total in a currency, approved by an
#   identified person at a recorded time, whose periods (if listed) add up to the total.
# custom:
#   requirement: PM-12
#   severity: medium
#   remediation: >-
#     Attach the approved budget baseline: total, currency, the approver and the time of approval,
#     and an id that cost reports can refer to.
#   evidence: [/budget_baseline]
package relpolicy.release.pm_12

import rego.v1

import data.relpolicy.lib.release as lib

baseline := input.budget_baseline

period_sum := sum([p.amount | some p in baseline.periods])

consistent if count(object.get(baseline, "periods", [])) == 0

consistent if abs(period_sum - baseline.total) < 0.005

deny contains {"msg": sprintf("the budget baseline total is %v; an approved budget is positive", [baseline.total]), "evidence": "/budget_baseline/total"} if {
	baseline.total <= 0
}

deny contains {"msg": "the budget baseline records no approver", "evidence": "/budget_baseline"} if {
	not baseline.approved_by
}

deny contains {"msg": "the budget baseline records no time of approval", "evidence": "/budget_baseline"} if {
	not baseline.approved_at
}

deny contains f if {
	not consistent
	f := {
		"msg": sprintf("the baseline periods add up to %s, not the total %s", [lib.money(period_sum, baseline.currency), lib.money(baseline.total, baseline.currency)]),
		"evidence": "/budget_baseline/periods",
	}
}

warn contains {"msg": "the budget baseline has no id, so cost reports cannot name it", "evidence": "/budget_baseline"} if {
	not lib.filled(baseline.id)
}

satisfied if {
	baseline.total > 0
	lib.filled(baseline.approved_by.id)
	baseline.approved_at
	consistent
}
