# METADATA
# title: Rollout planned and the deployment team briefed
# description: >-
#   The deployment plan names the rollout strategy (blue-green, canary, phased, feature flags,
#   or all at once with a reason, params.rollout.needs_reason), the monitoring that validates
#   the release, the rollback triggers and the rollback time limit (the rollback plan's, where
#   one is set, and every trigger the rollback plan names); and the release manager the release
#   names briefed the deployment team (briefing with attendees) before the production deployment.
# custom:
#   requirement: RM-15
#   severity: medium
#   remediation: >-
#     Write the deployment plan: rollout strategy (and why, for all at once), the monitoring
#     that validates the release, the rollback triggers and time limit; brief the deployment
#     team on it before the deployment and record the briefing.
#   evidence: [/deployment_plan]
package relpolicy.release.rm_15

import rego.v1

import data.relpolicy.lib.release as lib

plan := input.deployment_plan

strategy := plan.rollout.strategy

deny contains {"msg": "the deployment plan names no rollout strategy", "evidence": "/deployment_plan"} if {
	not strategy
}

deny contains f if {
	strategy in lib.params.rollout.needs_reason
	not lib.filled(object.get(plan.rollout, "reason", null))
	f := {"msg": sprintf("an %s rollout needs a stated reason", [strategy]), "evidence": "/deployment_plan/rollout", "param": "rollout.needs_reason"}
}

deny contains f if {
	some field, words in {"monitoring": "no monitoring that validates the release", "rollback_triggers": "no rollback triggers"}
	count(object.get(plan, field, [])) == 0
	f := {"msg": sprintf("the deployment plan names %s", [words]), "evidence": "/deployment_plan"}
}

deny contains {"msg": "the deployment plan gives no rollback time limit", "evidence": "/deployment_plan"} if {
	not plan.rollback_time_limit_minutes
}

deny contains f if {
	input.rollback.time_limit_minutes != plan.rollback_time_limit_minutes
	f := {"msg": sprintf("the team was briefed on a rollback time limit of %v minutes, but the rollback plan allows %v", [plan.rollback_time_limit_minutes, input.rollback.time_limit_minutes]), "evidence": "/deployment_plan/rollback_time_limit_minutes"}
}

# Every trigger of the rollback plan is one the team was briefed on.
deny contains f if {
	some trigger in object.get(input, ["rollback", "triggers"], [])
	not lib.norm(trigger) in {lib.norm(t) | some t in object.get(plan, "rollback_triggers", [])}
	f := {"msg": sprintf("the team was not briefed on the rollback trigger '%s' of the rollback plan", [trigger]), "evidence": "/deployment_plan/rollback_triggers"}
}

# The release manager briefs the deployment team (the release names them).
deny contains f if {
	plan.briefing
	manager := object.get(input.release, ["release_manager", "id"], null)
	object.get(plan.briefing, ["by", "id"], null) != manager
	f := {"msg": sprintf("the briefing was given by %v, not by the release manager the release names (%v)", [object.get(plan.briefing, ["by", "id"], "nobody"), manager]), "evidence": "/deployment_plan/briefing"}
}

deny contains {"msg": "no briefing of the deployment team is recorded", "evidence": "/deployment_plan"} if {
	not plan.briefing
}

deny contains {"msg": "the briefing names no attendees from the deployment team", "evidence": "/deployment_plan/briefing"} if {
	plan.briefing
	count(object.get(plan.briefing, "attendees", [])) == 0
}

deny contains f if {
	plan.briefing
	some f in lib.before_production("/deployment_plan/briefing/held_at", "the briefing of the deployment team")
}

satisfied if {
	strategy
	count(plan.monitoring) > 0
	count(plan.rollback_triggers) > 0
	plan.rollback_time_limit_minutes > 0
	count(plan.briefing.attendees) > 0
	# No finding above stands in the way.
	count(deny) == 0
}

# What the verdict rests on: the rollout strategy, and who was briefed by whom when.
basis contains lib.basis_item("/deployment_plan", input.deployment_plan, "deployment plan", ["rollout.strategy", "rollback_time_limit_minutes", "briefing.by.id", "briefing.held_at"])

basis contains b if {
	some i, _ in object.get(plan, ["briefing", "attendees"], [])
	i < lib.basis_limit
	b := lib.basis_item(sprintf("/deployment_plan/briefing/attendees/%d", [i]), plan.briefing.attendees[i], "briefed", ["id", "name", "role"])
}
