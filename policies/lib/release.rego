# Helpers shared by the bundled release policies: the proof rules in one place.
#
# Written to decide the same in OPA as in regorus (CI compares them): a negation never takes a
# reference that may be undefined as a function argument. OPA then makes the whole statement
# undefined, where regorus makes the negation true; so such values go through object.get with a
# null default first.
#
# This package decides no requirement: it has no `custom.requirement` and lives under
# relpolicy.lib, so relpolicy loads it next to every policy. Policies import it as
# `data.relpolicy.lib.release`.
#
# What counts as proof (docs/check.md) is owned here, so that no policy has to get it right on
# its own:
# - times come from `input.timeline`, which relpolicy computes once per document: a time that is
#   absent or flawed (later than the evaluation, a placeholder, an end before its start) makes
#   every comparison with it fail and names its field; policies never parse evidence times;
# - a text counts as filled only when it is not blank and not a placeholder ("none", "TBD");
# - a sign-off or review counts only from an authorised role, by the person the release names
#   for that role, approving, at a usable time before production;
# - only test cases that ran count as tested.
package relpolicy.lib.release

import rego.v1

params := data.relpolicy.params

# True when relpolicy audits a release after its production deployment (--phase post-deploy).
post_deploy if data.relpolicy.run.phase == "post-deploy"

# ---------------------------------------------------------------------------------------------
# Text and people

# Words that stand for "nothing here": a field holding one of them documents nothing.
placeholders := {"", "-", "--", "?", "n/a", "na", "none", "null", "nil", "tbd", "tba", "todo", "unknown", "placeholder", "xxx"}

# True for a string that says something: not blank and not a placeholder.
filled(s) if {
	is_string(s)
	not lower(trim_space(s)) in placeholders
}

# How messages name a person: their stable identity.
who(person) := person.id

# True when object `o` has member `key`, whatever its value (false and 0 included).
recorded(o, key) if _ := o[key]

norm(s) := lower(trim_space(s))

# True when `role` is one of the names of a role group in `groups` (see params.roles).
role_in(role, groups) if {
	some group in groups
	some name in params.roles[group]
	norm(name) == norm(role)
}

# The input value at JSON pointer `p` (null when absent). Array indexes must be numbers.
resolve(p) := object.get(input, [pointer_key(s) | some i, s in split(p, "/"); i > 0], null)

# An array index is digits without a leading zero (checked without a regular expression: basis
# entries resolve a pointer each, and this is on that path).
pointer_key(s) := to_number(s) if {
	s != ""
	trim_left(s, "0123456789") == ""
	not leading_zero(s)
} else := replace(replace(s, "~1", "/"), "~0", "~")

leading_zero(s) if {
	startswith(s, "0")
	s != "0"
}

# True when `r` is written in a form of change reference the organisation uses
# (params.change_references: regular expressions, any of which may match).
change_reference(r) if {
	some pattern in params.change_references
	regex.match(pattern, r)
}

# The finding for a change reference `r`, cited at pointer `at`, in no form the organisation
# uses; `what` names where it is cited.
change_reference_findings(r, at, what) := {f |
	not change_reference(r)
	f := {
		"msg": sprintf("%s cites %s, which is not in a change reference form of this organisation (%s)", [what, r, concat(", ", params.change_references)]),
		"evidence": at,
		"param": "change_references",
	}
}

# The role names of `groups` for messages: 'Service Owner' or 'Release Manager'.
role_list(groups) := concat(" or ", [sprintf("'%s'", [name]) |
	some group in groups
	some name in params.roles[group]
])

# True for a document reference that pins a version: a digest or a version label.
pinned(doc) if filled(doc.sha256)

pinned(doc) if filled(doc.version)

# ---------------------------------------------------------------------------------------------
# Time: read from input.timeline (nanoseconds since 1970, UTC; dates in days since 1970)

# The usable time at evidence pointer `p`; undefined when it is absent or flawed.
time_at(p) := input.timeline.times[p]

