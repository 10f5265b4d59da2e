# Unit tests of the RM-11 policy: scenarios of testdata/cases/RM-11.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied.
package relpolicy.release.rm_11_test

import rego.v1

import data.relpolicy.release.rm_11
import data.relpolicy.test.fixture

# booked, and nothing that conflicts overlaps the window (a cancelled booking blocks nothing)
test_booked_and_nothing_that_conflicts_overlaps_the_window_a if {
	doc := fixture.edit(fixture.release, [
	])
	rm_11.satisfied with input as doc
	count(rm_11.deny) == 0 with input as doc
}

# a release of a service payments-api depends on, inside the window
test_a_release_of_a_service_payments_api_depends_on_inside_the if {
	doc := fixture.edit(fixture.release, [
		["add", "/calendar/events/-", {"uid": "rel-2026-03-017", "summary": "REL-2026-03-017: ledger 5.0.3 hotfix", "start": "2026-03-14T20:30:00Z", "end": "2026-03-14T22:00:00Z", "categories": ["release", "ledger"]}],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "overlaps `REL-2026-03-017: ledger 5.0.3 hotfix` (2026-03-14T20:30:00Z to 2026-03-14T22:00:00Z): another release of ledger") with input as doc
}

# a release of a service that depends on payments-api
test_a_release_of_a_service_that_depends_on_payments_api if {
	doc := fixture.edit(fixture.release, [
		["add", "/services/-", {"name": "checkout", "depends_on": ["payments-api"]}],
		["add", "/calendar/events/-", {"summary": "REL-2026-03-018: checkout 7.2.0", "start": "2026-03-14T21:00:00Z", "end": "2026-03-14T23:00:00Z", "categories": ["release", "checkout"]}],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "another release of checkout") with input as doc
}

# a release of an unrelated service may share the window
test_a_release_of_an_unrelated_service_may_share_the_window if {
	doc := fixture.edit(fixture.release, [
		["add", "/calendar/events/1/start", "2026-03-14T20:00:00Z"],
		["add", "/calendar/events/1/end", "2026-03-14T21:00:00Z"],
	])
	rm_11.satisfied with input as doc
	count(rm_11.deny) == 0 with input as doc
}

# the cancelled ledger release rebooked
test_the_cancelled_ledger_release_rebooked if {
	doc := fixture.edit(fixture.release, [
		["remove", "/calendar/events/4/status"],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "another release of ledger") with input as doc
}

# production maintenance in the window
test_production_maintenance_in_the_window if {
	doc := fixture.edit(fixture.release, [
		["add", "/calendar/events/5/start", "2026-03-14T21:00:00Z"],
		["add", "/calendar/events/5/end", "2026-03-14T23:00:00Z"],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "overlaps `Production network maintenance` (2026-03-14T21:00:00Z to 2026-03-14T23:00:00Z): maintenance of production") with input as doc
}

# staging maintenance in the window does not touch production
test_staging_maintenance_in_the_window_does_not_touch if {
	doc := fixture.edit(fixture.release, [
		["add", "/calendar/events/2/start", "2026-03-14T21:00:00Z"],
		["add", "/calendar/events/2/end", "2026-03-14T23:00:00Z"],
	])
	rm_11.satisfied with input as doc
	count(rm_11.deny) == 0 with input as doc
}

# maintenance that names no environment may touch production
test_maintenance_that_names_no_environment_may_touch if {
	doc := fixture.edit(fixture.release, [
		["add", "/calendar/events/-", {"summary": "Datacentre power work", "start": "2026-03-14T19:00:00Z", "end": "2026-03-14T20:30:00Z", "categories": ["maintenance"]}],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "overlaps `Datacentre power work` (2026-03-14T19:00:00Z to 2026-03-14T20:30:00Z): maintenance of production") with input as doc
}

# a blocked period over the window
test_a_blocked_period_over_the_window if {
	doc := fixture.edit(fixture.release, [
		["add", "/calendar/events/3/end", "2026-03-15T00:00:00Z"],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "a blocked period") with input as doc
}

# the release is not booked in the calendar
test_the_release_is_not_booked_in_the_calendar if {
	doc := fixture.edit(fixture.release, [
		["remove", "/calendar/events/0"],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "the release calendar holds no booking of REL-2026-03-015 that covers its window") with input as doc
}

# a booking shorter than the window does not reserve it
test_a_booking_shorter_than_the_window_does_not_reserve_it if {
	doc := fixture.edit(fixture.release, [
		["add", "/calendar/events/0/end", "2026-03-14T21:00:00Z"],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "holds no booking of REL-2026-03-015 that covers its window") with input as doc
}

# a recurring series that was not expanded cannot be shown clear of the window
test_a_recurring_series_that_was_not_expanded_cannot_be_shown if {
	doc := fixture.edit(fixture.release, [
		["add", "/calendar/events/-", {"summary": "Weekly patching", "start": "2026-01-03T18:00:00Z", "end": "2026-01-03T22:00:00Z", "categories": ["maintenance", "production"], "recurrence": "FREQ=WEEKLY;BYDAY=SA"}],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "the recurring event `Weekly patching` (FREQ=WEEKLY;BYDAY=SA) could not be expanded around the window") with input as doc
}

# an event whose end cannot be used cannot be placed
test_an_event_whose_end_cannot_be_used_cannot_be_placed if {
	doc := fixture.edit(fixture.release, [
		["add", "/calendar/events/3/end", "1970-01-01T00:00:00Z"],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "the event `Board meeting: no deployments` cannot be placed: /calendar/events/3/end") with input as doc
}

# the dependency list does not name the release's service
test_the_dependency_list_does_not_name_the_release_s_service if {
	doc := fixture.edit(fixture.release, [
		["add", "/services/0/name", "payments-gateway"],
	])
	not rm_11.satisfied with input as doc
	fixture.says(rm_11.deny, "the service dependency list does not name the release's service") with input as doc
}

# no release calendar
test_no_release_calendar if {
	doc := fixture.edit(fixture.release, [
		["remove", "/calendar"],
	])
	not rm_11.satisfied with input as doc
}
