# Unit tests of the REQ-24 policy: scenarios of testdata/cases/REQ-24.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.req_24_test

import rego.v1

import data.relpolicy.release.req_24
import data.relpolicy.test.fixture

# complete notes for 2.4.0, reviewed, then published
test_complete_notes_for_2_4_0_reviewed_then_published if {
	doc := fixture.release
	req_24.satisfied with input as doc
	count(req_24.deny) == 0 with input as doc
}

# notes for another version
test_notes_for_another_version if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/version", "2.3.2"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes are for version 2.3.2; the release is 2.4.0") with input as doc
}

# a change of the release missing from the notes
test_a_change_of_the_release_missing_from_the_notes if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/changes/2"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "change CHG-2026-0915 is part of the release but missing from the release notes") with input as doc
}

# notes listing a change that is not in the release
test_notes_listing_a_change_that_is_not_in_the_release if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/changes/-", {"ref": "CHG-2026-0999", "summary": "Something from another release"}],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes list CHG-2026-0999") with input as doc
	fixture.says(req_24.deny, "which is not a change of this release") with input as doc
}

# an entry without a change reference
test_an_entry_without_a_change_reference if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/changes/0/ref"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "release note entry \"Payment reports can be exported to CSV\" has no change reference") with input as doc
}

# no rollback procedure in the notes
test_no_rollback_procedure_in_the_notes if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/rollback"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes do not say how to roll back") with input as doc
}

# dependencies not stated
test_dependencies_not_stated if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/dependencies"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes do not state dependencies") with input as doc
}

# an empty list of known issues states there are none
test_an_empty_list_of_known_issues_states_there_are_none if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/known_issues", []],
		["remove", "/system_test_report/defects/1"],
	])
	req_24.satisfied with input as doc
	count(req_24.deny) == 0 with input as doc
}

# not reviewed
test_not_reviewed if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/review"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the review of the release notes is not recorded") with input as doc
}

# a review that asked for changes is not an approving review
test_a_review_that_asked_for_changes_is_not_an_approving_review if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/review/outcome", "changes_requested"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the review of the release notes by l.brandt is not approving (outcome: changes_requested)") with input as doc
}

# not published
test_not_published if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/published"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes have not been published") with input as doc
}

# published before the review
test_published_before_the_review if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/published/at", "2026-03-12T10:00:00Z"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the review of the release notes (2026-03-12T16:00:00Z) comes after the publication of the release notes (2026-03-12T10:00:00Z)") with input as doc
}

# the release definition lists no changes to compare with
test_the_release_definition_lists_no_changes_to_compare_with if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/changes"],
	])
	not req_24.satisfied with input as doc
}

# notes that say how to roll back but not until when
test_notes_that_say_how_to_roll_back_but_not_until_when if {
	doc := fixture.edit(fixture.release, [["remove", "/release_notes/rollback/window_hours"]])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes do not state the rollback window") with input as doc
}

# notes published after the production deployment
test_notes_published_after_the_production_deployment if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/published/at", "2026-03-14T21:00:00Z"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the publication of the release notes (2026-03-14T21:00:00Z) comes after the production deployment start (2026-03-14T20:02:00Z)") with input as doc
}

# notes of a major release for a minor release
test_notes_of_a_major_release_for_a_minor_release if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/type", "major"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes describe a major release; the release is minor") with input as doc
}

# notes reviewed by a developer
test_notes_reviewed_by_a_developer if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/review/role", "Developer"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the review of the release notes by l.brandt is by role 'Developer'") with input as doc
}

# notes that state no version
test_notes_that_state_no_version if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/version"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes state no version") with input as doc
}

# notes that list no changes
test_notes_that_list_no_changes if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/changes", []],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes list no changes") with input as doc
}

# notes that say nothing of known issues
test_notes_that_say_nothing_of_known_issues if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/known_issues"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes do not state known issues") with input as doc
}

# Hand-written: what the scenarios above do not reach.

# The schema requires a reviewer and an outcome; without the schema, a review lacking them still
# does not count, and says why.
test_a_review_without_reviewer_or_outcome_does_not_count if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/review/by"],
		["remove", "/release_notes/review/outcome"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the review of the release notes by nobody names no reviewer") with input as doc
	fixture.says(req_24.deny, "the review of the release notes by nobody records no outcome") with input as doc
}

# notes dated after the release they describe
test_notes_dated_after_the_release_they_describe if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/date", "2026-03-16"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the release notes are dated 2026-03-16") with input as doc
	fixture.says(req_24.deny, "after the release on 2026-03-14") with input as doc
}

# notes generated after they were reviewed
test_notes_generated_after_they_were_reviewed if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/generated/at", "2026-03-12T17:00:00Z"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "the generation of the release notes (2026-03-12T17:00:00Z) comes after the review of the release notes (2026-03-12T16:00:00Z)") with input as doc
}

# A team whose changes are pull requests: the release and its notes cite #412, #415 and #418.
test_pull_request_numbers_are_change_references if {
	doc := fixture.edit(fixture.release, [
		["replace", "/release/changes/0/id", "#412"],
		["replace", "/release/changes/1/id", "#415"],
		["replace", "/release/changes/2/id", "#418"],
		["replace", "/release_notes/changes/0/ref", "#412"],
		["replace", "/release_notes/changes/1/ref", "#415"],
		["replace", "/release_notes/changes/2/ref", "#418"],
	])
	req_24.satisfied with input as doc
	count(req_24.deny) == 0 with input as doc
}

# A team that narrows the forms to its change tracker refuses a pull request number, and says
# which parameter decided it.
test_a_narrowed_change_reference_form_refuses_other_forms if {
	doc := fixture.edit(fixture.release, [["replace", "/release_notes/changes/0/ref", "#412"]])
	some f in req_24.deny with input as doc with data.relpolicy.params.change_references as [`^CHG-[0-9]{4}-[0-9]{4}$`]
	contains(f.msg, "cites #412, which is not in a change reference form of this organisation (^CHG-[0-9]{4}-[0-9]{4}$)")
	f.param == "change_references"
}

# an entry citing its change in a form no change reference takes (params change_references)
test_an_entry_citing_its_change_in_a_form_no_change_reference if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/changes/0/ref", "chg 2026/0892"],
	])
	not req_24.satisfied with input as doc
	fixture.says(req_24.deny, "release note entry \"Payment reports can be exported to CSV\" cites chg 2026/0892, which is not in a change reference form of this organisation") with input as doc
}