# The usable date at evidence pointer `p`, in days since 1970.
day_at(p) := input.timeline.days[p]

# Why the time at `p` cannot be used; undefined when it can.
time_flaw(p) := input.timeline.flaws[p]

time_flaw(p) := "is not recorded" if {
	not input.timeline.times[p]
	not input.timeline.days[p]
	not input.timeline.flaws[p]
}

# A timestamp in nanoseconds, shown as RFC 3339 in UTC.
show(t) := time.format([t, "UTC", "2006-01-02T15:04:05Z07:00"])

# Something that happened at the time at pointer `at`, named `what` in messages.
event(at, what) := {"at": at, "what": what}

production_deployments := [i | some i, d in input.deployments; d.environment == params.environments.production]

start_of(i) := sprintf("/deployments/%d/started_at", [i])

end_of(i) := sprintf("/deployments/%d/finished_at", [i])

# The production deployment that ended last (the first of them when two end together);
# undefined while any production deployment's end is unusable (`unplaced_production_ends`
# says which).
production_ends := [time_at(end_of(i)) | some i in production_deployments]

last_production_deployment := [i | some i in production_deployments; time_at(end_of(i)) == max(production_ends)][0] if {
	count(production_ends) == count(production_deployments)
	count(production_ends) > 0
}

# Findings for production deployments whose end cannot be placed.
unplaced_production_ends := {f |
	some i in production_deployments
	flaw := time_flaw(end_of(i))
	f := {"msg": sprintf("the end of production deployment %s cannot be placed: %s %s", [object.get(input.deployments[i], "id", sprintf("#%d", [i])), end_of(i), flaw]), "evidence": sprintf("/deployments/%d", [i])}
}

unusable_production_starts := [start_of(i) | some i in production_deployments; not time_at(start_of(i))]

first_production_ns := min({time_at(start_of(i)) | some i in production_deployments})

# What has to happen before production is compared with this event: the start of the first
# production deployment; when a production deployment's start is not usable, that start (so the
# comparison fails and names it); before any production deployment, the opening of the planned
# deployment window.
production := event(unusable_production_starts[0], "the production deployment start") if {
	count(unusable_production_starts) > 0
} else := event([start_of(i) | some i in production_deployments; time_at(start_of(i)) == first_production_ns][0], "the production deployment start") if {
	count(production_deployments) > 0
} else := event("/release/target_window/start", "the opening of the deployment window")

# Why event `a` cannot be shown to happen at or before event `b`, as a phrase that follows
# a's name; undefined when it can.
not_before(a, b) := sprintf("has no usable time: %s %s", [a.at, time_flaw(a.at)]) if {
	time_flaw(a.at)
} else := sprintf("cannot be placed against %s: %s %s", [b.what, b.at, time_flaw(b.at)]) if {
	time_flaw(b.at)
} else := sprintf("(%s) comes after %s (%s)", [show(time_at(a.at)), b.what, show(time_at(b.at))]) if {
	time_at(a.at) > time_at(b.at)
}

# Findings for every event of `events` not shown to happen at or after the one before it.
order_findings(events) := {f |
	count(events) > 1
	some k in numbers.range(1, count(events) - 1)
	phrase := not_before(events[k - 1], events[k])
	f := {"msg": sprintf("%s %s", [events[k - 1].what, phrase]), "evidence": [events[k - 1].at, events[k].at]}
}

# True when every event of `events` has a usable time, each at or after the one before.
in_order(events) if count(order_findings(events)) == 0

# Findings when the event at `at` cannot be shown to happen before production.
before_production(at, what) := order_findings([event(at, what), production])

# The day the release happened, for retention: that of the production anchor; only when no
# deployment and no window are recorded, the release notes' date.
release_day := floor(time_at(production.at) / day_ns) if {
	time_at(production.at)
} else := day_at("/release_notes/date") if {
	count(production_deployments) == 0
	not input.release.target_window
}

