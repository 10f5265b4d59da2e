# Unit tests of the REQ-12 policy: scenarios of testdata/cases/REQ-12.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.req_12_test

import rego.v1

import data.relpolicy.release.req_12
import data.relpolicy.test.fixture

# every artifact has a version and a sha256 digest
test_every_artifact_has_a_version_and_a_sha256_digest if {
	doc := fixture.release
	req_12.satisfied with input as doc
	count(req_12.deny) == 0 with input as doc
}

# an artifact without a version
test_an_artifact_without_a_version if {
	doc := fixture.edit(fixture.release, [
		["remove", "/artifacts/1/version"],
	])
	not req_12.satisfied with input as doc
	fixture.says(req_12.deny, "artifact payments-db-migrations has no version") with input as doc
}

# an artifact without a digest cannot be traced either
test_an_artifact_without_a_digest_cannot_be_traced_either if {
	doc := fixture.edit(fixture.release, [
		["remove", "/artifacts/1/digest"],
	])
	not req_12.satisfied with input as doc
	fixture.says(req_12.deny, "artifact payments-db-migrations has no digest") with input as doc
}

# an md5 digest is too weak
test_an_md5_digest_is_too_weak if {
	doc := fixture.edit(fixture.release, [
		["add", "/artifacts/1/digest", "md5:9e107d9d372bb6826bd81d3542a419d6"],
	])
	not req_12.satisfied with input as doc
	fixture.says(req_12.deny, "identified by a md5 digest; use one of sha256") with input as doc
	fixture.says(req_12.deny, "sha384") with input as doc
	fixture.says(req_12.deny, "sha512") with input as doc
}

# an empty artifact list is no evidence of a build
test_an_empty_artifact_list_is_no_evidence_of_a_build if {
	doc := fixture.edit(fixture.release, [
		["add", "/artifacts", []],
	])
	not req_12.satisfied with input as doc
	fixture.says(req_12.deny, "the release package lists no artifacts") with input as doc
}

# the same version listed with two digests
test_the_same_version_listed_with_two_digests if {
	doc := fixture.edit(fixture.release, [
		["add", "/artifacts/-", {"name": "payments-api", "version": "2.4.0", "digest": "sha256:1111111111111111111111111111111111111111111111111111111111111111"}],
	])
	not req_12.satisfied with input as doc
	fixture.says(req_12.deny, "artifact payments-api 2.4.0 is listed with two digests") with input as doc
}

# no artifacts section at all
test_no_artifacts_section_at_all if {
	doc := fixture.edit(fixture.release, [
		["remove", "/artifacts"],
	])
	not req_12.satisfied with input as doc
}
