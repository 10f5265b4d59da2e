# METADATA
# title: Approved budget baseline available
# description: >-
#   The release has a budget baseline with a positive total in a currency, approved at a usable
#   time by an identified person in an authorised role (params.approvals.budget-baseline),
#   whose periods (if listed) add up to the total.
# custom:
#   requirement: PM-12
#   severity: medium
#   remediation: >-
#     Attach the approved budget baseline: total, currency, the approver, their role (the
#     Sponsor) and the time of approval, and an id that cost reports can refer to.
#   evidence: [/budget_baseline]
package relpolicy.release.pm_12

import rego.v1

import data.relpolicy.lib.release as lib

baseline := input.budget_baseline

groups := lib.params.approvals["budget-baseline"]

period_sum := sum([p.amount | some p in baseline.periods])

consistent if count(object.get(baseline, "periods", [])) == 0

consistent if abs(period_sum - baseline.total) < 0.005

role_flaws := {m |
	not lib.filled(object.get(baseline, "approved_role", null))
	m := sprintf("the budget baseline records no approver role; it must be approved by %s", [lib.role_list(groups)])
} | {m |
	lib.filled(baseline.approved_role)
	not lib.role_in(baseline.approved_role, groups)
	m := sprintf("the budget baseline was approved by role '%s'; it must be approved by %s", [baseline.approved_role, lib.role_list(groups)])
}

deny contains {"msg": sprintf("the budget baseline total is %v; an approved budget is positive", [baseline.total]), "evidence": "/budget_baseline/total"} if {
	baseline.total <= 0
}

deny contains {"msg": "the budget baseline records no approver", "evidence": "/budget_baseline"} if {
	not lib.filled(object.get(baseline, ["approved_by", "id"], null))
}

deny contains {"msg": m, "evidence": "/budget_baseline"} if some m in role_flaws

deny contains f if {
	flaw := lib.time_flaw("/budget_baseline/approved_at")
	f := {"msg": sprintf("the approval of the budget baseline has no usable time: /budget_baseline/approved_at %s", [flaw]), "evidence": "/budget_baseline"}
}

deny contains f if {
	not consistent
	f := {
		"msg": sprintf("the baseline periods add up to %s, not the total %s", [lib.money(period_sum, baseline.currency), lib.money(baseline.total, baseline.currency)]),
		"evidence": "/budget_baseline/periods",
	}
}

warn contains {"msg": "the budget baseline has no id, so cost reports cannot name it", "evidence": "/budget_baseline"} if {
	not lib.filled(object.get(baseline, "id", null))
}

satisfied if {
	baseline.total > 0
	lib.filled(baseline.approved_by.id)
	count(role_flaws) == 0
	lib.time_at("/budget_baseline/approved_at")
	consistent
}

# What the verdict rests on: the baseline's total, tolerance and who approved it when.
basis contains lib.basis_item("/budget_baseline", input.budget_baseline, "budget baseline", ["id", "total", "currency", "tolerance_percent", "approved_by.id", "approved_by.name", "approved_role", "approved_at"])