# ---------------------------------------------------------------------------------------------
# Sign-offs: approvals with a scope, given by the person the release names for an authorised
# role, before production.

signoff_at(i) := sprintf("/approvals/%d/timestamp", [i])

role_flaw(a, groups, req) := sprintf("has no role; %s requires role %s", [req, role_list(groups)]) if {
	not filled(object.get(a, "role", null))
}

role_flaw(a, groups, req) := sprintf("has role '%s'; %s requires role %s", [a.role, req, role_list(groups)]) if {
	filled(a.role)
	not role_in(a.role, groups)
}

# An approval in a role whose holder the release names (params.named_roles) by someone else.
named_flaws(a) := {m |
	some group, field in params.named_roles
	role_in(a.role, [group])
	holder := input.release[field]
	filled(holder.id)
	object.get(a, ["approver", "id"], null) != holder.id
	m := sprintf("is not by %s, whom the release names as its %s", [holder.id, replace(field, "_", " ")])
}

# Everything that keeps approval `i` from counting as a sign-off by one of `groups`.
signoff_flaws(i, groups, req) := signoff_flaws_before(i, groups, req, production)

# The same, for a sign-off due before the event `anchor` (the start of the build, of one
# deployment) rather than before production.
signoff_flaws_before(i, groups, req, anchor) := (({m | m := role_flaw(input.approvals[i], groups, req)} | named_flaws(input.approvals[i])) | {m | m := not_before(event(signoff_at(i), ""), anchor)}) | {"names no approver" | not filled(object.get(input.approvals[i], ["approver", "id"], null))}

# Indexes of the approvals of `scope` that count: approved, authorised, by the right person,
# timely.
valid_signoffs(scope, groups, req) := valid_signoffs_before(scope, groups, req, production)

valid_signoffs_before(scope, groups, req, anchor) := {i |
	some i, a in input.approvals
	a.scope == scope
	a.decision == "approved"
	count(signoff_flaws_before(i, groups, req, anchor)) == 0
}

# Indexes of rejections or withdrawals of `scope` that no later valid sign-off overrides.
open_revocations(scope, valid) := {i |
	some i, a in input.approvals
	a.scope == scope
	a.decision in {"rejected", "withdrawn"}
	not overridden(i, valid)
}

# A revocation without a usable time is never overridden.
overridden(i, valid) if {
	some j in valid
	time_at(signoff_at(j)) > time_at(signoff_at(i))
}

approval_at(i) := sprintf("/approvals/%d", [i])

# Findings for a sign-off of `scope` by `groups`, named `label` in messages ("production
# approval"), for requirement `req`: empty exactly when `signed_off` holds.
signoff_findings(scope, groups, label, req) := signoff_findings_before(scope, groups, label, req, production)

# The same findings for a sign-off due before event `anchor` rather than before production.
signoff_findings_before(scope, groups, label, req, anchor) := ((none | flawed) | undecided) | revoked if {
	valid := valid_signoffs_before(scope, groups, req, anchor)
	candidates := {i | some i, a in input.approvals; a.scope == scope}
	none := {f |
		count(candidates) == 0
		f := {"msg": sprintf("no %s is recorded (an approval with scope '%s')", [label, scope]), "evidence": "/approvals"}
	}
	flawed := {f |
		count(valid) == 0
		some i in candidates
		a := input.approvals[i]
		a.decision == "approved"
		some flaw in signoff_flaws_before(i, groups, req, anchor)
		f := {"msg": sprintf("%s by %s %s", [label, who(a.approver), flaw]), "evidence": approval_at(i), "param": signoff_flaw_params(a, groups, req, scope, flaw)}
	}
	undecided := {f |
		count(valid) == 0
		some i in candidates
		a := input.approvals[i]
		not object.get(a, "decision", null) in {"approved", "rejected", "withdrawn"}
		f := {"msg": sprintf("%s by %s is still %s", [label, who(a.approver), object.get(a, "decision", "undecided")]), "evidence": approval_at(i)}
	}
	revoked := {f |
		some i in open_revocations(scope, valid)
		a := input.approvals[i]
		f := {"msg": sprintf("%s was %s by %s", [label, a.decision, who(a.approver)]), "evidence": approval_at(i)}
	}
}

