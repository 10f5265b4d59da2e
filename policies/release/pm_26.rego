# METADATA
# title: Financial deviations escalated to the Sponsor
# description: >-
#   The forecast cost at completion (when a forecast exists) is compared with the baseline in
#   both directions, and actual cost to date for overruns (a report part-way through the last
#   period is naturally below the full baseline). A deviation beyond the tolerance must have a
#   financial-deviation escalation to someone in the Sponsor role.
# custom:
#   requirement: PM-26
#   severity: high
#   remediation: >-
#     Escalate the cost deviation to the Sponsor and record it (escalations: kind
#     financial-deviation, to_role Sponsor, raised_at), or bring costs back within tolerance.
#   evidence: [/budget_baseline, /cost_report]
package relpolicy.release.pm_26

import rego.v1

import data.relpolicy.lib.release as lib

baseline := input.budget_baseline

currency := baseline.currency

comparable if {
	baseline.total > 0
	input.cost_report.currency == currency
	object.get(input, ["financial_forecast", "currency"], currency) == currency
}

deviations contains d if {
	amount := input.cost_report.summary.total
	pct := lib.deviation_percent(amount)
	pct > lib.tolerance_percent
	d := {"what": "actual cost", "amount": amount, "pct": pct, "evidence": "/cost_report/summary"}
}

deviations contains d if {
	amount := input.financial_forecast.estimate_at_completion
	pct := lib.deviation_percent(amount)
	abs(pct) > lib.tolerance_percent
	d := {"what": "forecast cost", "amount": amount, "pct": pct, "evidence": "/financial_forecast/estimate_at_completion"}
}

escalations := {i |
	some i, e in input.escalations
	e.kind == "financial-deviation"
}

escalated if {
	some i in escalations
	e := input.escalations[i]
	lib.role_in(e.to_role, ["sponsor"])
	lib.time_at(raised_at(i))
}

raised_at(i) := sprintf("/escalations/%d/raised_at", [i])

deny contains {"msg": "the baseline total is not positive, so deviations cannot be measured", "evidence": "/budget_baseline/total"} if {
	baseline.total <= 0
}

deny contains {"msg": "costs are not all in the baseline currency, so deviations cannot be measured", "evidence": ["/budget_baseline/currency", "/cost_report/currency"]} if {
	baseline.total > 0
	not comparable
}

deny contains f if {
	comparable
	not escalated
	some d in deviations
	f := {
		"msg": sprintf("%s %s deviates %s from the baseline %s (tolerance %v%%) and no escalation to the Sponsor is recorded", [d.what, lib.money(d.amount, currency), lib.signed_percent(d.pct), lib.money(baseline.total, currency), lib.tolerance_percent]),
		"evidence": d.evidence,
		"param": "cost.tolerance_percent",
	}
}

deny contains f if {
	comparable
	not escalated
	count(deviations) > 0
	some i in escalations
	e := input.escalations[i]
	f := {
		"msg": sprintf("the financial deviation was escalated to '%s'%s; PM-26 requires escalation to %s with a usable date", [object.get(e, "to_role", "nobody"), raised(i), lib.role_list(["sponsor"])]),
		"evidence": sprintf("/escalations/%d", [i]),
		"param": "roles.sponsor",
	}
}

raised(i) := sprintf(" at %s", [lib.show(lib.time_at(raised_at(i)))]) if lib.time_at(raised_at(i))
else := sprintf(" (%s %s)", [raised_at(i), lib.time_flaw(raised_at(i))])

satisfied if {
	comparable
	count(deviations) == 0
}

satisfied if {
	comparable
	escalated
}

# What the verdict rests on: the baseline and tolerance, the reported costs, and any escalation.
basis contains lib.basis_item("/budget_baseline", input.budget_baseline, "budget baseline", ["id", "total", "currency", "tolerance_percent"])

basis contains lib.basis_item("/cost_report", input.cost_report, "cost report", ["id", "currency", "summary.total"])

basis contains b if {
	some i in escalations
	i < lib.basis_limit
	b := lib.basis_item(sprintf("/escalations/%d", [i]), input.escalations[i], "escalation", ["id", "to.id", "to.name", "role", "raised_at", "deviation_percent"])
}
