# Helpers shared by the bundled release policies.
#
# This package decides no requirement: it has no `custom.requirement` and lives under
# relpolicy.lib, so relpolicy loads it next to every policy. Policies import it as
# `data.relpolicy.lib.release`.
package relpolicy.lib.release

import rego.v1

params := data.relpolicy.params

# True when relpolicy audits a release after its production deployment (--phase post-deploy).
post_deploy if data.relpolicy.run.phase == "post-deploy"

# ---------------------------------------------------------------------------------------------
# Text and people

# True for a string that is not blank.
filled(s) if {
	is_string(s)
	trim_space(s) != ""
}

# How messages name a person: their stable identity.
who(person) := person.id

norm(s) := lower(trim_space(s))

# True when `role` is one of the names of a role group in `groups` (see params.roles).
role_in(role, groups) if {
	some group in groups
	some name in params.roles[group]
	norm(name) == norm(role)
}

# The input value at JSON pointer `p` (null when absent). Array indexes must be numbers.
resolve(p) := object.get(input, [pointer_key(s) | some i, s in split(p, "/"); i > 0], null)

pointer_key(s) := to_number(s) if regex.match(`^(0|[1-9][0-9]*)$`, s)
else := replace(replace(s, "~1", "/"), "~0", "~")

# The role names of `groups` for messages: 'Service Owner' or 'Release Manager'.
role_list(groups) := concat(" or ", [sprintf("'%s'", [name]) |
	some group in groups
	some name in params.roles[group]
])

# True for a document reference that pins a version: a digest or a version label.
pinned(doc) if filled(doc.sha256)

pinned(doc) if filled(doc.version)

# ---------------------------------------------------------------------------------------------
# Time

ns(ts) := time.parse_rfc3339_ns(ts)

# A timestamp in nanoseconds, shown as RFC 3339 in UTC.
show(t) := time.format([t, "UTC", "2006-01-02T15:04:05Z07:00"])

production_starts contains ns(d.started_at) if {
	some d in input.deployments
	d.environment == params.environments.production
	d.started_at
}

# The moment sign-offs must precede: the first recorded production deployment start, else
# the opening of the planned deployment window. Undefined when neither is recorded.
deployment_start := {"ns": min(production_starts), "what": "the production deployment started"} if {
	count(production_starts) > 0
} else := {"ns": ns(input.release.target_window.start), "what": "the deployment window opens"} if {
	input.release.target_window.start
}

# Why an event at `ts` cannot be shown to precede the deployment; undefined when it can.
# Pass a missing timestamp as null (object.get(x, "timestamp", null)): an undefined argument
# would make the call undefined and hide the flaw.
timing_flaw(ts) := "has no timestamp" if ts == null

timing_flaw(ts) := msg if {
	ts != null
	not deployment_start
	msg := "cannot be placed before the deployment: neither a production deployment nor a deployment window is recorded"
}

timing_flaw(ts) := msg if {
	ts != null
	ns(ts) > deployment_start.ns
	msg := sprintf("is dated %s, after %s at %s", [ts, deployment_start.what, show(deployment_start.ns)])
}

# When the release happened, for retention: the deployment reference, else the notes' date.
release_ns := deployment_start.ns if {
	deployment_start
} else := time.parse_ns("2006-01-02", input.release_notes.date) if {
	input.release_notes.date
}

# ---------------------------------------------------------------------------------------------
# Sign-offs: approvals with a scope, given by someone in an authorised role before deployment.

role_flaw(a, groups, req) := sprintf("has no role; %s requires role %s", [req, role_list(groups)]) if {
	not filled(a.role)
}

role_flaw(a, groups, req) := sprintf("has role '%s'; %s requires role %s", [a.role, req, role_list(groups)]) if {
	filled(a.role)
	not role_in(a.role, groups)
}

# Everything that keeps approval `a` from counting as a sign-off by one of `groups`.
signoff_flaws(a, groups, req) := {m | m := role_flaw(a, groups, req)} | {m | m := timing_flaw(object.get(a, "timestamp", null))}

# Indexes of the approvals of `scope` that count: approved, authorised role, timely.
valid_signoffs(scope, groups, req) := {i |
	some i, a in input.approvals
	a.scope == scope
	a.decision == "approved"
	count(signoff_flaws(a, groups, req)) == 0
}

# Indexes of rejections or withdrawals of `scope` that no later valid sign-off overrides.
open_revocations(scope, valid) := {i |
	some i, a in input.approvals
	a.scope == scope
	a.decision in {"rejected", "withdrawn"}
	not overridden(a, valid)
}

# A revocation without a timestamp is never overridden.
overridden(a, valid) if {
	some j in valid
	ns(input.approvals[j].timestamp) > ns(a.timestamp)
}

approval_at(i) := sprintf("/approvals/%d", [i])

# Findings for a sign-off of `scope` by `groups`, named `label` in messages ("production
# approval"), for requirement `req`: empty exactly when `signed_off` holds.
signoff_findings(scope, groups, label, req) := ((none | flawed) | undecided) | revoked if {
	valid := valid_signoffs(scope, groups, req)
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
		some flaw in signoff_flaws(a, groups, req)
		f := {"msg": sprintf("%s by %s %s", [label, who(a.approver), flaw]), "evidence": approval_at(i)}
	}
	undecided := {f |
		count(valid) == 0
		some i in candidates
		a := input.approvals[i]
		a.decision == "pending"
		f := {"msg": sprintf("%s by %s is still pending", [label, who(a.approver)]), "evidence": approval_at(i)}
	}
	revoked := {f |
		some i in open_revocations(scope, valid)
		a := input.approvals[i]
		f := {"msg": sprintf("%s was %s by %s", [label, a.decision, who(a.approver)]), "evidence": approval_at(i)}
	}
}

# True when a sign-off of `scope` by `groups` counts and was not revoked afterwards.
signed_off(scope, groups, req) if {
	valid := valid_signoffs(scope, groups, req)
	count(valid) > 0
	count(open_revocations(scope, valid)) == 0
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
		f := {"msg": sprintf("%s `%s` %s%s", [what, case_name(c), c.status, case_reason(c)]), "evidence": pointer}
	}
	total := {f |
		bad > 0
		f := {"msg": sprintf("%d of %d %ss failed or errored", [bad, s.total, what]), "evidence": s.failing}
	}
}

case_name(c) := sprintf("%s.%s", [c.classname, c.name]) if filled(c.classname)
else := c.name

case_reason(c) := sprintf(": %s", [c.message]) if filled(c.message)
else := ""

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
money(amount, currency) := sprintf("%s%s %s", [minus(amount), decimal(abs(amount), 100), currency])

sign(x) := "+" if x >= 0
else := "-"

minus(x) := "-" if x < 0
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