# The parameters that decide a sign-off flaw: who may give a sign-off of `scope` (the role
# groups of `approvals` or `release_approval`, and their names in `roles`), or whom the release
# names in a role (`named_roles`). None for flaws of time or of the approval itself.
signoff_flaw_params(a, groups, req, scope, flaw) := [groups_param(scope), "roles"] if {
	flaw == role_flaw(a, groups, req)
} else := ["named_roles"] if {
	flaw in named_flaws(a)
} else := []

groups_param(scope) := sprintf("approvals.%s", [scope]) if params.approvals[scope]
else := "release_approval"

# True when a sign-off of `scope` by `groups` due before event `anchor` counts and was not
# revoked afterwards.
signed_off_before(scope, groups, req, anchor) if {
	valid := valid_signoffs_before(scope, groups, req, anchor)
	count(valid) > 0
	count(open_revocations(scope, valid)) == 0
}

# True when a sign-off of `scope` by `groups` counts and was not revoked afterwards.
signed_off(scope, groups, req) if signed_off_before(scope, groups, req, production)

# ---------------------------------------------------------------------------------------------
# Reviews: `review` objects ({by, role, at, outcome}) of a kind listed in params.reviews.

# Everything that keeps review `r` (an object), found at pointer `at`, from counting as a review
# of `kind`.
review_flaws(r, at, kind) := {m |
	not filled(object.get(r, ["by", "id"], null))
	m := "names no reviewer"
} | {m |
	r.outcome != "approved"
	m := sprintf("is not approving (outcome: %v)", [r.outcome])
} | {m |
	not r.outcome
	m := "records no outcome"
} | {m |
	some m in review_role_flaws(r, params.reviews[kind])
} | {m |
	flaw := time_flaw(sprintf("%s/at", [at]))
	m := sprintf("has no usable time: %s/at %s", [at, flaw])
}

review_role_flaws(r, groups) := {sprintf("records no role; the reviewer must be %s", [role_list(groups)]) |
	not filled(object.get(r, "role", null))
} | {sprintf("is by role '%s'; the reviewer must be %s", [r.role, role_list(groups)]) |
	filled(r.role)
	not role_in(r.role, groups)
}

# The findings for the review at pointer `at` (of `kind`), named `label` ("the review of the
# release notes"); empty exactly when the review counts. An absent review is a finding.
review_findings(at, kind, label) := {f |
	resolve(at) == null
	f := {"msg": sprintf("%s is not recorded", [label]), "evidence": parent(at)}
} | {f |
	r := resolve(at)
	r != null
	some flaw in review_flaws(r, at, kind)
	f := {"msg": sprintf("%s by %s %s", [label, object.get(r, ["by", "id"], "nobody"), flaw]), "evidence": at, "param": review_flaw_params(r, kind, flaw)}
}

# The parameters that decide a review flaw: whose review of `kind` counts.
review_flaw_params(r, kind, flaw) := [sprintf("reviews.%s", [kind]), "roles"] if {
	flaw in review_role_flaws(r, params.reviews[kind])
} else := []

# The pointer of the object holding `p`: /rollback for /rollback/review.
parent(p) := concat("/", array.slice(parts, 0, count(parts) - 1)) if {
	parts := split(p, "/")
}

# ---------------------------------------------------------------------------------------------
# Test results (sections with `runs` and the `summary` relpolicy computes)

# One finding per failed or errored case (the first `limit`), and one with the totals.
test_failure_findings(section, what, limit) := per_case | total if {
	s := section.summary
	bad := s.failed + s.error
	per_case := {f |
		some pointer in array.slice(s.failing, 0, limit)
		c := resolve(pointer)
		f := {"msg": sprintf("%s `%s`%s %s%s", [what, case_name(c), case_code(c), c.status, case_reason(c)]), "evidence": pointer}
	}
	total := {f |
		bad > 0
		f := {"msg": sprintf("%d of %d %ss failed or errored", [bad, s.total, what]), "evidence": s.failing}
	}
}

