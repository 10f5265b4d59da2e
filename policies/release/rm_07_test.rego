# Unit tests of the RM-07 policy: scenarios of testdata/cases/RM-07.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rm_07_test

import rego.v1

import data.relpolicy.release.rm_07
import data.relpolicy.test.fixture

# a major release reviewed on the Wednesday after a Saturday deployment
test_a_major_release_reviewed_on_the_wednesday_after_a_saturday if {
	doc := fixture.edit_at(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/release_notes/type", "major"],
		["add", "/post_implementation_review", {"status": "held", "held_at": "2026-03-18T10:00:00Z", "record": "PIR-2026-031"}],
	], "2026-03-31T00:00:00Z")
	rm_07.satisfied with input as doc
	count(rm_07.deny) == 0 with input as doc
}

# scheduled for the fifth business day (Friday 20 March)
test_scheduled_for_the_fifth_business_day_friday_20_march if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-20T15:00:00Z"}],
	])
	rm_07.satisfied with input as doc
	count(rm_07.deny) == 0 with input as doc
}

# scheduled for the Monday after, six business days on
test_scheduled_for_the_monday_after_six_business_days_on if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/post_implementation_review", {"status": "scheduled", "scheduled_for": "2026-03-23T09:00:00Z"}],
	])
	not rm_07.satisfied with input as doc
	fixture.says(rm_07.deny, "the post-implementation review is dated 2026-03-23") with input as doc
	fixture.says(rm_07.deny, "after 2026-03-20") with input as doc
	fixture.says(rm_07.deny, "5 business days after the production deployment") with input as doc
}

# a cancelled review
test_a_cancelled_review if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/post_implementation_review", {"status": "cancelled", "scheduled_for": "2026-03-18T10:00:00Z"}],
	])
	not rm_07.satisfied with input as doc
	fixture.says(rm_07.deny, "the post-implementation review was cancelled") with input as doc
}

# a review with neither a date held nor a date scheduled
test_a_review_with_neither_a_date_held_nor_a_date_scheduled if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/post_implementation_review", {"status": "scheduled"}],
	])
	not rm_07.satisfied with input as doc
	fixture.says(rm_07.deny, "the post-implementation review is neither held nor scheduled") with input as doc
}

# no review recorded for a major release
test_no_review_recorded_for_a_major_release if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
	])
	not rm_07.satisfied with input as doc
}

# the production deployment failed, so there is nothing to date the review from
test_the_production_deployment_failed_so_there_is_nothing_to if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/deployments/1/status", "failed"],
		["add", "/post_implementation_review", {"status": "held", "held_at": "2026-03-18T10:00:00Z"}],
	])
	not rm_07.satisfied with input as doc
	fixture.says(rm_07.deny, "no successful production deployment is recorded to date the review from") with input as doc
}

# a review dated before the deployment ended is no review of it
test_a_review_dated_before_the_deployment_ended_is_no_review if {
	doc := fixture.edit_at(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/release_notes/type", "major"],
		["add", "/post_implementation_review", {"status": "held", "held_at": "2026-03-14T10:00:00Z"}],
	], "2026-03-31T00:00:00Z")
	not rm_07.satisfied with input as doc
	fixture.says(rm_07.deny, "the post-implementation review is dated 2026-03-14T10:00:00Z") with input as doc
	fixture.says(rm_07.deny, "before the production deployment ended at 2026-03-14T20:31:00Z") with input as doc
}

# a deployment end that is not usable cannot date the review
test_a_deployment_end_that_is_not_usable_cannot_date_the if {
	doc := fixture.edit_at(fixture.release, [
		["add", "/release/type", "major"],
		["add", "/release_notes/type", "major"],
		["add", "/post_implementation_review", {"status": "held", "held_at": "2026-03-18T10:00:00Z"}],
		["remove", "/deployments/1/finished_at"],
	], "2026-03-31T00:00:00Z")
	not rm_07.satisfied with input as doc
	fixture.says(rm_07.deny, "the production deployment's end cannot date the review: /deployments/1/finished_at is not recorded") with input as doc
}
