# METADATA
# title: Deployment scheduled in a maintenance window, outside blackout periods
# description: >-
#   The planned deployment window, and every production deployment recorded, start and end
#   inside one maintenance window (params.schedule.maintenance_windows) and touch no blackout
#   day: the month-end close (28th to 2nd) or the year-end freeze. Release types listed in
#   params.schedule.exempt (emergency) are exempt from those. Whatever the type, the planned
#   window ends after it starts and every production deployment happens inside it.
# custom:
#   requirement: RM-03
#   severity: high
#   remediation: >-
#     Move the deployment into a maintenance window outside the month-end and year-end
#     blackouts, or, for a genuine production incident, classify the release as emergency
#     and obtain emergency approval; deploy within the window you planned and announced.
#   evidence: [/release/target_window, /release/type]
package relpolicy.release.rm_03

import rego.v1

import data.relpolicy.lib.release as lib

schedule := lib.params.schedule

exempt if input.release.type in schedule.exempt

week := 7 * 1440

day_index := {"Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5, "Sunday": 6}

# Minutes since Monday 00:00, local time.
minute_of_week(t) := ((day_index[time.weekday([t, lib.zone])] * 1440) + (c[0] * 60)) + c[1] if {
	c := time.clock([t, lib.zone])
}

window_start(w) := (day_index[w.day] * 1440) + clock_minutes(w.start)

# "18:30" as minutes after midnight (a malformed time is an evaluation error, never a pass).
clock_minutes(hhmm) := (time.parse_ns("2006-01-02 15:04", sprintf("2000-01-01 %s", [hhmm])) - time.parse_ns("2006-01-02", "2000-01-01")) / lib.minute_ns

# Minutes from the opening of window `w` to the moment `t`, if `t` is inside it.
into_window(w, t) := m if {
	m := ((minute_of_week(t) - window_start(w)) + week) % week
	m < w.hours * 60
}

# True when the whole span [start, end] lies inside one window.
inside(start, end) if {
	some w in schedule.maintenance_windows
	m := into_window(w, start)
	(m * lib.minute_ns) + (end - start) <= w.hours * lib.hour_ns
}

plan_start := "/release/target_window/start"

# The planned end, or the start when the plan names no end.
plan_end := "/release/target_window/end" if input.release.target_window.end
else := plan_start

production := [i | some i, d in input.deployments; d.environment == lib.params.environments.production]

deployment_end(i) := sprintf("/deployments/%d/finished_at", [i]) if input.deployments[i].finished_at
else := lib.start_of(i)

# The spans to check, each as the pointers of its start and end: the plan, and every
# production deployment.
spans := array.concat(
	[{"what": "the planned deployment window", "at": "/release/target_window", "start": plan_start, "end": plan_end}],
	[{"what": deployment_name(i), "at": sprintf("/deployments/%d", [i]), "start": lib.start_of(i), "end": deployment_end(i)} | some i in production],
)

deployment_name(i) := sprintf("production deployment %s", [object.get(input.deployments[i], "id", sprintf("#%d", [i]))])

# Every span's times must be usable; the timeline names the flaw.
unusable contains f if {
	some s in spans
	some p in [s.start, s.end]
	flaw := lib.time_flaw(p)
	f := {"msg": sprintf("%s cannot be placed in time: %s %s", [s.what, p, flaw]), "evidence": s.at}
}

# Every production deployment inside the planned window.
off_plan contains f if {
	some i in production
	some f in lib.order_findings([
		lib.event(plan_start, "the opening of the planned window"),
		lib.event(lib.start_of(i), sprintf("the start of %s", [deployment_name(i)])),
	])
}

off_plan contains f if {
	some i in production
	some f in lib.order_findings([
		lib.event(deployment_end(i), sprintf("the end of %s", [deployment_name(i)])),
		lib.event(plan_end, "the end of the planned window"),
	])
}

month_end(date) if date[2] >= schedule.month_end_blackout.from_day

month_end(date) if date[2] <= schedule.month_end_blackout.to_day

year_end(date) if sprintf("%02d-%02d", [date[1], date[2]]) >= schedule.year_end_freeze.from

year_end(date) if sprintf("%02d-%02d", [date[1], date[2]]) <= schedule.year_end_freeze.to

blackout(date) := "the month-end blackout" if month_end(date)
else := "the year-end freeze" if year_end(date)

blackout_param(date) := "schedule.month_end_blackout" if month_end(date)
else := "schedule.year_end_freeze"

window_list := concat(", ", [sprintf("%s %s for %d hours", [w.day, w.start, w.hours]) | some w in schedule.maintenance_windows])

deny contains f if some f in unusable

deny contains f if some f in off_plan

deny contains f if {
	not exempt
	some s in spans
	start := lib.time_at(s.start)
	end := lib.time_at(s.end)
	not inside(start, end)
	f := {
		"msg": sprintf("%s (%s to %s) is not inside a maintenance window (%s, %s)", [s.what, lib.show(start), lib.show(end), window_list, lib.zone]),
		"evidence": s.at,
		"param": ["schedule.maintenance_windows", "schedule.timezone"],
	}
}

deny contains f if {
	not exempt
	some s in spans
	some p in [s.start, s.end]
	date := lib.local_date(lib.time_at(p))
	reason := blackout(date)
	f := {
		"msg": sprintf("%s falls on %04d-%02d-%02d, in %s; only %s releases may deploy then", [s.what, date[0], date[1], date[2], reason, concat(" or ", schedule.exempt)]),
		"evidence": s.at,
		"param": [blackout_param(date), "schedule.exempt"],
	}
}

scheduled if exempt

scheduled if {
	every s in spans {
		inside(lib.time_at(s.start), lib.time_at(s.end))
		not blackout(lib.local_date(lib.time_at(s.start)))
		not blackout(lib.local_date(lib.time_at(s.end)))
	}
}

satisfied if {
	count(unusable) == 0
	count(off_plan) == 0
	scheduled
}

# What the verdict rests on: the target window and the production deployments' times.
basis contains lib.window_basis

basis contains b if some b in lib.production_basis