# One finding per skipped case (the first `limit`), and one with the totals: for test sets in
# which every case must run, such as a rollback rehearsal.
test_skipped_findings(section, what, limit) := per_case | total if {
	s := section.summary
	per_case := {f |
		some pointer in array.slice(s.skipped_cases, 0, limit)
		c := resolve(pointer)
		f := {"msg": sprintf("%s `%s` was skipped: a skipped case tests nothing", [what, case_name(c)]), "evidence": pointer}
	}
	total := {f |
		s.skipped > 0
		f := {"msg": sprintf("%d of %d %ss did not run (skipped)", [s.skipped, s.total, what]), "evidence": s.skipped_cases}
	}
}

# A finding when nothing ran: no case at all, or every case skipped.
nothing_ran_findings(section, at, what) := {f |
	section.summary.total == 0
	f := {"msg": sprintf("the %s contains no test cases", [what]), "evidence": at}
} | {f |
	section.summary.total > 0
	section.summary.executed == 0
	f := {"msg": sprintf("no case of the %s ran: all %d were skipped", [what, section.summary.total]), "evidence": at}
}

# The ends of the runs of a test section, as events, in run order.
run_ends(section_at, what) := [event(sprintf("%s/runs/%d/finished_at", [section_at, i]), sprintf("%s `%s`", [what, object.get(r, "name", sprintf("#%d", [i]))])) |
	some i, r in resolve(section_at).runs
]

case_name(c) := sprintf("%s.%s", [c.classname, c.name]) if filled(c.classname)
else := c.name

# Where the test itself is, when the report says (`(tests/test_release.py:19)`).
case_code(c) := sprintf(" (%s:%d)", [c.code.path, c.code.line]) if {
	filled(c.code.path)
	is_number(c.code.line)
} else := sprintf(" (%s)", [c.code.path]) if filled(c.code.path)
else := ""

case_reason(c) := sprintf(": %s", [c.message]) if filled(c.message)
else := ""

# ---------------------------------------------------------------------------------------------
# Versions

semver_pattern := `^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`

date_version_pattern := `^[0-9]{4}\.(0[1-9]|1[0-2])\.(0[1-9]|[12][0-9]|3[01])$`

# True for a version the release procedure accepts: semantic, or date-based where allowed.
wellformed_version(v) if regex.match(semver_pattern, v)

wellformed_version(v) if {
	params.identifiers.date_versions == true
	regex.match(date_version_pattern, v)
}

# The versions release.components declares, by artifact name.
component_versions := {c.name: c.version | some c in input.release.components}

# The version artifact `a` must carry: the one release.components declares for it, else the
# release's.
expected_version(a) := component_versions[a.name]

expected_version(a) := input.release.version if not component_versions[a.name]

# The artifact versions that are not well-formed, each checked once: a release may list
# thousands of artifacts with a handful of versions, and a regular expression costs far more than
# a set lookup.
artifact_versions := {v | some a in input.artifacts; v := a.version; is_string(v)}

malformed_versions := {v | some v in artifact_versions; not wellformed_version(v)}

# Why artifact `a` is not versioned as the release says; undefined when it is.
version_flaw(a) := "has no version" if {
	not filled(object.get(a, "version", null))
} else := sprintf("is versioned '%s', which is not a semantic version (MAJOR.MINOR.PATCH)", [a.version]) if {
	a.version in malformed_versions
} else := sprintf("is versioned %s, but %s", [a.version, expected_phrase(a)]) if {
	a.version != expected_version(a)
}

