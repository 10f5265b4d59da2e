# Unit tests of the REQ-25 policy: scenarios of testdata/cases/REQ-25.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.req_25_test

import rego.v1

import data.relpolicy.release.req_25
import data.relpolicy.test.fixture

# the pinned runbook was reviewed after its last change and executed in staging
test_the_pinned_runbook_was_reviewed_after_its_last_change_and if {
	doc := fixture.release
	req_25.satisfied with input as doc
	count(req_25.deny) == 0 with input as doc
}

# a runbook pinned by version alone is pinned
test_a_runbook_pinned_by_version_alone_is_pinned if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_guide/document/sha256"],
	])
	req_25.satisfied with input as doc
	count(req_25.deny) == 0 with input as doc
}

# an unpinned runbook
test_an_unpinned_runbook if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_guide/document/version"],
		["remove", "/deployment_guide/document/sha256"],
	])
	not req_25.satisfied with input as doc
	fixture.says(req_25.deny, "the deployment guide is not pinned: record its sha256 or version") with input as doc
}

# never reviewed
test_never_reviewed if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_guide/review"],
	])
	not req_25.satisfied with input as doc
	fixture.says(req_25.deny, "the review of the deployment guide is not recorded") with input as doc
}

# a rejecting review
test_a_rejecting_review if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_guide/review/outcome", "rejected"],
	])
	not req_25.satisfied with input as doc
	fixture.says(req_25.deny, "(outcome: rejected)") with input as doc
}

# edited after the review
test_edited_after_the_review if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_guide/document/updated_at", "2026-03-12T08:00:00Z"],
	])
	not req_25.satisfied with input as doc
	fixture.says(req_25.deny, "the last change of the deployment guide (2026-03-12T08:00:00Z) comes after the review of the deployment guide (2026-03-11T15:30:00Z)") with input as doc
}

# executed only in dev
test_executed_only_in_dev if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_guide/validated/environment", "dev"],
	])
	not req_25.satisfied with input as doc
	fixture.says(req_25.deny, "the runbook was executed in dev; it must be executed in staging before production") with input as doc
}

# never executed before production
test_never_executed_before_production if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_guide/validated"],
	])
	not req_25.satisfied with input as doc
	fixture.says(req_25.deny, "the runbook was not executed in staging before production") with input as doc
}

# deviations during the staging run are a warning to update the runbook
test_deviations_during_the_staging_run_are_a_warning_to_update if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_guide/validated/deviations", ["step 4 needed a manual cache flush"]],
	])
	req_25.satisfied with input as doc
	count(req_25.warn) > 0 with input as doc
	fixture.says(req_25.warn, "the rehearsal deviated from the runbook (step 4 needed a manual cache flush)") with input as doc
}

# no deployment guide
test_no_deployment_guide if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_guide"],
	])
	not req_25.satisfied with input as doc
}

# executed in staging before its last change
test_executed_in_staging_before_its_last_change if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_guide/document/updated_at", "2026-03-11T09:00:00Z"],
		["add", "/deployment_guide/review/at", "2026-03-12T11:00:00Z"],
	])
	not req_25.satisfied with input as doc
	fixture.says(req_25.deny, "the review of the deployment guide (2026-03-12T11:00:00Z) comes after the execution of the deployment guide in staging (2026-03-12T10:00:00Z)") with input as doc
}

# executed in staging only after production
test_executed_in_staging_only_after_production if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_guide/validated/at", "2026-03-14T21:00:00Z"],
	])
	not req_25.satisfied with input as doc
	fixture.says(req_25.deny, "the execution of the deployment guide in staging (2026-03-14T21:00:00Z) comes after the production deployment start (2026-03-14T20:02:00Z)") with input as doc
}

# a guide without the time of its last change cannot be shown reviewed after it
test_a_guide_without_the_time_of_its_last_change_cannot_be if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployment_guide/document/updated_at"],
	])
	not req_25.satisfied with input as doc
	fixture.says(req_25.deny, "the last change of the deployment guide has no usable time: /deployment_guide/document/updated_at is not recorded") with input as doc
}

# a runbook reviewed by a developer
test_a_runbook_reviewed_by_a_developer if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployment_guide/review/role", "Developer"],
	])
	not req_25.satisfied with input as doc
	fixture.says(req_25.deny, "the review of the deployment guide by s.ito is by role 'Developer'") with input as doc
}
