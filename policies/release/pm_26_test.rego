# Unit tests of the PM-26 policy: scenarios of testdata/cases/PM-26.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.pm_26_test

import rego.v1

import data.relpolicy.release.pm_26
import data.relpolicy.test.fixture

# forecast and actuals within tolerance need no escalation
test_forecast_and_actuals_within_tolerance_need_no_escalation if {
	doc := fixture.release
	pm_26.satisfied with input as doc
	count(pm_26.deny) == 0 with input as doc
}

# a forecast overrun nobody escalated
test_a_forecast_overrun_nobody_escalated if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/estimate_at_completion", 55200],
	])
	not pm_26.satisfied with input as doc
	fixture.says(pm_26.deny, "forecast cost 55200.00 EUR deviates +15.0% from the baseline 48000.00 EUR (tolerance 10%) and no escalation to the Sponsor is recorded") with input as doc
}

# a forecast underrun beyond tolerance is a deviation too
test_a_forecast_underrun_beyond_tolerance_is_a_deviation_too if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/estimate_at_completion", 40000],
	])
	not pm_26.satisfied with input as doc
	fixture.says(pm_26.deny, "deviates -16.7% from the baseline") with input as doc
}

# actual cost to date below the full baseline is not a deviation (the period is not over)
test_actual_cost_to_date_below_the_full_baseline_is_not_a if {
	doc := fixture.edit(fixture.release, [
		["add", "/cost_report/lines", [{"period": "2026-01", "service": "compute", "cost": 100}]],
	])
	pm_26.satisfied with input as doc
	count(pm_26.deny) == 0 with input as doc
}

# an overrun escalated to the Sponsor
test_an_overrun_escalated_to_the_sponsor if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/estimate_at_completion", 55200],
		["add", "/escalations/-", {"kind": "financial-deviation", "to_role": "Sponsor", "to": {"id": "r.haddad"}, "raised_at": "2026-03-13T12:00:00Z", "deviation_percent": 15}],
	])
	pm_26.satisfied with input as doc
	count(pm_26.deny) == 0 with input as doc
}

# the baseline's own tolerance overrides the parameter
test_the_baseline_s_own_tolerance_overrides_the_parameter if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/estimate_at_completion", 55200],
		["add", "/budget_baseline/tolerance_percent", 20],
	])
	pm_26.satisfied with input as doc
	count(pm_26.deny) == 0 with input as doc
}

# an overrun escalated to someone other than the Sponsor
test_an_overrun_escalated_to_someone_other_than_the_sponsor if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/estimate_at_completion", 55200],
		["add", "/escalations/-", {"kind": "financial-deviation", "to_role": "Team Lead", "raised_at": "2026-03-13T12:00:00Z"}],
	])
	not pm_26.satisfied with input as doc
	fixture.says(pm_26.deny, "the financial deviation was escalated to 'Team Lead' at 2026-03-13T12:00:00Z; PM-26 requires escalation to 'Sponsor' or 'Project Sponsor' with a usable date") with input as doc
}

# an undated escalation does not count
test_an_undated_escalation_does_not_count if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/estimate_at_completion", 55200],
		["add", "/escalations/-", {"kind": "financial-deviation", "to_role": "Sponsor"}],
	])
	not pm_26.satisfied with input as doc
	fixture.says(pm_26.deny, "escalated to 'Sponsor' (/escalations/0/raised_at is not recorded)") with input as doc
}

# a zero baseline makes deviations unmeasurable
test_a_zero_baseline_makes_deviations_unmeasurable if {
	doc := fixture.edit(fixture.release, [
		["add", "/budget_baseline/total", 0],
		["add", "/budget_baseline/periods", []],
	])
	not pm_26.satisfied with input as doc
	fixture.says(pm_26.deny, "the baseline total is not positive") with input as doc
}

# no cost report to compare
test_no_cost_report_to_compare if {
	doc := fixture.edit(fixture.release, [
		["remove", "/cost_report"],
	])
	not pm_26.satisfied with input as doc
}

# actual costs beyond the baseline nobody escalated
test_actual_costs_beyond_the_baseline_nobody_escalated if {
	doc := fixture.edit(fixture.release, [
		["add", "/cost_report/lines/0/cost", 30000],
	])
	not pm_26.satisfied with input as doc
	fixture.says(pm_26.deny, "actual cost") with input as doc
}
