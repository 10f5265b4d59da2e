# Unit tests of the RM-01 policy: scenarios of testdata/cases/RM-01.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rm_01_test

import rego.v1

import data.relpolicy.release.rm_01
import data.relpolicy.test.fixture

# REL-2026-03-015, a minor release versioned 2.4.0
test_rel_2026_03_015_a_minor_release_versioned_2_4_0 if {
	doc := fixture.release
	rm_01.satisfied with input as doc
	count(rm_01.deny) == 0 with input as doc
}

# an identifier outside the REL-YYYY-MM-NNN format
test_an_identifier_outside_the_rel_yyyy_mm_nnn_format if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/id", "payments-2026-march"],
	])
	not rm_01.satisfied with input as doc
	fixture.says(rm_01.deny, "release identifier 'payments-2026-march' does not follow the format") with input as doc
}

# month 13 is not a month
test_month_13_is_not_a_month if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/id", "REL-2026-13-015"],
	])
	not rm_01.satisfied with input as doc
	count(rm_01.deny) > 0 with input as doc
}

# a pre-release version does not go to production
test_a_pre_release_version_does_not_go_to_production if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/version", "2.4.0-rc.2"],
		["add", "/release_notes/version", "2.4.0-rc.2"],
	])
	not rm_01.satisfied with input as doc
	fixture.says(rm_01.deny, "version 2.4.0-rc.2 is a pre-release; production gets final versions only") with input as doc
}

# a version that is not semantic
test_a_version_that_is_not_semantic if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/version", "v2.4"],
		["add", "/release_notes/version", "v2.4"],
	])
	not rm_01.satisfied with input as doc
	fixture.says(rm_01.deny, "version 'v2.4' is not a semantic version (MAJOR.MINOR.PATCH)") with input as doc
}

# a minor release must not carry a patch number
test_a_minor_release_must_not_carry_a_patch_number if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/version", "2.4.1"],
		["add", "/release_notes/version", "2.4.1"],
	])
	not rm_01.satisfied with input as doc
	fixture.says(rm_01.deny, "a minor release is versioned X.Y.0") with input as doc
	fixture.says(rm_01.deny, "not 2.4.1") with input as doc
}

# a major release is X.0.0
test_a_major_release_is_x_0_0 if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "major"],
	])
	not rm_01.satisfied with input as doc
	fixture.says(rm_01.deny, "a major release is versioned X.0.0") with input as doc
	fixture.says(rm_01.deny, "not 2.4.0") with input as doc
}

# a patch release changes the patch number
test_a_patch_release_changes_the_patch_number if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "patch"],
		["add", "/approvals/1/role", "Release Manager"],
	])
	not rm_01.satisfied with input as doc
	fixture.says(rm_01.deny, "a patch release changes the patch number (X.Y.Z with Z > 0)") with input as doc
	fixture.says(rm_01.deny, "not 2.4.0") with input as doc
}

# an emergency release may carry any final version
test_an_emergency_release_may_carry_any_final_version if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/type", "emergency"],
		["add", "/release_notes/type", "emergency"],
		["add", "/approvals/1/role", "ECAB"],
		["add", "/release/version", "2.4.7"],
		["add", "/release_notes/version", "2.4.7"],
		["add", "/artifacts/0/version", "2.4.7"],
		["add", "/artifacts/1/version", "2.4.7"],
	])
	rm_01.satisfied with input as doc
	count(rm_01.deny) == 0 with input as doc
}

# without a version nothing can be judged
test_without_a_version_nothing_can_be_judged if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/version"],
	])
	not rm_01.satisfied with input as doc
}

# Hand-written: what the scenarios above do not reach.

test_date_versions_are_accepted_only_when_allowed if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/version", "2026.03.14"],
		["add", "/artifacts/0/version", "2026.03.14"],
		["add", "/artifacts/1/version", "2026.03.14"],
	])
	not rm_01.satisfied with input as doc
	fixture.says(rm_01.deny, "version '2026.03.14' is not a semantic version") with input as doc
	rm_01.satisfied with input as doc with data.relpolicy.params.identifiers.date_versions as true
	count(rm_01.deny) == 0 with input as doc with data.relpolicy.params.identifiers.date_versions as true
}

test_an_organisation_can_use_its_own_identifier_format if {
	doc := fixture.edit(fixture.release, [["add", "/release/id", "PAY-240"]])
	rm_01.satisfied with input as doc with data.relpolicy.params.identifiers.release_id as `^PAY-[0-9]+$`
}

# an artifact versioned v2.4 in a 2.4.0 release is neither semantic nor the release's version
test_an_artifact_versioned_v2_4_in_a_2_4_0_release_is_neither if {
	doc := fixture.edit(fixture.release, [
		["add", "/artifacts/0/version", "v2.4"],
	])
	not rm_01.satisfied with input as doc
	fixture.says(rm_01.deny, "artifact payments-api of the package is versioned 'v2.4', which is not a semantic version") with input as doc
}

# an artifact of another version than the release
test_an_artifact_of_another_version_than_the_release if {
	doc := fixture.edit(fixture.release, [
		["add", "/artifacts/1/version", "2.3.9"],
	])
	not rm_01.satisfied with input as doc
}

# a component the release declares with its own version
test_a_component_the_release_declares_with_its_own_version if {
	doc := fixture.edit(fixture.release, [
		["add", "/artifacts/1/version", "1.7.0"],
		["add", "/release/components", [{"name": "payments-db-migrations", "version": "1.7.0"}]],
	])
	rm_01.satisfied with input as doc
	count(rm_01.deny) == 0 with input as doc
}

# a component carrying another version than the release declares for it
test_a_component_carrying_another_version_than_the_release if {
	doc := fixture.edit(fixture.release, [
		["add", "/artifacts/1/version", "1.7.1"],
		["add", "/release/components", [{"name": "payments-db-migrations", "version": "1.7.0"}]],
	])
	not rm_01.satisfied with input as doc
}
