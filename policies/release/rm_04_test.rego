# Unit tests of the RM-04 policy: scenarios of testdata/cases/RM-04.yaml, checked on the rules
# directly. Documents are the example release (fixture_test.rego) with JSON patches applied;
# summaries are what relpolicy derives, so tests that change test cases also patch them.
package relpolicy.release.rm_04_test

import rego.v1

import data.relpolicy.release.rm_04
import data.relpolicy.test.fixture

# a medium-impact release announced to affected users and support three business days ahead
test_a_medium_impact_release_announced_to_affected_users_and if {
	doc := fixture.release
	rm_04.satisfied with input as doc
	count(rm_04.deny) == 0 with input as doc
}

# a notice sent on Thursday for a Saturday deployment gives one business day
test_a_notice_sent_on_thursday_for_a_saturday_deployment_gives if {
	doc := fixture.edit(fixture.release, [
		["add", "/notifications/0/sent_at", "2026-03-12T09:00:00Z"],
	])
	not rm_04.satisfied with input as doc
	fixture.says(rm_04.deny, "no notification reached 'affected-users' 3 business days before the production deployment start at 2026-03-14T20:02:00Z, as a medium-impact release requires") with input as doc
	fixture.says(rm_04.deny, "notification NOTE-2026-0144 to 'support' was sent 2026-03-12T09:00:00Z, 1 business day ahead; 3 are required") with input as doc
}

# a high-impact release needs five business days and leadership and partners told
test_a_high_impact_release_needs_five_business_days_and if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/impact", "high"],
	])
	not rm_04.satisfied with input as doc
	fixture.says(rm_04.deny, "no notification reached 'all-users' 5 business days before") with input as doc
	fixture.says(rm_04.deny, "no notification reached 'leadership'") with input as doc
	fixture.says(rm_04.deny, "no notification reached 'partners'") with input as doc
}

# the right audience, told too late
test_the_right_audience_told_too_late if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/impact", "high"],
		["add", "/notifications/0/audience", ["all-users", "leadership", "partners"]],
	])
	not rm_04.satisfied with input as doc
	fixture.says(rm_04.deny, "notification NOTE-2026-0144 to 'partners' was sent 2026-03-10T09:00:00Z, 3 business days ahead; 5 are required") with input as doc
}

# a high-impact release announced to everyone a week ahead
test_a_high_impact_release_announced_to_everyone_a_week_ahead if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/impact", "high"],
		["add", "/notifications/0/sent_at", "2026-03-06T09:00:00Z"],
		["add", "/notifications/0/audience", ["All-Users", "leadership", "partners"]],
	])
	rm_04.satisfied with input as doc
	count(rm_04.deny) == 0 with input as doc
}

# a low-impact release needs only the technical teams, one business day ahead
test_a_low_impact_release_needs_only_the_technical_teams_one if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/impact", "low"],
		["add", "/notifications/0/sent_at", "2026-03-12T09:00:00Z"],
		["add", "/notifications/0/audience", ["technical-teams"]],
	])
	rm_04.satisfied with input as doc
	count(rm_04.deny) == 0 with input as doc
}

# a notice sent on the Friday before a Saturday deployment is no business day ahead
test_a_notice_sent_on_the_friday_before_a_saturday_deployment_is if {
	doc := fixture.edit(fixture.release, [
		["add", "/release/impact", "low"],
		["add", "/notifications/0/sent_at", "2026-03-13T09:00:00Z"],
		["add", "/notifications/0/audience", ["technical-teams"]],
	])
	not rm_04.satisfied with input as doc
	fixture.says(rm_04.deny, "notification NOTE-2026-0144 to 'technical-teams' was sent 2026-03-13T09:00:00Z, 0 business days ahead; 1 is required") with input as doc
}

# support was never told
test_support_was_never_told if {
	doc := fixture.edit(fixture.release, [
		["add", "/notifications/0/audience", ["affected-users"]],
	])
	not rm_04.satisfied with input as doc
	fixture.says(rm_04.deny, "no notification reached 'support'") with input as doc
}

# no notifications sent at all
test_no_notifications_sent_at_all if {
	doc := fixture.edit(fixture.release, [
		["add", "/notifications", []],
	])
	not rm_04.satisfied with input as doc
	count(rm_04.deny) > 0 with input as doc
}

# without an impact level the notice period is unknown
test_without_an_impact_level_the_notice_period_is_unknown if {
	doc := fixture.edit(fixture.release, [
		["remove", "/release/impact"],
	])
	not rm_04.satisfied with input as doc
}

# Hand-written: what the scenarios above do not reach.

test_without_a_deployment_or_window_the_notice_cannot_be_measured if {
	doc := fixture.edit(fixture.release, [["remove", "/deployments"], ["remove", "/release/target_window"]])
	not rm_04.satisfied with input as doc
	fixture.says(rm_04.deny, "the notice period cannot be checked") with input as doc
}

test_business_days_skip_the_weekend if {
	# Friday 6 March to Saturday 14 March: Mon 9 to Fri 13 are five business days.
	doc := fixture.edit(fixture.release, [
		["add", "/release/impact", "high"],
		["add", "/notifications/0/sent_at", "2026-03-06T17:00:00Z"],
		["add", "/notifications/0/audience", ["all-users", "leadership", "partners"]],
	])
	rm_04.satisfied with input as doc
}

# The schema requires `sent_at`; a notification whose time is unusable (as policies see it without
# the schema) still names the field rather than vanishing.
test_a_notification_without_a_usable_time_names_the_field if {
	doc := fixture.edit(fixture.release, [["remove", "/notifications/0/sent_at"]])
	not rm_04.satisfied with input as doc
	fixture.says(rm_04.deny, "notification NOTE-2026-0144 to 'support' has no usable time: /notifications/0/sent_at is not recorded") with input as doc
}
