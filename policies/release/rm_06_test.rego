# Unit tests of the RM-06 policy: scenarios of testdata/cases/RM-06.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rm_06_test

import rego.v1

import data.relpolicy.release.rm_06
import data.relpolicy.test.fixture

# three changes, each approved in change management before deployment
test_three_changes_each_approved_in_change_management_before if {
	doc := fixture.release
	rm_06.satisfied with input as doc
	count(rm_06.deny) == 0 with input as doc
}

# a change still pending in change management
test_a_change_still_pending_in_change_management if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/changes/1/approval_status", "pending"],
	])
	not rm_06.satisfied with input as doc
	fixture.says(rm_06.deny, "change CHG-2026-0901 is 'pending' in change management, not approved") with input as doc
}

# a change without a recorded approver
test_a_change_without_a_recorded_approver if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/changes/2/approved_by"],
	])
	not rm_06.satisfied with input as doc
	fixture.says(rm_06.deny, "change CHG-2026-0915 names no approver") with input as doc
}

# a change approved after the deployment started
test_a_change_approved_after_the_deployment_started if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/changes/0/approved_at", "2026-03-14T21:00:00Z"],
	])
	not rm_06.satisfied with input as doc
	fixture.says(rm_06.deny, "change CHG-2026-0892 (2026-03-14T21:00:00Z) comes after the production deployment start (2026-03-14T20:02:00Z)") with input as doc
}

# a change with no approval status at all
test_a_change_with_no_approval_status_at_all if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/changes/0/approval_status"],
	])
	not rm_06.satisfied with input as doc
	fixture.says(rm_06.deny, "change CHG-2026-0892 has no approval status in change management") with input as doc
}

# Hand-written: what the scenarios above do not reach.

test_more_changes_than_the_limit_is_a_warning if {
	rm_06.satisfied with input as fixture.release with data.relpolicy.params.max_changes as 2
	fixture.says(rm_06.warn, "the release bundles 3 changes; more than 2 warrants splitting it into smaller releases") with input as fixture.release with data.relpolicy.params.max_changes as 2
}

test_an_empty_change_list_is_not_approved if {
	doc := fixture.edit(fixture.release, [["add", "/release/changes", []]])
	not rm_06.satisfied with input as doc
	fixture.says(rm_06.deny, "the release includes no changes") with input as doc
}

# a change whose id is in no change reference form (params change_references)
test_a_change_whose_id_is_in_no_change_reference_form_params if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/changes/0/id", "change 892"],
	])
	not rm_06.satisfied with input as doc
	fixture.says(rm_06.deny, "the release cites change 892") with input as doc
	fixture.says(rm_06.deny, "which is not in a change reference form of this organisation") with input as doc
}
