# METADATA
# title: Verified in production after deployment
# description: >-
#   After the last production deployment finished successfully, post-release verification
#   (test runs with environment production, in a category of params.verification.categories)
#   started, ran cases and passed every one; and the deployment team confirmed completion
#   (deployment_completion) with status successful, who confirmed and when (after the
#   deployment), the verification results, the issues met (an empty list when none) and the
#   actual duration. A partial or rolled-back deployment fails.
# custom:
#   requirement: RM-08
#   severity: high
#   remediation: >-
#     Run the smoke or verification tests in production after the deployment finishes, keep
#     their report (environment production), and record the deployment team's completion
#     confirmation: final status, verification results, issues met and the actual duration.
#   evidence: [/post_release_verification, /deployment_completion, /deployments]
package relpolicy.release.rm_08

import rego.v1

import data.relpolicy.lib.release as lib

production := lib.params.environments.production

verification := input.post_release_verification

completion := input.deployment_completion

categories := {lib.norm(c) | some c in lib.params.verification.categories}

# The production deployment that ended last, and its end as an event.
last := lib.last_production_deployment

deployed := lib.event(sprintf("/deployments/%d/finished_at", [last]), "the end of the production deployment")

missing contains {"msg": "no production deployment is recorded, so nothing can have been verified after it", "evidence": "/deployments"} if {
	count(lib.production_deployments) == 0
}

deny contains f if some f in lib.unplaced_production_ends

deny contains f if {
	status := input.deployments[last].status
	status != "succeeded"
	f := {"msg": sprintf("the production deployment %s ended %s, so the release is not verified in production", [object.get(input.deployments[last], "id", sprintf("#%d", [last])), status]), "evidence": sprintf("/deployments/%d", [last])}
}

# Verification runs: in production, started after the deployment ended, every case passing.
deny contains f if {
	some i, run in verification.runs
	env := object.get(run, "environment", object.get(verification, "environment", null))
	env != production
	f := {"msg": sprintf("verification run `%s` ran in %v, not in %s", [object.get(run, "name", sprintf("#%d", [i])), env, production]), "evidence": sprintf("/post_release_verification/runs/%d", [i]), "param": "environments.production"}
}

deny contains f if {
	some i, run in verification.runs
	some f in lib.order_findings([deployed, lib.event(sprintf("/post_release_verification/runs/%d/started_at", [i]), sprintf("verification run `%s` start", [object.get(run, "name", sprintf("#%d", [i]))]))])
}

deny contains f if some f in lib.nothing_ran_findings(verification, "/post_release_verification", "post-release verification")

deny contains f if some f in lib.test_failure_findings(verification, "verification test", 10)

deny contains f if some f in lib.test_skipped_findings(verification, "verification test", 10)

untyped contains c if {
	some c, _ in verification.summary.by_category
	not lib.norm(c) in categories
}

deny contains f if {
	some c in untyped
	f := {"msg": sprintf("verification cases of category '%s' are not post-release verification (%s)", [c, concat(", ", lib.params.verification.categories)]), "evidence": "/post_release_verification/summary/by_category", "param": "verification.categories"}
}

# The completion confirmation.
deny contains f if {
	completion.status != "successful"
	f := {"msg": sprintf("the deployment team confirmed completion as %s: only a successful deployment is a release in production", [completion.status]), "evidence": "/deployment_completion/status"}
}

deny contains {"msg": "the completion confirmation names no one who confirmed it (confirmed_by)", "evidence": "/deployment_completion"} if {
	not lib.filled(object.get(completion, ["confirmed_by", "id"], null))
}

deny contains f if {
	some field in ["verification_results", "issues", "actual_duration_minutes"]
	not lib.recorded(completion, field)
	f := {"msg": sprintf("the completion confirmation does not record %s", [replace(field, "_", " ")]), "evidence": "/deployment_completion"}
}

deny contains f if {
	completion.verification_results
	not lib.filled(completion.verification_results)
	f := {"msg": "the completion confirmation's verification results are empty", "evidence": "/deployment_completion/verification_results"}
}

deny contains f if {
	some f in lib.order_findings([deployed, lib.event("/deployment_completion/confirmed_at", "the completion confirmation")])
}

# The duration confirmed is that of the deployment that stands, in whole minutes.
deny contains f if {
	minutes := round((lib.time_at(deployed.at) - lib.time_at(lib.start_of(last))) / lib.minute_ns)
	completion.actual_duration_minutes != minutes
	f := {"msg": sprintf("the completion confirmation gives an actual duration of %v minutes, but the production deployment took %v", [completion.actual_duration_minutes, minutes]), "evidence": "/deployment_completion/actual_duration_minutes"}
}

satisfied if {
	count(lib.production_deployments) > 0
	input.deployments[last].status == "succeeded"
	verification.summary.executed > 0
	completion.status == "successful"
	# No finding above stands in the way.
	count(deny) == 0
}

# What the verdict rests on: the verification runs in production, and the confirmed completion.
basis contains b if some b in lib.tests_basis("/post_release_verification", input.post_release_verification, "post-release verification")

basis contains lib.basis_item("/deployment_completion", input.deployment_completion, "deployment completion", ["status", "confirmed_by.id", "confirmed_by.name", "confirmed_at", "actual_duration_minutes"])

basis contains lib.basis_item(sprintf("/deployments/%d", [last]), input.deployments[last], "production deployment", ["id", "status", "finished_at"])
