# Unit tests of the REL-04 policy: scenarios of testdata/cases/REL-04.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rel_04_test

import rego.v1

import data.relpolicy.release.rel_04
import data.relpolicy.test.fixture

# both artifacts promoted dev, test, staging, production with their built digests
test_both_artifacts_promoted_dev_test_staging_production_with if {
	doc := fixture.release
	rel_04.satisfied with input as doc
	count(rel_04.deny) == 0 with input as doc
}

# a promotion that rebuilt the artifact
test_a_promotion_that_rebuilt_the_artifact if {
	doc := fixture.edit(fixture.release, [
		["add", "/promotions/2/rebuilt", true],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "the promotion of payments-api from test to staging rebuilt the artifact") with input as doc
}

# a different digest arriving in staging
test_a_different_digest_arriving_in_staging if {
	doc := fixture.edit(fixture.release, [
		["add", "/promotions/3/digest", "sha256:2222222222222222222222222222222222222222222222222222222222222222"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "artifact payments-db-migrations reached staging as sha256:2222222222222222222222222222222222222222222222222222222222222222, but was built as") with input as doc
}

# a step of the path without a promotion
test_a_step_of_the_path_without_a_promotion if {
	doc := fixture.edit(fixture.release, [
		["remove", "/promotions/2"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "artifact payments-api was never promoted from test to staging") with input as doc
}

# a promotion that skips an environment
test_a_promotion_that_skips_an_environment if {
	doc := fixture.edit(fixture.release, [
		["add", "/promotions/2/from", "dev"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "the promotion of payments-api from dev to staging is not a step of the promotion path dev -> test -> staging -> production") with input as doc
	fixture.says(rel_04.deny, "artifact payments-api was never promoted from test to staging") with input as doc
}

# production running a digest that was never built
test_production_running_a_digest_that_was_never_built if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/1/artifacts/0/digest", "sha256:3333333333333333333333333333333333333333333333333333333333333333"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "deployment deploy-prod-232 to production runs payments-api as sha256:3333333333333333333333333333333333333333333333333333333333333333") with input as doc
	fixture.says(rel_04.deny, "not the built and promoted") with input as doc
}

# a production record that does not list an artifact
test_a_production_record_that_does_not_list_an_artifact if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployments/1/artifacts/1"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "no production deployment record lists artifact payments-db-migrations") with input as doc
}

# promotions of other releases' artifacts in the log are only a warning
test_promotions_of_other_releases_artifacts_in_the_log_are_only if {
	doc := fixture.edit(fixture.release, [
		["add", "/promotions/-", {"artifact": "billing-api", "digest": "sha256:4444444444444444444444444444444444444444444444444444444444444444", "from": "dev", "to": "test"}],
	])
	rel_04.satisfied with input as doc
	count(rel_04.warn) > 0 with input as doc
	fixture.says(rel_04.warn, "the promotion log moves billing-api") with input as doc
	fixture.says(rel_04.warn, "which is not an artifact of this release") with input as doc
}

# before deployment, the path up to staging suffices
test_before_deployment_the_path_up_to_staging_suffices if {
	doc := fixture.pre_deploy
	rel_04.satisfied with input as doc with data.relpolicy.run.phase as "pre-deploy"
	count(rel_04.deny) == 0 with input as doc with data.relpolicy.run.phase as "pre-deploy"
}

# as an audit, an undeployed release lacks the production evidence
test_as_an_audit_an_undeployed_release_lacks_the_production if {
	doc := fixture.pre_deploy
	not rel_04.satisfied with input as doc
}

# no promotion log
test_no_promotion_log if {
	doc := fixture.edit(fixture.release, [
		["remove", "/promotions"],
	])
	not rel_04.satisfied with input as doc
}

# an artifact built after the production deployment
test_an_artifact_built_after_the_production_deployment if {
	doc := fixture.edit(fixture.release, [
		["add", "/artifacts/0/built_at", "2026-03-14T21:00:00Z"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "the build of payments-api (2026-03-14T21:00:00Z) comes after the promotion of payments-api from dev to test (2026-03-07T09:00:00Z)") with input as doc
}

# promotions out of order (dev to test after test to staging)
test_promotions_out_of_order_dev_to_test_after_test_to_staging if {
	doc := fixture.edit(fixture.release, [
		["add", "/promotions/0/at", "2026-03-12T09:00:00Z"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "the promotion of payments-api from dev to test (2026-03-12T09:00:00Z) comes after the promotion of payments-api from test to staging (2026-03-11T16:00:00Z)") with input as doc
}

# staging running another digest than was promoted
test_staging_running_another_digest_than_was_promoted if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/0/artifacts/0/digest", "sha256:4444444444444444444444444444444444444444444444444444444444444444"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "deployment deploy-staging-231 to staging runs payments-api as sha256:4444444444444444444444444444444444444444444444444444444444444444, not the built and promoted") with input as doc
}

# a failed staging deployment means staging never ran the release
test_a_failed_staging_deployment_means_staging_never_ran_the if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/0/status", "failed"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "staging does not run the release: its last deployment deploy-staging-231 ended failed") with input as doc
}

# an artifact without a build time cannot be placed before its promotions
test_an_artifact_without_a_build_time_cannot_be_placed_before if {
	doc := fixture.edit(fixture.release, [
		["remove", "/artifacts/1/built_at"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "the build of payments-db-migrations has no usable time: /artifacts/1/built_at is not recorded") with input as doc
}

# a promotion into production dated after the deployment finished
test_a_promotion_into_production_dated_after_the_deployment if {
	doc := fixture.edit(fixture.release, [
		["add", "/promotions/4/at", "2026-03-14T20:45:00Z"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "the promotion of payments-api from staging to production (2026-03-14T20:45:00Z) comes after the end of the production deployment (2026-03-14T20:31:00Z)") with input as doc
}

# an artifact listed twice cannot be traced
test_an_artifact_listed_twice_cannot_be_traced if {
	doc := fixture.edit(fixture.release, [
		["add", "/artifacts/-", {"name": "payments-api", "version": "2.4.0", "digest": "sha256:5555555555555555555555555555555555555555555555555555555555555555", "built_at": "2026-03-06T14:12:00Z"}],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "artifact name payments-api is listed more than once") with input as doc
}

# no artifacts to trace
test_no_artifacts_to_trace if {
	doc := fixture.edit(fixture.release, [
		["add", "/artifacts", []],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "the release lists no artifacts to trace") with input as doc
}

# a staging deployment that does not list an artifact does not show staging runs it
test_a_staging_deployment_that_does_not_list_an_artifact_does if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployments/0/artifacts/1"],
	])
	not rel_04.satisfied with input as doc
	fixture.says(rel_04.deny, "deployment deploy-staging-231 to staging does not list artifact payments-db-migrations") with input as doc
}
