# METADATA
# title: Financial forecast updated and reviewed
# description: >-
#   The forecast of total cost was updated no earlier than the latest cost report, is in the
#   baseline's currency when a baseline exists, and was reviewed with an approving outcome after
#   its update.
# custom:
#   requirement: PM-25
#   severity: medium
#   remediation: >-
#     Update the cost forecast after the latest cost report and have it reviewed; record when it
#     was updated and who reviewed it when.
#   evidence: [/financial_forecast, /cost_report]
package relpolicy.release.pm_25

import rego.v1

import data.relpolicy.lib.release as lib

forecast := input.financial_forecast

report := input.cost_report

review := forecast.review

current if lib.ns(forecast.updated_at) >= lib.ns(report.generated_at)

reviewed if {
	lib.filled(review.by.id)
	review.outcome == "approved"
	lib.ns(review.at) >= lib.ns(forecast.updated_at)
}

same_currency if not input.budget_baseline

same_currency if forecast.currency == input.budget_baseline.currency

deny contains {"msg": "the forecast records no time of update", "evidence": "/financial_forecast"} if {
	not forecast.updated_at
}

deny contains {"msg": "the cost report records no time of generation, so the forecast cannot be shown to be current", "evidence": "/cost_report"} if {
	not report.generated_at
}

deny contains f if {
	forecast.updated_at
	report.generated_at
	not current
	f := {
		"msg": sprintf("the forecast was last updated at %s, before the latest cost report (%s)", [forecast.updated_at, report.generated_at]),
		"evidence": ["/financial_forecast/updated_at", "/cost_report/generated_at"],
	}
}

deny contains f if {
	not same_currency
	f := {
		"msg": sprintf("the forecast is in %s; the budget baseline is in %s", [forecast.currency, input.budget_baseline.currency]),
		"evidence": "/financial_forecast/currency",
	}
}

deny contains {"msg": "the forecast has not been reviewed", "evidence": "/financial_forecast"} if {
	not review
}

deny contains f if {
	review
	not reviewed
	f := {
		"msg": sprintf("the review of the forecast by %s is not an approving review dated after the update (outcome: %v, at: %v)", [lib.who(review.by), object.get(review, "outcome", "none"), object.get(review, "at", "none")]),
		"evidence": "/financial_forecast/review",
	}
}

satisfied if {
	current
	same_currency
	reviewed
}
