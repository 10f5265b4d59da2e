# METADATA
# title: Stage gates met on schedule
# description: >-
#   Working back from the day the target window opens: planning, build, testing and staging
#   acceptance (release.stages) completed in that order, each on or before the day its lead time
#   earlier (params.stage_gates.lead_days: 10, 8, 4 and 2 days; days in
#   params.schedule.timezone), the lead times growing by params.stage_gates.major_factor (1.5,
#   rounded up to whole days) for a major release. A stage cannot complete before its own work:
#   the build not before the last artifact was built, testing not before the last system test
#   run ended. A stage without a usable completion time fails.
# custom:
#   requirement: RM-10
#   severity: medium
#   remediation: >-
#     Plan the release back from the target deployment and record when each stage completed
#     (release.stages: planning, build, test, staging); move the window if a stage finishes
#     later than its lead time allows.
#   evidence: [/release/stages, /release/target_window]
package relpolicy.release.rm_10

import rego.v1

import data.relpolicy.lib.release as lib

stages := ["planning", "build", "test", "staging"]

names := {"planning": "planning", "build": "the build", "test": "testing", "staging": "staging acceptance"}

gates := lib.params.stage_gates

factor := gates.major_factor if input.release.type == "major"
else := 1

window_at := "/release/target_window/start"

window_ns := lib.time_at(window_at)

completed_at(stage) := sprintf("/release/stages/%s/completed_at", [stage])

# The lead time of a stage in whole days.
lead_days(stage) := ceil(gates.lead_days[stage] * factor)

# The last day a stage may complete on, as a date from lib.date_of.
due(stage) := lib.date_of(window_ns) - (lead_days(stage) * lib.day_ns)

late contains stage if {
	some stage in stages
	lib.date_of(lib.time_at(completed_at(stage))) > due(stage)
}

deny contains f if {
	flaw := lib.time_flaw(window_at)
	f := {"msg": sprintf("the stage gates cannot be checked: %s %s", [window_at, flaw]), "evidence": window_at}
}

deny contains f if {
	some stage in stages
	flaw := lib.time_flaw(completed_at(stage))
	f := {"msg": sprintf("%s has no usable completion time: %s %s", [names[stage], completed_at(stage), flaw]), "evidence": "/release/stages"}
}

deny contains f if {
	some stage in late
	f := {
		"msg": sprintf("%s completed %s, after %s: a %s release needs it %d days before the window opens (%s)", [names[stage], lib.show(lib.time_at(completed_at(stage))), lib.show_date(due(stage)), input.release.type, lead_days(stage), lib.show(window_ns)]),
		"evidence": completed_at(stage),
		"param": [sprintf("stage_gates.lead_days.%s", [stage]), "stage_gates.major_factor"],
	}
}

# A stage does not complete before its own work: the last build, the last system test run.
build_times := [object.get(input.timeline.times, sprintf("/artifacts/%d/built_at", [i]), -1) | some i, _ in input.artifacts]

test_ends := [object.get(input.timeline.times, sprintf("/system_test_report/runs/%d/finished_at", [i]), -1) | some i, _ in object.get(input, ["system_test_report", "runs"], [])]

deny contains f if {
	some [stage, times, what] in [["build", build_times, "the last artifact was built"], ["test", test_ends, "the last system test run ended"]]
	count(times) > 0
	lib.time_at(completed_at(stage)) < max(times)
	f := {"msg": sprintf("%s is recorded as completed %s, before %s (%s)", [names[stage], lib.show(lib.time_at(completed_at(stage))), what, lib.show(max(times))]), "evidence": completed_at(stage)}
}

# The stages in order.
deny contains f if {
	some f in lib.order_findings([lib.event(completed_at(stage), sprintf("the completion of %s", [names[stage]])) | some stage in stages])
	not contains(f.msg, "has no usable time")
}

satisfied if {
	window_ns
	every stage in stages {
		lib.time_at(completed_at(stage))
	}
	count(late) == 0
	# No finding above stands in the way.
	count(deny) == 0
}

# What the verdict rests on: when each stage was completed, against the target window.
basis contains b if {
	some stage in stages
	b := lib.basis_item(sprintf("/release/stages/%s", [stage]), input.release.stages[stage], sprintf("%s stage", [stage]), ["started_at", "completed_at"])
}

basis contains lib.window_basis
