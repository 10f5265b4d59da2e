# Unit tests of the PM-12 policy: scenarios of testdata/cases/PM-12.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.pm_12_test

import rego.v1

import data.relpolicy.release.pm_12
import data.relpolicy.test.fixture

# a positive baseline, approved and timed, whose periods add up
test_a_positive_baseline_approved_and_timed_whose_periods_add_up if {
	doc := fixture.release
	pm_12.satisfied with input as doc
	count(pm_12.deny) == 0 with input as doc
}

# a zero baseline is not a budget
test_a_zero_baseline_is_not_a_budget if {
	doc := fixture.edit(fixture.release, [
		["add", "/budget_baseline/total", 0],
		["add", "/budget_baseline/periods", []],
	])
	not pm_12.satisfied with input as doc
	fixture.says(pm_12.deny, "the budget baseline total is 0; an approved budget is positive") with input as doc
}

# no approver recorded
test_no_approver_recorded if {
	doc := fixture.edit(fixture.release, [
		["remove", "/budget_baseline/approved_by"],
	])
	not pm_12.satisfied with input as doc
	fixture.says(pm_12.deny, "the budget baseline records no approver") with input as doc
}

# no time of approval
test_no_time_of_approval if {
	doc := fixture.edit(fixture.release, [
		["remove", "/budget_baseline/approved_at"],
	])
	not pm_12.satisfied with input as doc
	fixture.says(pm_12.deny, "the approval of the budget baseline has no usable time: /budget_baseline/approved_at is not recorded") with input as doc
}

# periods that do not add up to the total
test_periods_that_do_not_add_up_to_the_total if {
	doc := fixture.edit(fixture.release, [
		["add", "/budget_baseline/periods/2/amount", 15000],
	])
	not pm_12.satisfied with input as doc
	fixture.says(pm_12.deny, "the baseline periods add up to 47000.00 EUR") with input as doc
	fixture.says(pm_12.deny, "not the total 48000.00 EUR") with input as doc
}

# a baseline without periods is fine
test_a_baseline_without_periods_is_fine if {
	doc := fixture.edit(fixture.release, [
		["remove", "/budget_baseline/periods"],
	])
	pm_12.satisfied with input as doc
	count(pm_12.deny) == 0 with input as doc
}

# without an id, cost reports cannot name the baseline
test_without_an_id_cost_reports_cannot_name_the_baseline if {
	doc := fixture.edit(fixture.release, [
		["remove", "/budget_baseline/id"],
	])
	pm_12.satisfied with input as doc
	count(pm_12.warn) > 0 with input as doc
	fixture.says(pm_12.warn, "the budget baseline has no id") with input as doc
}

# no baseline at all
test_no_baseline_at_all if {
	doc := fixture.edit(fixture.release, [
		["remove", "/budget_baseline"],
	])
	not pm_12.satisfied with input as doc
}

# a baseline approved by a developer
test_a_baseline_approved_by_a_developer if {
	doc := fixture.edit(fixture.release, [
		["add", "/budget_baseline/approved_role", "Developer"],
	])
	not pm_12.satisfied with input as doc
	fixture.says(pm_12.deny, "the budget baseline was approved by role 'Developer'; it must be approved by 'Sponsor' or 'Project Sponsor'") with input as doc
}
