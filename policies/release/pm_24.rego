# METADATA
# title: Costs reported against the budget baseline
# description: >-
#   The cost report has cost lines, is in the baseline's currency, names the approved baseline
#   it is compared with, and was produced after that baseline was approved (a budget bounds
#   the costs that come after it). An overrun beyond the tolerance is flagged here; escalating
#   it is PM-26.
# custom:
#   requirement: PM-24
#   severity: medium
#   remediation: >-
#     Produce the release's cost report in the baseline currency, naming the approved baseline
#     (baseline_id equal to the baseline's id) and the time it was generated.
#   evidence: [/cost_report, /budget_baseline]
package relpolicy.release.pm_24

import rego.v1

import data.relpolicy.lib.release as lib

report := input.cost_report

baseline := input.budget_baseline

# The baseline approved before the report that measures costs against it.
orders := lib.order_findings([
	lib.event("/budget_baseline/approved_at", "the approval of the budget baseline"),
	lib.event("/cost_report/generated_at", "the cost report"),
])

deny contains f if {
	report.currency != baseline.currency
	f := {
		"msg": sprintf("the cost report is in %s; the budget baseline is in %s", [report.currency, baseline.currency]),
		"evidence": ["/cost_report/currency", "/budget_baseline/currency"],
	}
}

deny contains {"msg": "the cost report has no cost lines", "evidence": "/cost_report/lines"} if {
	count(report.lines) == 0
}

deny contains {"msg": "the cost report does not name the budget baseline it is compared with (baseline_id)", "evidence": "/cost_report"} if {
	not lib.filled(object.get(report, "baseline_id", null))
}

deny contains f if {
	lib.filled(report.baseline_id)
	report.baseline_id != object.get(baseline, "id", "")
	f := {
		"msg": sprintf("the cost report is compared with baseline %s, but the approved baseline is %v", [report.baseline_id, object.get(baseline, "id", "unnamed")]),
		"evidence": ["/cost_report/baseline_id", "/budget_baseline"],
	}
}

deny contains f if some f in orders

warn contains f if {
	report.currency == baseline.currency
	deviation := lib.deviation_percent(report.summary.total)
	deviation > lib.tolerance_percent
	f := {
		"msg": sprintf("actual cost %s is %s against the baseline %s (tolerance %v%%)", [lib.money(report.summary.total, report.currency), lib.signed_percent(deviation), lib.money(baseline.total, baseline.currency), lib.tolerance_percent]),
		"evidence": "/cost_report/summary",
		"param": "cost.tolerance_percent",
	}
}

satisfied if {
	report.currency == baseline.currency
	count(report.lines) > 0
	lib.filled(report.baseline_id)
	report.baseline_id == baseline.id
	count(orders) == 0
}

# What the verdict rests on: the cost report against the baseline it names.
basis contains lib.basis_item("/cost_report", input.cost_report, "cost report", ["id", "baseline_id", "currency", "generated_at", "summary.total"])

basis contains lib.basis_item("/budget_baseline", input.budget_baseline, "budget baseline", ["id", "total", "currency"])
