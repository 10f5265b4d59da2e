# Unit tests of the RM-09 policy: scenarios of testdata/cases/RM-09.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied.
package relpolicy.release.rm_09_test

import rego.v1

import data.relpolicy.release.rm_09
import data.relpolicy.test.fixture

# closed the same evening with every record in place
test_closed_the_same_evening_with_every_record_in_place if {
	doc := fixture.edit(fixture.release, [
	])
	rm_09.satisfied with input as doc
	count(rm_09.deny) == 0 with input as doc
}

# overdue and not closed
test_overdue_and_not_closed if {
	doc := fixture.edit_at(fixture.release, [
		["remove", "/closure"],
	], "2026-04-10T00:00:00Z")
	not rm_09.satisfied with input as doc
	fixture.says(array.concat([f | some f in rm_09.deny], [f | some f in rm_09.missing]), "the release is not closed; closure was due by 2026-03-27") with input as doc
}

# a configuration item left at the previous version
test_a_configuration_item_left_at_the_previous_version if {
	doc := fixture.edit(fixture.release, [
		["add", "/closure/configuration_items/0/version", "2.3.9"],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "configuration item payments-api is at version 2.3.9") with input as doc
	fixture.says(rm_09.deny, "not the deployed 2.4.0") with input as doc
}

# an artifact with no configuration item
test_an_artifact_with_no_configuration_item if {
	doc := fixture.edit(fixture.release, [
		["remove", "/closure/configuration_items/1"],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "no configuration item records artifact payments-db-migrations after the release") with input as doc
}

# a configuration item updated before the deployment ended
test_a_configuration_item_updated_before_the_deployment_ended if {
	doc := fixture.edit(fixture.release, [
		["add", "/closure/configuration_items/0/updated_at", "2026-03-14T19:00:00Z"],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "comes after the update of configuration item payments-api") with input as doc
}

# nobody was told of the completion
test_nobody_was_told_of_the_completion if {
	doc := fixture.edit(fixture.release, [
		["remove", "/notifications/1"],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "no completion notice was sent to stakeholders") with input as doc
}

# the record does not count the defects found after the deployment
test_the_record_does_not_count_the_defects_found_after_the if {
	doc := fixture.edit(fixture.release, [
		["remove", "/closure/record/post_deploy_defects"],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "the closed release record does not give post deploy defects") with input as doc
}

# the record says rolled back and successful at once
test_the_record_says_rolled_back_and_successful_at_once if {
	doc := fixture.edit(fixture.release, [
		["add", "/closure/record/rolled_back", true],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "the release record contradicts itself: final status successful, rolled back: true") with input as doc
}

# the record is closed as something other than the team confirmed
test_the_record_is_closed_as_something_other_than_the_team if {
	doc := fixture.edit(fixture.release, [
		["add", "/closure/record/final_status", "partial"],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "the release record is closed as partial") with input as doc
	fixture.says(rm_09.deny, "but the deployment team confirmed successful") with input as doc
}

# the record was closed before the deployment ended
test_the_record_was_closed_before_the_deployment_ended if {
	doc := fixture.edit(fixture.release, [
		["add", "/closure/record/closed_at", "2026-03-14T20:00:00Z"],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "comes after the closing of the release record") with input as doc
}

# the archive lacks the verification results
test_the_archive_lacks_the_verification_results if {
	doc := fixture.edit(fixture.release, [
		["add", "/closure/archive/contents", ["release-definition", "release-notes", "test-results", "acceptance-sign-off", "deployment-logs"]],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "the archive does not hold the verification results") with input as doc
}

# the archive is kept for less than the retention period
test_the_archive_is_kept_for_less_than_the_retention_period if {
	doc := fixture.edit(fixture.release, [
		["add", "/closure/archive/retain_until", "2026-12-31"],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "the archive is kept until 2026-12-31, less than the 365 days after the release (2027-03-14)") with input as doc
}

# the archive names no location
test_the_archive_names_no_location if {
	doc := fixture.edit(fixture.release, [
		["remove", "/closure/archive/location"],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "the closure names no archive location") with input as doc
}

# a planned start that is not the target window's
test_a_planned_start_that_is_not_the_target_window_s if {
	doc := fixture.edit(fixture.release, [
		["add", "/closure/record/planned_start", "2026-03-14T21:00:00Z"],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "the release record's planned start is not the evidence's (/release/target_window/start, 2026-03-14T20:00:00Z)") with input as doc
}

# an actual duration that is not the deployment's
test_an_actual_duration_that_is_not_the_deployment_s if {
	doc := fixture.edit(fixture.release, [
		["add", "/closure/record/actual_duration_minutes", 45],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "the release record's actual duration minutes is 45, but the production deployment lasted 29 minutes") with input as doc
}

# a planned duration that is not the window's
test_a_planned_duration_that_is_not_the_window_s if {
	doc := fixture.edit(fixture.release, [
		["add", "/closure/record/planned_duration_minutes", 60],
	])
	not rm_09.satisfied with input as doc
	fixture.says(rm_09.deny, "the release record's planned duration minutes is 60, but the target window lasted 120 minutes") with input as doc
}
