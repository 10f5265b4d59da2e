# Unit tests of the RM-13 policy: scenarios of testdata/cases/RM-13.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied.
package relpolicy.release.rm_13_test

import rego.v1

import data.relpolicy.release.rm_13
import data.relpolicy.test.fixture

# the manifest matches the artifacts and every check passed between build and test
test_the_manifest_matches_the_artifacts_and_every_check_passed if {
	doc := fixture.edit(fixture.release, [
	])
	rm_13.satisfied with input as doc
	count(rm_13.deny) == 0 with input as doc
}

# a component declared with another digest than was built
test_a_component_declared_with_another_digest_than_was_built if {
	doc := fixture.edit(fixture.release, [
		["add", "/build_verification/components/0/digest", "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
	])
	not rm_13.satisfied with input as doc
	fixture.says(rm_13.deny, "component payments-api is declared as sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, but the artifact is sha256:90d1") with input as doc
	fixture.says(rm_13.deny, "artifact payments-api (sha256:90d1") with input as doc
}

# a declared component missing from the package
test_a_declared_component_missing_from_the_package if {
	doc := fixture.edit(fixture.release, [
		["add", "/build_verification/components/-", {"name": "payments-worker", "digest": "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}],
	])
	not rm_13.satisfied with input as doc
	fixture.says(rm_13.deny, "component payments-worker of the package manifest is not an artifact of the release") with input as doc
}

# an artifact the manifest does not declare
test_an_artifact_the_manifest_does_not_declare if {
	doc := fixture.edit(fixture.release, [
		["remove", "/build_verification/components/1"],
	])
	not rm_13.satisfied with input as doc
	fixture.says(rm_13.deny, "artifact payments-db-migrations (sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b) is not declared by the package manifest") with input as doc
}

# a database script that does not apply to a clean schema
test_a_database_script_that_does_not_apply_to_a_clean_schema if {
	doc := fixture.edit(fixture.release, [
		["add", "/build_verification/tests/runs/0/cases/2/status", "failed"],
		["add", "/build_verification/tests/runs/0/cases/2/message", "relation fees_v2 already exists"],
	])
	not rm_13.satisfied with input as doc
	fixture.says(rm_13.deny, "build verification check `build.verify.test_database_scripts_apply_to_clean_schema` failed: relation fees_v2 already exists") with input as doc
}

# every check skipped
test_every_check_skipped if {
	doc := fixture.edit(fixture.release, [
		["add", "/build_verification/tests/runs/0/cases/0/status", "skipped"],
		["add", "/build_verification/tests/runs/0/cases/1/status", "skipped"],
		["add", "/build_verification/tests/runs/0/cases/2/status", "skipped"],
		["add", "/build_verification/tests/runs/0/cases/3/status", "skipped"],
	])
	not rm_13.satisfied with input as doc
	fixture.says(rm_13.deny, "no case of the build verification ran: all 4 were skipped") with input as doc
}

# verification that ended after testing had started
test_verification_that_ended_after_testing_had_started if {
	doc := fixture.edit(fixture.release, [
		["add", "/build_verification/tests/runs/0/started_at", "2026-03-10T07:50:00Z"],
		["add", "/build_verification/tests/runs/0/finished_at", "2026-03-10T08:10:00Z"],
	])
	not rm_13.satisfied with input as doc
	fixture.says(rm_13.deny, "build verification run `build verification` finished (2026-03-10T08:10:00Z) comes after the start of system testing (2026-03-10T08:00:00Z)") with input as doc
}

# verification that started before the last artifact was built
test_verification_that_started_before_the_last_artifact_was if {
	doc := fixture.edit(fixture.release, [
		["add", "/build_verification/tests/runs/0/started_at", "2026-03-06T14:13:00Z"],
	])
	not rm_13.satisfied with input as doc
	fixture.says(rm_13.deny, "the build of payments-db-migrations (2026-03-06T14:15:00Z) comes after build verification run `build verification` started (2026-03-06T14:13:00Z)") with input as doc
}

# smoke tests are not build verification
test_smoke_tests_are_not_build_verification if {
	doc := fixture.edit(fixture.release, [
		["add", "/build_verification/tests/runs/0/cases/0/category", "smoke"],
	])
	not rm_13.satisfied with input as doc
	fixture.says(rm_13.deny, "build verification cases of category 'smoke' are not build verification") with input as doc
}

# a manifest but no verification run
test_a_manifest_but_no_verification_run if {
	doc := fixture.edit(fixture.release, [
		["remove", "/build_verification/tests"],
	])
	not rm_13.satisfied with input as doc
	fixture.says(rm_13.deny, "no build verification ran") with input as doc
}

# no build verification at all
test_no_build_verification_at_all if {
	doc := fixture.edit(fixture.release, [
		["remove", "/build_verification"],
	])
	not rm_13.satisfied with input as doc
}

# no image health check among the checks
test_no_image_health_check_among_the_checks if {
	doc := fixture.edit(fixture.release, [
		["remove", "/build_verification/tests/runs/0/cases/3"],
	])
	not rm_13.satisfied with input as doc
	fixture.says(rm_13.deny, "build verification has no passing check 'images-healthy'") with input as doc
}
