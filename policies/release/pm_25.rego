# METADATA
# title: Financial forecast updated and reviewed
# description: >-
#   The forecast of total cost was updated no earlier than the latest cost report, is tied to
#   the approved budget baseline (its id and currency) when one exists, and was reviewed with
#   an approving outcome by someone entitled to (params.reviews.financial_forecast) after its
#   update.
# custom:
#   requirement: PM-25
#   severity: medium
#   remediation: >-
#     Update the cost forecast after the latest cost report, against the approved baseline
#     (baseline_id), and have the Sponsor review it; record when it was updated and who reviewed
#     it when.
#   evidence: [/financial_forecast, /cost_report]
package relpolicy.release.pm_25

import rego.v1

import data.relpolicy.lib.release as lib

forecast := input.financial_forecast

baseline := input.budget_baseline

review_findings := lib.review_findings("/financial_forecast/review", "financial_forecast", "the review of the forecast")

# The cost report → the forecast's update → its review.
orders := lib.order_findings(array.concat(
	[
		lib.event("/cost_report/generated_at", "the latest cost report"),
		lib.event("/financial_forecast/updated_at", "the update of the forecast"),
	],
	[lib.event("/financial_forecast/review/at", "the review of the forecast") | forecast.review],
))

# Tied to the baseline when one exists: by its id and in its currency.
baseline_flaws := {m |
	baseline
	not lib.filled(object.get(forecast, "baseline_id", null))
	m := sprintf("the forecast does not name the budget baseline %v it forecasts against (baseline_id)", [object.get(baseline, "id", "")])
} | {m |
	baseline
	lib.filled(forecast.baseline_id)
	forecast.baseline_id != object.get(baseline, "id", "")
	m := sprintf("the forecast is tied to baseline %s, but the approved baseline is %v", [forecast.baseline_id, object.get(baseline, "id", "unnamed")])
} | {m |
	baseline
	forecast.currency != baseline.currency
	m := sprintf("the forecast is in %s; the budget baseline is in %s", [forecast.currency, baseline.currency])
}

deny contains {"msg": m, "evidence": "/financial_forecast"} if some m in baseline_flaws

deny contains f if some f in review_findings

deny contains f if some f in orders

satisfied if {
	count(baseline_flaws) == 0
	count(review_findings) == 0
	count(orders) == 0
	forecast.review
}

# What the verdict rests on: the forecast, its review, and the costs it was compared with.
basis contains lib.basis_item("/financial_forecast", input.financial_forecast, "financial forecast", ["baseline_id", "estimate_at_completion", "currency", "updated_at"])

basis contains lib.review_basis("/financial_forecast/review", input.financial_forecast.review, "forecast review")

basis contains lib.basis_item("/cost_report", input.cost_report, "cost report", ["id", "generated_at", "summary.total"])