# Each artifact's version flaw, by index in /artifacts, computed once for every policy that
# checks versions (REQ-12, RM-01). In the common case (no declared component versions, every
# artifact versioned as the release, and that version well-formed) one set comparison settles it
# without a pass per artifact: thousands of artifacts cost a set, not thousands of calls.
version_flaws := {} if {
	count(component_versions) == 0
	{object.get(a, "version", null) | some a in input.artifacts} == {input.release.version}
	not input.release.version in malformed_versions
} else := {i: flaw | some i, a in input.artifacts; flaw := version_flaw(a)}

expected_phrase(a) := sprintf("the release declares it as component version %s", [component_versions[a.name]]) if {
	component_versions[a.name]
} else := sprintf("the release is %v", [object.get(input.release, "version", "unversioned")])

# ---------------------------------------------------------------------------------------------
# Money

# Allowed deviation from the baseline in percent: the baseline's own, else the parameter.
tolerance_percent := input.budget_baseline.tolerance_percent if {
	is_number(input.budget_baseline.tolerance_percent)
} else := params.cost.tolerance_percent

# How far `amount` departs from the baseline total, in percent (undefined for a zero baseline).
deviation_percent(amount) := ((amount - input.budget_baseline.total) * 100) / input.budget_baseline.total if {
	input.budget_baseline.total > 0
}

# A signed percentage with one decimal for messages: +12.5%, -3.0%. Built from integer
# tenths: `%f` formatting of whole numbers differs between Rego engines.
signed_percent(x) := sprintf("%s%s%%", [sign(x), decimal(abs(x), 10)])

# An amount with two decimals and its currency for messages: 1234.50 EUR.
money(amount, currency) := sprintf("%s%s %s", [minus_sign(amount), decimal(abs(amount), 100), currency])

sign(x) := "+" if x >= 0
else := "-"

# "-" for a negative amount. (Not named `minus`: OPA's `minus` is the built-in behind `-`.)
minus_sign(x) := "-" if x < 0
else := ""

# A non-negative number with log10(scale) decimals: decimal(2.5, 100) = "2.50".
decimal(x, scale) := sprintf("%d.%s", [whole, substring(sprintf("%d", [scale + rest]), 1, -1)]) if {
	units := round(x * scale)
	whole := floor(units / scale)
	rest := units - (whole * scale)
}

# ---------------------------------------------------------------------------------------------
# Calendar (RM-03, RM-04, RM-05, RM-07). Dates and clock times are read in
# params.schedule.timezone.

# Durations in nanoseconds, as integers: timestamps in nanoseconds exceed what a float holds
# exactly, so sums and comparisons with them stay in whole numbers.
minute_ns := 60 * 1000000000

hour_ns := 60 * minute_ns

day_ns := 24 * hour_ns

zone := object.get(params, ["schedule", "timezone"], "UTC")

# The local calendar date of a timestamp in nanoseconds: [year, month, day].
local_date(t) := time.date([t, zone])

# The local date of timestamp `t` (ns), as the UTC midnight of that date, so that dates
# compare and count exactly whatever the zone.
date_of(t) := time.parse_ns("2006-01-02", sprintf("%04d-%02d-%02d", local_date(t)))

# A date from date_of that is a Monday to Friday.
workday(d) if not time.weekday(d) in {"Saturday", "Sunday"}

# The business days among the `days` local dates after that of `t`, in order.
business_days_after(t, days) := [d |
	some i in numbers.range(1, days)
	d := date_of(t) + (i * day_ns)
	workday(d)
]

# Business days after the local date of `from`, up to and including that of `to`: a notice
# sent on a Monday for the next Monday gives 5.
business_days_between(from, to) := count(business_days_after(from, n)) if {
	n := round((date_of(to) - date_of(from)) / day_ns)
	n > 0
} else := 0

# The local date of the `n`th business day after the date of `t`.
nth_business_day(t, n) := business_days_after(t, (n * 2) + 7)[n - 1]

# A duration in nanoseconds for messages: "30 hours", "45 minutes".
hours(d) := sprintf("%d hours", [floor(d / hour_ns)]) if d >= hour_ns
else := sprintf("%d minutes", [floor(d / minute_ns)])

