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
	fixture.says(req_25.deny, "the deployment guide has not been reviewed") with input as doc
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
	fixture.says(req_25.deny, "the deployment guide changed at 2026-03-12T08:00:00Z") with input as doc
	fixture.says(req_25.deny, "after its review at 2026-03-11T15:30:00Z") with input as doc
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
