# Unit tests of the PM-25 policy: scenarios of testdata/cases/PM-25.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.pm_25_test

import rego.v1

import data.relpolicy.release.pm_25
import data.relpolicy.test.fixture

# updated after the latest cost report and reviewed after the update
test_updated_after_the_latest_cost_report_and_reviewed_after_the if {
	doc := fixture.release
	pm_25.satisfied with input as doc
	count(pm_25.deny) == 0 with input as doc
}

# a forecast older than the latest cost report
test_a_forecast_older_than_the_latest_cost_report if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/updated_at", "2026-03-12T08:00:00Z"],
		["add", "/financial_forecast/review/at", "2026-03-12T11:00:00Z"],
	])
	not pm_25.satisfied with input as doc
	fixture.says(pm_25.deny, "the latest cost report (2026-03-13T06:00:00Z) comes after the update of the forecast (2026-03-12T08:00:00Z)") with input as doc
}

# a cost report without a time cannot show the forecast is current
test_a_cost_report_without_a_time_cannot_show_the_forecast_is if {
	doc := fixture.edit(fixture.release, [
		["remove", "/cost_report/generated_at"],
	])
	not pm_25.satisfied with input as doc
	fixture.says(pm_25.deny, "the latest cost report has no usable time: /cost_report/generated_at is not recorded") with input as doc
}

# a forecast without an update time
test_a_forecast_without_an_update_time if {
	doc := fixture.edit(fixture.release, [
		["remove", "/financial_forecast/updated_at"],
	])
	not pm_25.satisfied with input as doc
	fixture.says(pm_25.deny, "the update of the forecast has no usable time: /financial_forecast/updated_at is not recorded") with input as doc
}

# a review that predates the update
test_a_review_that_predates_the_update if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/review/at", "2026-03-13T07:00:00Z"],
	])
	not pm_25.satisfied with input as doc
	fixture.says(pm_25.deny, "the update of the forecast (2026-03-13T08:00:00Z) comes after the review of the forecast (2026-03-13T07:00:00Z)") with input as doc
}

# not reviewed
test_not_reviewed if {
	doc := fixture.edit(fixture.release, [
		["remove", "/financial_forecast/review"],
	])
	not pm_25.satisfied with input as doc
	fixture.says(pm_25.deny, "the review of the forecast is not recorded") with input as doc
}

# a forecast in another currency
test_a_forecast_in_another_currency if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/currency", "USD"],
	])
	not pm_25.satisfied with input as doc
	fixture.says(pm_25.deny, "the forecast is in USD; the budget baseline is in EUR") with input as doc
}

# no forecast
test_no_forecast if {
	doc := fixture.edit(fixture.release, [
		["remove", "/financial_forecast"],
	])
	not pm_25.satisfied with input as doc
}

# a forecast tied to another budget
test_a_forecast_tied_to_another_budget if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/baseline_id", "BUD-OTHER-2026"],
	])
	not pm_25.satisfied with input as doc
	fixture.says(pm_25.deny, "the forecast is tied to baseline BUD-OTHER-2026") with input as doc
	fixture.says(pm_25.deny, "but the approved baseline is BUD-PAY-2026-Q1") with input as doc
}

# a forecast reviewed by a developer
test_a_forecast_reviewed_by_a_developer if {
	doc := fixture.edit(fixture.release, [
		["add", "/financial_forecast/review/role", "Developer"],
	])
	not pm_25.satisfied with input as doc
	fixture.says(pm_25.deny, "the review of the forecast by r.haddad is by role 'Developer'") with input as doc
}
