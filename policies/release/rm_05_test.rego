# Unit tests of the RM-05 policy: scenarios of testdata/cases/RM-05.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rm_05_test

import rego.v1

import data.relpolicy.release.rm_05
import data.relpolicy.test.fixture

# the readiness review was held 30 hours before the deployment
test_the_readiness_review_was_held_30_hours_before_the_deployment if {
	doc := fixture.release
	rm_05.satisfied with input as doc
	count(rm_05.deny) == 0 with input as doc
}

# a review on the morning of the deployment is too late
test_a_review_on_the_morning_of_the_deployment_is_too_late if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/4/timestamp", "2026-03-14T08:00:00Z"],
	])
	not rm_05.satisfied with input as doc
	fixture.says(rm_05.deny, "the readiness review by l.brandt was held 12 hours before the production deployment start; RM-05 requires at least 24 hours") with input as doc
}

# a review chaired by a developer does not count
test_a_review_chaired_by_a_developer_does_not_count if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/4/role", "Developer"],
	])
	not rm_05.satisfied with input as doc
	fixture.says(rm_05.deny, "the readiness review by l.brandt has role 'Developer'; RM-05 requires role 'Release Manager'") with input as doc
}

# a review that decided no-go
test_a_review_that_decided_no_go if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/4/decision", "rejected"],
	])
	not rm_05.satisfied with input as doc
	fixture.says(rm_05.deny, "the readiness review by l.brandt decided 'rejected'") with input as doc
}

# no readiness review recorded
test_no_readiness_review_recorded if {
	doc := fixture.edit(fixture.release, [
		["remove", "/approvals/4"],
	])
	not rm_05.satisfied with input as doc
	fixture.says(rm_05.deny, "no readiness review is recorded (an approval with scope 'readiness-review')") with input as doc
}

# before deploying, the review is measured against the planned window
test_before_deploying_the_review_is_measured_against_the_planned if {
	doc := fixture.edit(fixture.pre_deploy, [
		["add", "/approvals/4/timestamp", "2026-03-14T06:00:00Z"],
	])
	not rm_05.satisfied with input as doc with data.relpolicy.run.phase as "pre-deploy"
	fixture.says(rm_05.deny, "held 14 hours before the opening of the deployment window") with input as doc with data.relpolicy.run.phase as "pre-deploy"
}
