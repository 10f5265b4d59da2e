# Unit tests of the REL-02 policy: scenarios of testdata/cases/REL-02.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rel_02_test

import rego.v1

import data.relpolicy.release.rel_02
import data.relpolicy.test.fixture

# the notes are a digested document archived until 2028
test_the_notes_are_a_digested_document_archived_until_2028 if {
	doc := fixture.release
	rel_02.satisfied with input as doc
	count(rel_02.deny) == 0 with input as doc
}

# notes without a digest are not a retained artefact
test_notes_without_a_digest_are_not_a_retained_artefact if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/document"],
	])
	not rel_02.satisfied with input as doc
	fixture.says(rel_02.deny, "the release notes are not kept as a document with a sha256 digest") with input as doc
}

# not archived anywhere
test_not_archived_anywhere if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/retention"],
	])
	not rel_02.satisfied with input as doc
	fixture.says(rel_02.deny, "the release notes are not archived: no retention location is recorded") with input as doc
}

# archived without a retention period
test_archived_without_a_retention_period if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes/retention/retain_until"],
	])
	not rel_02.satisfied with input as doc
	fixture.says(rel_02.deny, "the retention period of the release notes is not usable: /release_notes/retention/retain_until is not recorded") with input as doc
}

# kept for less than the minimum retention
test_kept_for_less_than_the_minimum_retention if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/retention/retain_until", "2026-12-31"],
	])
	not rel_02.satisfied with input as doc
	fixture.says(rel_02.deny, "the release notes are kept until 2026-12-31") with input as doc
	fixture.says(rel_02.deny, "less than 365 days after the release on 2026-03-14") with input as doc
}

# kept exactly the minimum counts
test_kept_exactly_the_minimum_counts if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/retention/retain_until", "2027-03-15"],
	])
	rel_02.satisfied with input as doc
	count(rel_02.deny) == 0 with input as doc
}

# notes of another version
test_notes_of_another_version if {
	doc := fixture.edit(fixture.release, [
		["add", "/release_notes/version", "2.3.2"],
	])
	not rel_02.satisfied with input as doc
	fixture.says(rel_02.deny, "the retained release notes are for version 2.3.2; the release is 2.4.0") with input as doc
}

# no release notes
test_no_release_notes if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release_notes"],
	])
	not rel_02.satisfied with input as doc
}

# without a deployment, a window or the notes' date, the release date is unknown
test_without_a_deployment_a_window_or_the_notes_date_the if {
	doc := fixture.edit(fixture.pre_deploy, [
		["remove", "/release_notes/date"],
		["remove", "/release/target_window"],
	])
	not rel_02.satisfied with input as doc with data.relpolicy.run.phase as "pre-deploy"
	fixture.says(rel_02.deny, "the release date is unknown, so retention cannot be checked: /release/target_window/start is not recorded") with input as doc with data.relpolicy.run.phase as "pre-deploy"
}
