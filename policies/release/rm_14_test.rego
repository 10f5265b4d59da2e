# Unit tests of the RM-14 policy: scenarios of testdata/cases/RM-14.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied.
package relpolicy.release.rm_14_test

import rego.v1

import data.relpolicy.release.rm_14
import data.relpolicy.test.fixture

# complete, and approved by the service owner before the build
test_complete_and_approved_by_the_service_owner_before_the if {
	doc := fixture.edit(fixture.release, [
	])
	rm_14.satisfied with input as doc
	count(rm_14.deny) == 0 with input as doc
}

# no risk assessment
test_no_risk_assessment if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/risk_assessment"],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "the release definition does not give the risk assessment summary") with input as doc
}

# a placeholder is no rationale for the release type
test_a_placeholder_is_no_rationale_for_the_release_type if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/classification_rationale", "TBD"],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "the release definition does not give the rationale for the release type") with input as doc
}

# no rollback constraints
test_no_rollback_constraints if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/rollback_constraints"],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "the release definition does not give the rollback constraints") with input as doc
}

# the promotion schedule skips staging
test_the_promotion_schedule_skips_staging if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/promotion_schedule/2"],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "the promotion schedule gives no date for staging") with input as doc
}

# no resources
test_no_resources if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/resources", {}],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "the release definition names no resources") with input as doc
}

# approved after the build had started
test_approved_after_the_build_had_started if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/5/timestamp", "2026-03-06T10:00:00Z"],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "approval of the release definition by m.okafor (2026-03-06T10:00:00Z) comes after the start of the build (2026-03-06T09:00:00Z)") with input as doc
}

# approved by the release manager instead of the service owner
test_approved_by_the_release_manager_instead_of_the_service if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/5/role", "Release Manager"],
		["add", "/approvals/5/approver", {"id": "l.brandt"}],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "approval of the release definition by l.brandt has role 'Release Manager'; RM-14 requires role 'Service Owner'") with input as doc
}

# approved as service owner by someone the release does not name as its service owner
test_approved_as_service_owner_by_someone_the_release_does_not if {
	doc := fixture.edit(fixture.release, [
		["add", "/approvals/5/approver", {"id": "j.doe"}],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "approval of the release definition by j.doe is not by m.okafor") with input as doc
	fixture.says(rm_14.deny, "whom the release names as its service owner") with input as doc
}

# no approval of the definition
test_no_approval_of_the_definition if {
	doc := fixture.edit(fixture.release, [
		["remove", "/approvals/5"],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "no approval of the release definition is recorded (an approval with scope 'release-definition')") with input as doc
}

# when the build started is not recorded
test_when_the_build_started_is_not_recorded if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/stages/build/started_at"],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "cannot be placed against the start of the build") with input as doc
}

# a schedule that reaches staging before test
test_a_schedule_that_reaches_staging_before_test if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/promotion_schedule/2/date", "2026-03-06"],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "the promotion schedule reaches staging (2026-03-06) before test (2026-03-07)") with input as doc
}

# a schedule that reaches production on another day than the window
test_a_schedule_that_reaches_production_on_another_day_than if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/promotion_schedule/3/date", "2026-03-15"],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "the promotion schedule reaches production on 2026-03-15, not on the day the window opens (2026-03-14)") with input as doc
}

# a schedule dated before planning began
test_a_schedule_dated_before_planning_began if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/promotion_schedule/0/date", "2026-02-01"],
	])
	not rm_14.satisfied with input as doc
	fixture.says(rm_14.deny, "the promotion schedule gives 2026-02-01") with input as doc
	fixture.says(rm_14.deny, "before planning started (2026-02-23)") with input as doc
}
