# METADATA
# title: Release defined and approved before build
# description: >-
#   The release definition is complete: identifier, type and the rationale for it, included
#   changes, target window (start and end), the promotion schedule (a date for every environment
#   of params.environments.promotion_path, in path order, none before planning started, production
#   on the day the window opens), resources, the risk assessment summary, the rollback
#   constraints and the rollback time limit. The service owner the release names approved it
#   (approval scope release-definition) before the build started (release.stages.build
#   .started_at).
# custom:
#   requirement: RM-14
#   severity: high
#   remediation: >-
#     Complete the release definition (type rationale, changes, window, promotion schedule,
#     resources, risk summary, rollback constraints and time limit) and have the service owner
#     approve it (scope release-definition) before the build starts.
#   evidence: [/release/type, /release/changes, /release/target_window, /approvals, /release/stages/build]
package relpolicy.release.rm_14

import rego.v1

import data.relpolicy.lib.release as lib

release := input.release

scope := "release-definition"

groups := lib.params.approvals[scope]

build_start := lib.event("/release/stages/build/started_at", "the start of the build")

# What the definition must give, with the words for messages.
parts := {
	"id": "the release identifier",
	"type": "the release type",
	"classification_rationale": "the rationale for the release type",
	"risk_assessment": "the risk assessment summary",
	"rollback_constraints": "the rollback constraints",
}

deny contains f if {
	some field, words in parts
	not lib.filled(object.get(release, field, null))
	f := {"msg": sprintf("the release definition does not give %s", [words]), "evidence": "/release"}
}

deny contains {"msg": "the release definition lists no changes", "evidence": "/release/changes"} if {
	count(object.get(release, "changes", [])) == 0
}

deny contains f if {
	some end in ["start", "end"]
	not release.target_window[end]
	f := {"msg": sprintf("the release definition's target window has no %s", [end]), "evidence": "/release/target_window"}
}

scheduled := {lib.norm(p.environment) | some p in object.get(release, "promotion_schedule", [])}

deny contains f if {
	some env in lib.params.environments.promotion_path
	not lib.norm(env) in scheduled
	f := {"msg": sprintf("the promotion schedule gives no date for %s", [env]), "evidence": "/release/promotion_schedule"}
}

# The schedule follows the path, from planning on, to production on the day the window opens.
schedule := object.get(release, "promotion_schedule", [])

scheduled_day(env) := lib.day_at(sprintf("/release/promotion_schedule/%d/date", [i])) if {
	some i, p in schedule
	lib.norm(p.environment) == lib.norm(env)
}

deny contains f if {
	path := lib.params.environments.promotion_path
	some k in numbers.range(1, count(path) - 1)
	scheduled_day(path[k]) < scheduled_day(path[k - 1])
	f := {"msg": sprintf("the promotion schedule reaches %s (%s) before %s (%s)", [path[k], lib.show_day(scheduled_day(path[k])), path[k - 1], lib.show_day(scheduled_day(path[k - 1]))]), "evidence": "/release/promotion_schedule"}
}

deny contains f if {
	day := scheduled_day(lib.params.environments.production)
	window_day := floor(lib.date_of(lib.time_at("/release/target_window/start")) / lib.day_ns)
	day != window_day
	f := {"msg": sprintf("the promotion schedule reaches production on %s, not on the day the window opens (%s)", [lib.show_day(day), lib.show_day(window_day)]), "evidence": "/release/promotion_schedule"}
}

deny contains f if {
	planning_started := floor(lib.time_at("/release/stages/planning/started_at") / lib.day_ns)
	some i, _ in schedule
	day := lib.day_at(sprintf("/release/promotion_schedule/%d/date", [i]))
	day < planning_started
	f := {"msg": sprintf("the promotion schedule gives %s, before planning started (%s)", [lib.show_day(day), lib.show_day(planning_started)]), "evidence": sprintf("/release/promotion_schedule/%d", [i])}
}

deny contains {"msg": "the release definition names no resources (people, environments or tools)", "evidence": "/release/resources"} if {
	count([r | some _, list in object.get(release, "resources", {}); some r in list]) == 0
}

deny contains {"msg": "the release definition gives no rollback time limit (rollback.time_limit_minutes)", "evidence": "/rollback"} if {
	not input.rollback.time_limit_minutes
}

deny contains f if {
	not lib.signed_off_before(scope, groups, "RM-14", build_start)
	some f in lib.signoff_findings_before(scope, groups, "approval of the release definition", "RM-14", build_start)
}

satisfied if {
	every field, _ in parts {
		lib.filled(object.get(release, field, null))
	}
	count(release.changes) > 0
	release.target_window.end
	every env in lib.params.environments.promotion_path {
		lib.norm(env) in scheduled
	}
	input.rollback.time_limit_minutes
	lib.signed_off_before(scope, groups, "RM-14", build_start)
	# No finding above stands in the way.
	count(deny) == 0
}

# What the verdict rests on: the approval of the release definition before the build.
basis contains b if some b in lib.signoff_basis_before(scope, groups, "RM-14", build_start)

basis contains lib.basis_item("/release/stages/build", input.release.stages.build, "build stage", ["started_at"])
