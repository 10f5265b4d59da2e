# METADATA
# title: No conflict in the release calendar
# description: >-
#   The release calendar (calendar, from iCalendar exports) holds a release event naming the
#   release's identifier that covers its target window; and the window overlaps no event that
#   conflicts: a release of the same service or of one it depends on or that depends on it
#   (services); maintenance of the production environment (or of no named environment); a
#   blocked period. Categories say what an event is and what it concerns (params.calendar).
#   Cancelled events block nothing. An emergency release takes precedence over other releases
#   and blocked periods, but not over another emergency or over maintenance. A recurring series
#   that could not be expanded fails: it cannot be shown not to overlap.
# custom:
#   requirement: RM-11
#   severity: medium
#   remediation: >-
#     Book the release in the release calendar for its window, and move the window (or the
#     other booking) until it overlaps no release of a related service, no production
#     maintenance and no blocked period; export the calendar as iCalendar with the target
#     window set in relpolicy.yaml.
#   evidence: [/calendar, /services, /release/target_window]
package relpolicy.release.rm_11

import rego.v1

import data.relpolicy.lib.release as lib

events := object.get(input.calendar, "events", [])

cal := lib.params.calendar

service := lib.norm(object.get(input.release, "name", ""))

emergency if input.release.type == "emergency"

# Services related to the release's: itself, those it depends on, those that depend on it.
related := ({service} | {lib.norm(d) | some s in input.services; lib.norm(s.name) == service; some d in object.get(s, "depends_on", [])}) | {lib.norm(s.name) | some s in input.services; some d in object.get(s, "depends_on", []); lib.norm(d) == service}

environments := {lib.norm(e) | some e in lib.params.environments.promotion_path}

categories(i) := {lib.norm(c) | some c in object.get(events[i], "categories", [])}

is_kind(i, kind) if {
	some c in cal[kind]
	lib.norm(c) in categories(i)
}

active(i) if not lib.norm(object.get(events[i], "status", "")) == "cancelled"

start_at(i) := sprintf("/calendar/events/%d/start", [i])

end_at(i) := sprintf("/calendar/events/%d/end", [i])

window_start := lib.time_at("/release/target_window/start")

window_end := lib.time_at("/release/target_window/end")

# The release's own bookings: release events that name its identifier.
own(i) if {
	is_kind(i, "release")
	contains(object.get(events[i], "summary", ""), input.release.id)
}

booked if {
	some i, _ in events
	own(i)
	active(i)
	lib.time_at(start_at(i)) <= window_start
	lib.time_at(end_at(i)) >= window_end
}

overlaps(i) if {
	lib.time_at(start_at(i)) < window_end
	lib.time_at(end_at(i)) > window_start
}

# Why event `i` conflicts with the window; undefined when it does not.
conflict(i) := sprintf("another release of %s", [concat(", ", sort([s | some s in categories(i) & related]))]) if {
	is_kind(i, "release")
	not own(i)
	count(categories(i) & related) > 0
	not yields(i)
} else := "maintenance of production" if {
	is_kind(i, "maintenance")
	production_affected(i)
} else := "a blocked period" if {
	is_kind(i, "blocked")
	not emergency
}

# An emergency takes precedence over a scheduled release, not over another emergency.
yields(i) if {
	emergency
	not is_kind(i, "emergency")
}

production_affected(i) if lib.norm(lib.params.environments.production) in categories(i)

production_affected(i) if count(categories(i) & environments) == 0

conflicts contains i if {
	some i, _ in events
	active(i)
	overlaps(i)
	conflict(i)
}

deny contains f if {
	some at in ["/release/target_window/start", "/release/target_window/end"]
	flaw := lib.time_flaw(at)
	f := {"msg": sprintf("the window cannot be placed in the calendar: %s %s", [at, flaw]), "evidence": "/release/target_window"}
}

deny contains f if {
	window_start
	window_end
	not booked
	f := {"msg": sprintf("the release calendar holds no booking of %s that covers its window (%s to %s): reserve the window", [input.release.id, lib.show(window_start), lib.show(window_end)]), "evidence": "/calendar"}
}

deny contains f if {
	some i in conflicts
	e := events[i]
	f := {
		"msg": sprintf("the window %s to %s overlaps `%s` (%s to %s): %s", [lib.show(window_start), lib.show(window_end), object.get(e, "summary", object.get(e, "uid", "an event")), lib.show(lib.time_at(start_at(i))), lib.show(lib.time_at(end_at(i))), conflict(i)]),
		"evidence": sprintf("/calendar/events/%d", [i]),
		"param": "calendar",
	}
}

deny contains f if {
	some i, e in events
	e.recurrence
	f := {"msg": sprintf("the recurring event `%s` (%s) could not be expanded around the window: set release.target_window in relpolicy.yaml and gather again", [object.get(e, "summary", ""), e.recurrence]), "evidence": sprintf("/calendar/events/%d", [i])}
}

deny contains f if {
	some i, e in events
	active(i)
	some at in [start_at(i), end_at(i)]
	flaw := lib.time_flaw(at)
	f := {"msg": sprintf("the event `%s` cannot be placed: %s %s", [object.get(e, "summary", ""), at, flaw]), "evidence": sprintf("/calendar/events/%d", [i])}
}

deny contains {"msg": "the service dependency list does not name the release's service", "evidence": "/services"} if {
	not service in {lib.norm(s.name) | some s in input.services}
}

satisfied if {
	booked
	count(conflicts) == 0
	service in {lib.norm(s.name) | some s in input.services}
	every i, e in events {
		not e.recurrence
		placed(i)
	}
	# No finding above stands in the way.
	count(deny) == 0
}

placed(i) if not active(i)

placed(i) if {
	lib.time_at(start_at(i))
	lib.time_at(end_at(i))
}

# What the verdict rests on: the window, and the release's own booking in the calendar.
basis contains lib.window_basis

basis contains b if {
	some i, _ in events
	own(i)
	b := lib.basis_item(sprintf("/calendar/events/%d", [i]), events[i], "calendar booking", ["uid", "summary", "start", "end", "categories"])
}
