# Unit tests of the DEP-01 policy: scenarios of testdata/cases/DEP-01.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.dep_01_test

import rego.v1

import data.relpolicy.release.dep_01
import data.relpolicy.test.fixture

# production deployed by a pipeline run, no manual steps, log kept
test_production_deployed_by_a_pipeline_run_no_manual_steps_log if {
	doc := fixture.release
	dep_01.satisfied with input as doc
	count(dep_01.deny) == 0 with input as doc
}

# a run URL alone identifies the run
test_a_run_url_alone_identifies_the_run if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployments/1/pipeline_run/id"],
	])
	dep_01.satisfied with input as doc
	count(dep_01.deny) == 0 with input as doc
}

# a production deployment with no pipeline run
test_a_production_deployment_with_no_pipeline_run if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployments/1/pipeline_run"],
	])
	not dep_01.satisfied with input as doc
	fixture.says(dep_01.deny, "production deployment deploy-prod-232 names no pipeline or controller run") with input as doc
	fixture.says(dep_01.deny, "so nothing shows it was automated") with input as doc
}

# an automation-sounding actor name proves nothing without a run
test_an_automation_sounding_actor_name_proves_nothing_without_a if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/1/actor", {"id": "deploy-bot", "kind": "service"}],
		["remove", "/deployments/1/pipeline_run"],
	])
	not dep_01.satisfied with input as doc
	count(dep_01.deny) > 0 with input as doc
}

# a pipeline run triggered by a person is still automated
test_a_pipeline_run_triggered_by_a_person_is_still_automated if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/1/actor", {"id": "l.brandt", "kind": "human"}],
	])
	dep_01.satisfied with input as doc
	count(dep_01.deny) == 0 with input as doc
}

# manual steps during the deployment
test_manual_steps_during_the_deployment if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/1/manual_steps", ["restarted the pods by hand"]],
	])
	not dep_01.satisfied with input as doc
	fixture.says(dep_01.deny, "production deployment deploy-prod-232 included manual steps: restarted the pods by hand") with input as doc
}

# the log was not kept
test_the_log_was_not_kept if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployments/1/log"],
	])
	not dep_01.satisfied with input as doc
	fixture.says(dep_01.deny, "the log of production deployment deploy-prod-232 is not kept") with input as doc
}

# a failed attempt before the successful one is a warning
test_a_failed_attempt_before_the_successful_one_is_a_warning if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/-", {"id": "deploy-prod-231", "environment": "production", "status": "failed", "started_at": "2026-03-14T20:01:00Z", "finished_at": "2026-03-14T20:01:40Z", "pipeline_run": {"system": "github-actions", "id": "8860"}, "artifacts": [], "log": {"path": "logs/deploy-prod-231.log", "sha256": "1111111111111111111111111111111111111111111111111111111111111111"}}],
	])
	dep_01.satisfied with input as doc
	count(dep_01.warn) > 0 with input as doc
	fixture.says(dep_01.warn, "production deployment deploy-prod-231 ended failed") with input as doc
}

# nothing deployed to production yet
test_nothing_deployed_to_production_yet if {
	doc := fixture.edit(fixture.release, [
		["remove", "/deployments/1"],
	])
	not dep_01.satisfied with input as doc
}

# a production deployment still in progress
test_a_production_deployment_still_in_progress if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/1/status", "in_progress"],
	])
	not dep_01.satisfied with input as doc
	fixture.says(dep_01.deny, "production deployment deploy-prod-232 is in_progress: it has not ended") with input as doc
}

# the only production deployment failed
test_the_only_production_deployment_failed if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/1/status", "failed"],
	])
	not dep_01.satisfied with input as doc
	fixture.says(dep_01.deny, "the last production deployment") with input as doc
	fixture.says(dep_01.deny, "deploy-prod-232") with input as doc
	fixture.says(dep_01.deny, "ended failed") with input as doc
}

# a deployment that finished before it started makes every time before production unplaceable
test_a_deployment_that_finished_before_it_started_makes_every if {
	doc := fixture.edit(fixture.release, [
		["add", "/deployments/1/finished_at", "2026-03-14T19:00:00Z"],
	])
	not dep_01.satisfied with input as doc
	fixture.says(dep_01.deny, "the start of production deployment deploy-prod-232 has no usable time: /deployments/1/started_at starts at 2026-03-14T20:02:00Z, after it ends at 2026-03-14T19:00:00Z (finished_at)") with input as doc
}
