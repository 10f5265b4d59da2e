# Unit tests of the RM-08 policy: scenarios of testdata/cases/RM-08.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied.
package relpolicy.release.rm_08_test

import rego.v1

import data.relpolicy.release.rm_08
import data.relpolicy.test.fixture

# smoke tests passed in production after the deployment and the team confirmed success
test_smoke_tests_passed_in_production_after_the_deployment_and if {
	doc := fixture.edit(fixture.release, [
	])
	rm_08.satisfied with input as doc
	count(rm_08.deny) == 0 with input as doc
}

# a partial deployment is not a release in production
test_a_partial_deployment_is_not_a_release_in_production if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_completion/status", "partial"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "the deployment team confirmed completion as partial") with input as doc
}

# a deployment that was rolled back
test_a_deployment_that_was_rolled_back if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_completion/status", "rolled_back"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "confirmed completion as rolled_back") with input as doc
}

# verification that ran in staging proves nothing about production
test_verification_that_ran_in_staging_proves_nothing_about if {
	doc := fixture.edit(fixture.release, [
		["add", "/post_release_verification/runs/0/environment", "staging"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "verification run `production smoke` ran in staging, not in production") with input as doc
}

# verification started before the deployment ended
test_verification_started_before_the_deployment_ended if {
	doc := fixture.edit(fixture.release, [
		["add", "/post_release_verification/runs/0/started_at", "2026-03-14T20:20:00Z"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "the end of the production deployment (2026-03-14T20:31:00Z) comes after verification run `production smoke` start (2026-03-14T20:20:00Z)") with input as doc
}

# a failed verification case
test_a_failed_verification_case if {
	doc := fixture.edit(fixture.release, [
		["add", "/post_release_verification/runs/0/cases/1/status", "failed"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "verification test `verify.smoke.test_card_payment_authorises` failed") with input as doc
	fixture.says(rm_08.deny, "1 of 3 verification tests failed or errored") with input as doc
}

# every verification case skipped
test_every_verification_case_skipped if {
	doc := fixture.edit(fixture.release, [
		["add", "/post_release_verification/runs/0/cases/0/status", "skipped"],
		["add", "/post_release_verification/runs/0/cases/1/status", "skipped"],
		["add", "/post_release_verification/runs/0/cases/2/status", "skipped"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "no case of the post-release verification ran: all 3 were skipped") with input as doc
}

# regression tests are not post-release verification
test_regression_tests_are_not_post_release_verification if {
	doc := fixture.edit(fixture.release, [
		["add", "/post_release_verification/runs/0/cases/0/category", "regression"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "verification cases of category 'regression' are not post-release verification") with input as doc
}

# nobody is recorded as confirming completion
test_nobody_is_recorded_as_confirming_completion if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_completion/confirmed_by"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "the completion confirmation names no one who confirmed it") with input as doc
}

# the confirmation does not give the actual duration
test_the_confirmation_does_not_give_the_actual_duration if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_completion/actual_duration_minutes"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "the completion confirmation does not record actual duration minutes") with input as doc
}

# the issues met are not recorded, not even as none
test_the_issues_met_are_not_recorded_not_even_as_none if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_completion/issues"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "the completion confirmation does not record issues") with input as doc
}

# completion confirmed before the deployment ended
test_completion_confirmed_before_the_deployment_ended if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_completion/confirmed_at", "2026-03-14T20:10:00Z"],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "the end of the production deployment (2026-03-14T20:31:00Z) comes after the completion confirmation (2026-03-14T20:10:00Z)") with input as doc
}

# no verification report at all
test_no_verification_report_at_all if {
	doc := fixture.edit(fixture.release, [
		["remove", "/post_release_verification"],
	])
	not rm_08.satisfied with input as doc
}

# a successful deployment after a failed attempt is the one verified
test_a_successful_deployment_after_a_failed_attempt_is_the_one if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/-", {"id": "deploy-prod-231", "environment": "production", "status": "failed", "started_at": "2026-03-14T20:01:00Z", "finished_at": "2026-03-14T20:01:40Z", "pipeline_run": {"system": "github-actions", "id": "8860"}, "artifacts": [], "log": {"path": "logs/deploy-prod-231.log", "sha256": "1111111111111111111111111111111111111111111111111111111111111111"}}],
	])
	rm_08.satisfied with input as doc
	count(rm_08.deny) == 0 with input as doc
}

# a confirmed duration that is not the deployment's
test_a_confirmed_duration_that_is_not_the_deployment_s if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_completion/actual_duration_minutes", 20],
	])
	not rm_08.satisfied with input as doc
	fixture.says(rm_08.deny, "the completion confirmation gives an actual duration of 20 minutes") with input as doc
	fixture.says(rm_08.deny, "but the production deployment took 29") with input as doc
}