# "1 business day", "3 business days".
plural(n, word) := sprintf("%d %s", [n, word]) if n == 1
else := sprintf("%d %ss", [n, word])

# A date from date_of for messages: 2026-03-14.
show_date(d) := substring(show(d), 0, 10)

# A day number (days since 1970) for messages: 2026-03-14.
show_day(days) := show_date(days * day_ns)

# ---------------------------------------------------------------------------------------------
# What a verdict rests on: entries of a policy's `basis` rule, shown beside every verdict
# (passes too) so that a reader sees who approved, which runs counted, which digests.

# How many items of one list a `basis` names: a release with 10,000 artifacts rests on all of
# them, but a report names the first ones (relpolicy also caps a row's basis).
basis_limit := 50

# The item at pointer `at`, described as `what`, with its values at `keys` (dotted paths into
# it) that are scalars or lists of scalars; nothing when there is no item at `at`.
basis_of(at, what, keys) := basis_item(at, resolve(at), what, keys)

# The same for an item the caller already holds (cheaper than finding it again by pointer).
# relpolicy reads the values at `keys` from the item itself (strings, numbers, booleans or lists
# of them, through objects only): computing them here cost a fifth of an evaluation.
basis_item(at, item, what, keys) := {"evidence": at, "what": what, "keys": keys} if {
	is_object(item)
}

# The values a basis entry of `basis_item` names, as relpolicy reads them: for policy tests.
basis_values(b) := {k: v |
	item := resolve(b.evidence)
	some k in b.keys
	v := object.get(item, split(k, "."), null)
	shown_value(v)
}

shown_value(v) if is_string(v)

shown_value(v) if is_number(v)

shown_value(v) if is_boolean(v)

shown_value(v) if {
	is_array(v)
	every x in v {
		not is_object(x)
		not is_array(x)
	}
}

# The approvals of `scope` that count, with who gave them, in which role and when.
signoff_basis(scope, groups, req) := signoff_basis_before(scope, groups, req, production)

signoff_basis_before(scope, groups, req, anchor) := {b |
	some i in valid_signoffs_before(scope, groups, req, anchor)
	i < basis_limit
	b := basis_item(approval_at(i), input.approvals[i], sprintf("%s approval", [scope]), ["id", "approver.id", "approver.name", "role", "decision", "timestamp"])
}

# A review object ({by, role, at, outcome}), `review`, at `at`.
review_basis(at, review, what) := basis_item(at, review, what, ["by.id", "by.name", "role", "outcome", "at"])

# A document's identity (`document`, at `at`): path, digest and version.
document_basis(at, document, what) := basis_item(at, document, what, ["path", "sha256", "version", "title", "updated_at"])

# The test runs of a test section (`section`, at `section_at`) and its totals.
tests_basis(section_at, section, what) := {b |
	some i, run in section.runs
	i < basis_limit
	b := basis_item(sprintf("%s/runs/%d", [section_at, i]), run, sprintf("%s run", [what]), ["name", "producer", "environment", "started_at", "finished_at"])
} | {b |
	b := basis_item(sprintf("%s/summary", [section_at]), section.summary, sprintf("%s totals", [what]), ["total", "executed", "passed", "failed", "skipped", "error"])
}

# Every artifact with its name, version and digest.
artifacts_basis := {b |
	some i, a in input.artifacts
	i < basis_limit
	b := basis_item(sprintf("/artifacts/%d", [i]), a, "artifact", ["name", "version", "digest", "built_at"])
}

# The production deployments with their times, actor and state.
production_basis := {b |
	some i in production_deployments
	i < basis_limit
	b := basis_item(sprintf("/deployments/%d", [i]), input.deployments[i], "production deployment", ["id", "status", "started_at", "finished_at", "actor.id", "actor.kind"])
}

# The release's deployment window.
window_basis := basis_item("/release/target_window", input.release.target_window, "target window", ["start", "end"])
