# METADATA
# title: Deployment scheduled in a maintenance window, outside blackout periods
# description: >-
#   The planned deployment window, and every production deployment recorded, start and end
#   inside one maintenance window (params.schedule.maintenance_windows) and touch no blackout
#   day: the month-end close (28th to 2nd) or the year-end freeze. Release types listed in
#   params.schedule.exempt (emergency) are exempt.
# custom:
#   requirement: RM-03
#   severity: high
#   remediation: >-
#     Move the deployment into a maintenance window outside the month-end and year-end
#     blackouts, or, for a genuine production incident, classify the release as emergency
#     and obtain emergency approval.
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

# The spans to check: the plan, and every production deployment.
spans contains {"what": "the planned deployment window", "at": "/release/target_window", "start": start, "end": end} if {
	w := input.release.target_window
	start := lib.ns(w.start)
	end := lib.ns(object.get(w, "end", w.start))
}

spans contains {"what": sprintf("production deployment %s", [d.id]), "at": sprintf("/deployments/%d", [i]), "start": start, "end": end} if {
	some i, d in input.deployments
	d.environment == lib.params.environments.production
	start := lib.ns(d.started_at)
	end := lib.ns(object.get(d, "finished_at", d.started_at))
}

month_end(date) if date[2] >= schedule.month_end_blackout.from_day

month_end(date) if date[2] <= schedule.month_end_blackout.to_day

year_end(date) if sprintf("%02d-%02d", [date[1], date[2]]) >= schedule.year_end_freeze.from

year_end(date) if sprintf("%02d-%02d", [date[1], date[2]]) <= schedule.year_end_freeze.to

blackout(date) := "the month-end blackout" if month_end(date)
else := "the year-end freeze" if year_end(date)

window_list := concat(", ", [sprintf("%s %s for %d hours", [w.day, w.start, w.hours]) | some w in schedule.maintenance_windows])

deny contains f if {
	not exempt
	some s in spans
	not inside(s.start, s.end)
	f := {
		"msg": sprintf("%s (%s to %s) is not inside a maintenance window (%s, %s)", [s.what, lib.show(s.start), lib.show(s.end), window_list, lib.zone]),
		"evidence": s.at,
	}
}

deny contains f if {
	not exempt
	some s in spans
	some t in [s.start, s.end]
	date := lib.local_date(t)
	reason := blackout(date)
	f := {
		"msg": sprintf("%s falls on %04d-%02d-%02d, in %s; only %s releases may deploy then", [s.what, date[0], date[1], date[2], reason, concat(" or ", schedule.exempt)]),
		"evidence": s.at,
	}
}

satisfied if exempt

satisfied if {
	count(spans) > 0
	every s in spans {
		inside(s.start, s.end)
		not blackout(lib.local_date(s.start))
		not blackout(lib.local_date(s.end))
	}
}
