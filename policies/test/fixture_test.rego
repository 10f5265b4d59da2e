# Fixtures for the policy tests: the example release as the policies see it.
#
# `release` is examples/payments-2.4.0/evidence.json and `pre_deploy` its pre-deployment variant,
# each derived as relpolicy derives it: test summaries recounted from the cases and cost lines,
# and the timeline (every time read, as of 2026-03-14T22:00:00Z). `edit` applies JSON patches
# and derives again, so a test that changes a time or a test case sees what relpolicy would.
# The examples are copies: when they change, update them (relpolicy gather, or by hand); a Rust
# test compares `release` and `pre_deploy` with relpolicy's own derivation of the examples, and
# `time_fields` with the schema's.
package relpolicy.test.fixture

import rego.v1

# `doc` with JSON patch operations applied, each [op, path] or [op, path, value], derived again.
edit(doc, ops) := derive(json.patch(doc, [patch_op(o) | some o in ops]))

# Like `edit`, judged as of another evaluation time (RFC 3339): a review held days after the
# deployment is a record only once that day has passed.
edit_at(doc, ops, as_of) := with_timeline_at(recount(json.patch(doc, [patch_op(o) | some o in ops])), time.parse_rfc3339_ns(as_of), as_of)

patch_op(o) := {"op": o[0], "path": o[1], "value": o[2]} if count(o) == 3
else := {"op": o[0], "path": o[1]}

# `doc` with what relpolicy derives from it: test summaries and the timeline.
derive(doc) := with_timeline(recount(doc))

# `doc` with the test summaries recounted from the cases and the cost totals from the lines, as
# relpolicy derives them.
recount(doc) := with_costs(with_summary(
	with_summary(
		with_summary(with_summary(doc, "/system_test_report"), "/rollback/tests"),
		"/build_verification/tests",
	),
	"/post_release_verification",
))

with_costs(doc) := json.patch(doc, [{"op": "add", "path": "/cost_report/summary", "value": cost_summary(doc.cost_report)}]) if {
	is_object(doc.cost_report)
} else := doc

cost_summary(report) := {
	"total": money(sum([cost(l) | some l in object.get(report, "lines", [])])),
	"by_period": {p: money(sum([cost(l) | some l in report.lines; object.get(l, "period", "") == p])) |
		some line in object.get(report, "lines", [])
		p := object.get(line, "period", "")
	},
}

cost(line) := object.get(line, "cost", 0)

# Six decimals, as relpolicy rounds sums of amounts.
money(x) := round(x * 1000000) / 1000000

with_summary(doc, at) := json.patch(doc, [{"op": "add", "path": concat("", [at, "/summary"]), "value": summary(section, at)}]) if {
	section := object.get(doc, split(trim_prefix(at, "/"), "/"), null)
	is_object(section)
} else := doc

summary(section, at) := object.union(counts(cases), {
	"by_category": {cat: counts([x | some x in cases; category(x) == cat]) | some c in cases; cat := category(c)},
	"by_requirement": {ref: counts([x | some x in cases; ref in object.get(x, "requirements", [])]) | some c in cases; some ref in object.get(c, "requirements", [])},
	"by_depth": {cat: depths(cases, cat) | some c in cases; c.depth; cat := category(c)},
	"failing": array.slice([sprintf("%s/runs/%d/cases/%d", [at, i, j]) | some i, r in section.runs; some j, c in r.cases; not c.status in {"passed", "skipped"}], 0, 100),
	"skipped_cases": array.slice([sprintf("%s/runs/%d/cases/%d", [at, i, j]) | some i, r in section.runs; some j, c in r.cases; c.status == "skipped"], 0, 100),
}) if {
	cases := [c | some r in object.get(section, "runs", []); some c in r.cases]
}

counts(cases) := object.union(
	{s: count([c | some c in cases; c.status == s]) | some s in ["passed", "failed", "skipped"]},
	{
		"total": count(cases),
		"executed": count([c | some c in cases; c.status != "skipped"]),
		"error": count([c | some c in cases; not c.status in {"passed", "failed", "skipped"}]),
	},
)

category(c) := object.get(c, "category", "uncategorized")

depths(cases, cat) := {d: counts([x | some x in cases; category(x) == cat; object.get(x, "depth", "") == d]) |
	some c in cases
	category(c) == cat
	d := c.depth
}

# ---------------------------------------------------------------------------------------------
# The timeline, as relpolicy reads it (src/evidence/timeline.rs), for test documents: every time
# field of the schema, usable or flawed, as of the evaluation time the integration tests use.

as_of_ns := 1773525600000000000

as_of_text := "2026-03-14T22:00:00Z"

earliest_ns := 946684800000000000

day_ns := ((24 * 60) * 60) * 1000000000

# Where the evidence schema puts times, and what each records.
time_fields := [
	[["approvals", "*", "timestamp"], "event"],
	[["artifacts", "*", "built_at"], "event"],
	[["budget_baseline", "approved_at"], "event"],
	[["build_verification", "tests", "runs", "*", "finished_at"], "event"],
	[["build_verification", "tests", "runs", "*", "started_at"], "event"],
	[["calendar", "events", "*", "end"], "planned"],
	[["calendar", "events", "*", "start"], "planned"],
	[["closure", "archive", "retain_until"], "date"],
	[["closure", "configuration_items", "*", "updated_at"], "event"],
	[["closure", "record", "actual_start"], "event"],
	[["closure", "record", "closed_at"], "event"],
	[["closure", "record", "planned_start"], "planned"],
	[["cost_report", "generated_at"], "event"],
	[["cost_report", "period", "end"], "date"],
	[["cost_report", "period", "start"], "date"],
	[["cost_report", "reviewed", "at"], "event"],
	[["deployment_completion", "confirmed_at"], "event"],
	[["deployment_guide", "document", "updated_at"], "event"],
	[["deployment_guide", "review", "at"], "event"],
	[["deployment_guide", "validated", "at"], "event"],
	[["deployment_plan", "briefing", "held_at"], "event"],
	[["deployment_plan", "document", "updated_at"], "event"],
	[["deployments", "*", "finished_at"], "event"],
	[["deployments", "*", "log", "updated_at"], "event"],
	[["deployments", "*", "started_at"], "event"],
	[["escalations", "*", "acknowledged_at"], "event"],
	[["escalations", "*", "raised_at"], "event"],
	[["financial_forecast", "review", "at"], "event"],
	[["financial_forecast", "updated_at"], "event"],
	[["go_live_checklist", "document", "updated_at"], "event"],
	[["go_live_checklist", "items", "*", "verified_at"], "event"],
	[["milestone_acceptance", "timestamp"], "event"],
	[["notifications", "*", "sent_at"], "event"],
	[["post_implementation_review", "held_at"], "event"],
	[["post_implementation_review", "scheduled_for"], "planned"],
	[["post_release_verification", "runs", "*", "finished_at"], "event"],
	[["post_release_verification", "runs", "*", "started_at"], "event"],
	[["promotions", "*", "at"], "event"],
	[["release", "changes", "*", "approved_at"], "event"],
	[["release", "promotion_schedule", "*", "date"], "date"],
	[["release", "stages", "build", "completed_at"], "event"],
	[["release", "stages", "build", "started_at"], "event"],
	[["release", "stages", "planning", "completed_at"], "event"],
	[["release", "stages", "planning", "started_at"], "event"],
	[["release", "stages", "staging", "completed_at"], "event"],
	[["release", "stages", "staging", "started_at"], "event"],
	[["release", "stages", "test", "completed_at"], "event"],
	[["release", "stages", "test", "started_at"], "event"],
	[["release", "target_window", "end"], "planned"],
	[["release", "target_window", "start"], "planned"],
	[["release_notes", "date"], "date"],
	[["release_notes", "document", "updated_at"], "event"],
	[["release_notes", "generated", "at"], "event"],
	[["release_notes", "published", "at"], "event"],
	[["release_notes", "retention", "retain_until"], "date"],
	[["release_notes", "review", "at"], "event"],
	[["rollback", "plan", "updated_at"], "event"],
	[["rollback", "review", "at"], "event"],
	[["rollback", "tests", "runs", "*", "finished_at"], "event"],
	[["rollback", "tests", "runs", "*", "started_at"], "event"],
	[["system_test_report", "document", "updated_at"], "event"],
	[["system_test_report", "runs", "*", "finished_at"], "event"],
	[["system_test_report", "runs", "*", "started_at"], "event"],
]

with_timeline(doc) := with_timeline_at(doc, as_of_ns, as_of_text)

# (object.union merges nested objects: the timeline a document already has must go first.)
with_timeline_at(doc, now_ns, now_text) := object.union(object.remove(doc, ["timeline"]), {"timeline": timeline(doc, now_ns, now_text)})

timeline(doc, now_ns, now_text) := {"as_of": now_ns, "times": times, "days": days, "flaws": flaws, "promotions": first_promotions(doc, times)} if {
	found := [[pointer(path), value, kind] |
		some [pattern, kind] in time_fields
		some path in expand(doc, pattern)
		value := object.get(doc, path, null)
		is_string(value)
	]
	read := {p: time.parse_rfc3339_ns(v) | some [p, v, kind] in found; kind != "date"}
	read_days := {p: (time.parse_ns("2006-01-02", v) / day_ns) | some [p, v, kind] in found; kind == "date"}
	single := {p: msg | some [p, v, kind] in found; msg := single_flaw(v, read[p], kind, now_ns, now_text)}
	paired := interval_flaws(read, read_days)
	flaws := object.union(single, paired)
	times := {p: t | some p, t in read; not flaws[p]}
	days := {p: d | some p, d in read_days; not flaws[p]}
}

# The earliest promotion of each artifact along each step (a promotion without a usable time
# first; ties to the first recorded), as {artifact: {"from -> to": [index, time]}}.
first_promotions(doc, times) := {artifact: promotions_of(keyed, artifact) |
	keyed := promotion_keys(doc, times)
	some x in keyed
	artifact := x[0][0]
}

promotions_of(keyed, artifact) := {concat(" -> ", [from, to]): first_promotion(keyed, [artifact, from, to]) |
	some x in keyed
	x[0][0] == artifact
	from := x[0][1]
	to := x[0][2]
}

promotion_keys(doc, times) := sort([[[p.artifact, p.from, p.to], object.get(times, sprintf("/promotions/%d/at", [i]), -1), i] |
	some i, p in object.get(doc, "promotions", [])
	is_string(p.artifact)
	is_string(p.from)
	is_string(p.to)
	not contains(p.from, " -> ")
	not contains(p.to, " -> ")
])

first_promotion(keyed, key) := [first[2], first[1]] if {
	first := [x | some x in keyed; x[0] == key][0]
}

# The paths in `doc` a pattern names: itself, or with its one "*" replaced by every index of
# the array there.
expand(doc, pattern) := [pattern] if {
	not "*" in pattern
} else := [array.concat(array.concat(prefix, [i]), suffix) |
	k := [j | some j, step in pattern; step == "*"][0]
	prefix := array.slice(pattern, 0, k)
	suffix := array.slice(pattern, k + 1, count(pattern))
	some i, _ in object.get(doc, prefix, [])
]

pointer(path) := concat("", [sprintf("/%v", [step]) | some step in path])

single_flaw(text, t, "event", now_ns, now_text) := sprintf("is dated %s, after the evaluation time %s: a record cannot be dated in the future", [text, now_text]) if {
	t > now_ns
}

single_flaw(text, t, kind, now_ns, _) := sprintf("is dated %s, before 2000-01-01T00:00:00Z: a placeholder, not a recorded time", [text]) if {
	kind != "date"
	t < earliest_ns
	not future(t, kind, now_ns)
}

future(t, "event", now_ns) if t > now_ns

# An end before its start makes both unusable (timestamps, and dates by day).
interval_flaws(read, read_days) := {p: msg |
	some [start_key, end_key] in [["started_at", "finished_at"], ["started_at", "completed_at"], ["start", "end"]]
	some values in [[read, false], [read_days, true]]
	some end_pointer, end in values[0]
	endswith(end_pointer, concat("", ["/", end_key]))
	parent := trim_suffix(end_pointer, concat("", ["/", end_key]))
	start := values[0][concat("/", [parent, start_key])]
	end < start
	some [p, msg] in [
		[end_pointer, sprintf("ends at %s, before it starts at %s (%s)", [shown(end, values[1]), shown(start, values[1]), start_key])],
		[concat("/", [parent, start_key]), sprintf("starts at %s, after it ends at %s (%s)", [shown(start, values[1]), shown(end, values[1]), end_key])],
	]
}

shown(t, false) := time.format([t, "UTC", "2006-01-02T15:04:05Z07:00"])

shown(d, true) := substring(time.format([d * day_ns, "UTC", "2006-01-02T15:04:05Z07:00"]), 0, 10)

# True when one of the findings' messages contains `text`.
says(findings, text) if {
	some f in findings
	contains(f.msg, text)
}

example_release := {
	"approvals": [
		{
			"approver": {
				"id": "k.novak",
				"name": "Karel Novak"
			},
			"decision": "approved",
			"id": "APR-2026-0311",
			"role": "Test Manager",
			"scope": "system-test-report",
			"timestamp": "2026-03-10T12:00:00Z"
		},
		{
			"approver": {
				"id": "m.okafor",
				"name": "Maya Okafor"
			},
			"decision": "approved",
			"id": "APR-2026-0318",
			"role": "Service Owner",
			"scope": "release",
			"timestamp": "2026-03-12T17:00:00Z"
		},
		{
			"approver": {
				"id": "m.okafor",
				"name": "Maya Okafor"
			},
			"decision": "approved",
			"id": "APR-2026-0322",
			"role": "Service Owner",
			"scope": "go-live",
			"timestamp": "2026-03-14T18:30:00Z"
		},
		{
			"approver": {
				"id": "l.brandt",
				"name": "Lena Brandt"
			},
			"decision": "approved",
			"id": "APR-2026-0323",
			"role": "Release Manager",
			"scope": "production-deployment",
			"timestamp": "2026-03-14T19:00:00Z"
		},
		{
			"approver": {
				"id": "l.brandt",
				"name": "Lena Brandt"
			},
			"comment": "Package, runbook, rollback, on-call, dashboards and templates confirmed.",
			"decision": "approved",
			"id": "APR-2026-0319",
			"role": "Release Manager",
			"scope": "readiness-review",
			"timestamp": "2026-03-13T14:00:00Z"
		},
		{
			"approver": {
				"id": "m.okafor",
				"name": "Maya Okafor"
			},
			"decision": "approved",
			"id": "APR-2026-0305",
			"role": "Service Owner",
			"scope": "release-definition",
			"timestamp": "2026-03-05T15:00:00Z"
		}
	],
	"artifacts": [
		{
			"builder": "https://github.example.com/payments/payments-api/actions/runs/8812",
			"built_at": "2026-03-06T14:12:00Z",
			"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
			"media_type": "application/vnd.oci.image.manifest.v1+json",
			"name": "payments-api",
			"uri": "registry.example.com/payments/payments-api:2.4.0",
			"version": "2.4.0"
		},
		{
			"builder": "https://github.example.com/payments/payments-api/actions/runs/8812",
			"built_at": "2026-03-06T14:15:00Z",
			"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
			"media_type": "application/vnd.oci.image.manifest.v1+json",
			"name": "payments-db-migrations",
			"uri": "registry.example.com/payments/payments-db-migrations:2.4.0",
			"version": "2.4.0"
		}
	],
	"budget_baseline": {
		"approved_at": "2025-12-15T11:00:00Z",
		"approved_by": {
			"id": "r.haddad",
			"name": "Rami Haddad"
		},
		"approved_role": "Sponsor",
		"currency": "EUR",
		"id": "BUD-PAY-2026-Q1",
		"periods": [
			{
				"amount": 16000,
				"period": "2026-01"
			},
			{
				"amount": 16000,
				"period": "2026-02"
			},
			{
				"amount": 16000,
				"period": "2026-03"
			}
		],
		"tolerance_percent": 10,
		"total": 48000
	},
	"build_verification": {
		"components": [
			{
				"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
				"name": "payments-api"
			},
			{
				"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
				"name": "payments-db-migrations"
			}
		],
		"package": "payments-api-2.4.0",
		"tests": {
			"environment": "build",
			"runs": [
				{
					"cases": [
						{
							"category": "build-verification",
							"classname": "build.verify",
							"duration_s": 2.1,
							"name": "test_binaries_start",
							"properties": {
								"check": "binaries-start"
							},
							"status": "passed"
						},
						{
							"category": "build-verification",
							"classname": "build.verify",
							"duration_s": 0.4,
							"name": "test_configuration_parses",
							"properties": {
								"check": "configuration-parses"
							},
							"status": "passed"
						},
						{
							"category": "build-verification",
							"classname": "build.verify",
							"duration_s": 12.5,
							"name": "test_database_scripts_apply_to_clean_schema",
							"properties": {
								"check": "database-scripts-apply"
							},
							"status": "passed"
						},
						{
							"category": "build-verification",
							"classname": "build.verify",
							"duration_s": 6.0,
							"name": "test_images_answer_health_checks",
							"properties": {
								"check": "images-healthy"
							},
							"status": "passed"
						}
					],
					"environment": "build",
					"finished_at": "2026-03-06T15:25:00Z",
					"format": "junit",
					"name": "build verification",
					"producer": "pytest",
					"started_at": "2026-03-06T15:10:00Z"
				}
			]
		}
	},
	"calendar": {
		"events": [
			{
				"categories": [
					"release",
					"payments-api"
				],
				"end": "2026-03-14T22:00:00Z",
				"start": "2026-03-14T20:00:00Z",
				"summary": "REL-2026-03-015: payments-api 2.4.0",
				"uid": "rel-2026-03-015@releases.example.com"
			},
			{
				"categories": [
					"release",
					"hr-portal"
				],
				"end": "2026-03-15T20:00:00+01:00",
				"start": "2026-03-15T19:00:00+01:00",
				"summary": "REL-2026-03-016: hr-portal patch",
				"uid": "rel-2026-03-016@releases.example.com"
			},
			{
				"categories": [
					"maintenance",
					"staging"
				],
				"end": "2026-03-12T02:00:00+01:00",
				"start": "2026-03-11T22:00:00+01:00",
				"summary": "Staging infrastructure maintenance (moved)",
				"uid": "infra-staging-weekly@ops.example.com"
			},
			{
				"categories": [
					"blocked"
				],
				"end": "2026-03-14T00:00:00Z",
				"start": "2026-03-12T00:00:00Z",
				"summary": "Board meeting: no deployments",
				"uid": "board-2026-03@org.example.com"
			},
			{
				"categories": [
					"release",
					"ledger"
				],
				"end": "2026-03-14T23:00:00Z",
				"start": "2026-03-14T21:00:00Z",
				"status": "cancelled",
				"summary": "REL-2026-03-014: ledger 5.1.0 (moved to April)",
				"uid": "rel-2026-03-014@releases.example.com"
			},
			{
				"categories": [
					"maintenance",
					"production"
				],
				"end": "2026-03-15T08:00:00Z",
				"start": "2026-03-15T06:00:00Z",
				"summary": "Production network maintenance",
				"uid": "net-2026-03-15@ops.example.com"
			}
		]
	},
	"closure": {
		"archive": {
			"contents": [
				"release-definition",
				"release-notes",
				"test-results",
				"defect-reports",
				"acceptance-sign-off",
				"deployment-logs",
				"verification-results"
			],
			"location": "records://releases/REL-2026-03-015",
			"retain_until": "2027-03-31"
		},
		"configuration_items": [
			{
				"name": "payments-api",
				"updated_at": "2026-03-14T21:10:00Z",
				"version": "2.4.0"
			},
			{
				"name": "payments-db-migrations",
				"updated_at": "2026-03-14T21:10:00Z",
				"version": "2.4.0"
			}
		],
		"record": {
			"actual_duration_minutes": 29,
			"actual_start": "2026-03-14T20:02:00Z",
			"closed_at": "2026-03-14T21:45:00Z",
			"final_status": "successful",
			"planned_duration_minutes": 120,
			"planned_start": "2026-03-14T20:00:00Z",
			"post_deploy_defects": 0,
			"rolled_back": false
		}
	},
	"cost_report": {
		"baseline_id": "BUD-PAY-2026-Q1",
		"currency": "EUR",
		"generated_at": "2026-03-13T06:00:00Z",
		"id": "COST-PAY-2026-03",
		"lines": [
			{
				"cost": 11840.25,
				"period": "2026-01",
				"service": "compute"
			},
			{
				"cost": 2100.0,
				"period": "2026-01",
				"service": "storage"
			},
			{
				"cost": 12410.8,
				"period": "2026-02",
				"service": "compute"
			},
			{
				"cost": 2210.4,
				"period": "2026-02",
				"service": "storage"
			},
			{
				"cost": 9120.55,
				"period": "2026-03",
				"service": "compute"
			},
			{
				"cost": 1750.0,
				"period": "2026-03",
				"service": "storage"
			}
		],
		"period": {
			"end": "2026-03-13",
			"start": "2026-01-01"
		}
	},
	"deployment_completion": {
		"actions": [],
		"actual_duration_minutes": 29,
		"confirmed_at": "2026-03-14T20:45:00Z",
		"confirmed_by": {
			"id": "s.ito",
			"name": "Sato Ito"
		},
		"issues": [],
		"status": "successful",
		"verification_results": "Production smoke tests passed; error rate and latency within thresholds for 10 minutes."
	},
	"deployment_guide": {
		"document": {
			"path": "docs/runbook.md",
			"sha256": "8d255f3cd04737a3414cc31548c7b19df6d74da7ea6aa599175cd15caa44dc99",
			"title": "payments-api deployment runbook",
			"updated_at": "2026-03-11T09:00:00Z",
			"version": "2.4.0-r2"
		},
		"review": {
			"at": "2026-03-11T15:30:00Z",
			"by": {
				"id": "s.ito",
				"name": "Sora Ito"
			},
			"outcome": "approved",
			"role": "Operations Lead"
		},
		"validated": {
			"at": "2026-03-12T10:00:00Z",
			"deviations": [],
			"environment": "staging"
		}
	},
	"deployment_plan": {
		"briefing": {
			"attendees": [
				{
					"id": "s.ito",
					"name": "Sato Ito"
				},
				{
					"id": "r.meyer",
					"name": "Rosa Meyer"
				}
			],
			"by": {
				"id": "l.brandt",
				"name": "Lena Brandt"
			},
			"held_at": "2026-03-14T19:30:00Z"
		},
		"monitoring": [
			"payments-api release dashboard",
			"error-rate and p99 latency alerts",
			"payment reconciliation job"
		],
		"rollback_time_limit_minutes": 30,
		"rollback_triggers": [
			"error rate above 2% for 10 minutes",
			"p99 latency above 800 ms for 15 minutes",
			"payment reconciliation mismatch"
		],
		"rollout": {
			"strategy": "canary"
		}
	},
	"deployments": [
		{
			"actor": {
				"id": "argocd",
				"kind": "service"
			},
			"artifacts": [
				{
					"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
					"name": "payments-api"
				},
				{
					"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
					"name": "payments-db-migrations"
				}
			],
			"environment": "staging",
			"finished_at": "2026-03-12T09:52:00Z",
			"id": "deploy-staging-231",
			"log": {
				"path": "logs/deploy-staging-231.log",
				"sha256": "ecb8e9bc029aec03dd0907d7c83a1e561121cfe6b9281f369cb03ee5cf4499bd"
			},
			"manual_steps": [],
			"pipeline_run": {
				"id": "8840",
				"system": "github-actions",
				"url": "https://github.example.com/payments/payments-api/actions/runs/8840"
			},
			"started_at": "2026-03-12T09:30:00Z",
			"status": "succeeded"
		},
		{
			"actor": {
				"id": "argocd",
				"kind": "service"
			},
			"artifacts": [
				{
					"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
					"name": "payments-api"
				},
				{
					"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
					"name": "payments-db-migrations"
				}
			],
			"environment": "production",
			"finished_at": "2026-03-14T20:31:00Z",
			"id": "deploy-prod-232",
			"log": {
				"path": "logs/deploy-prod-232.log",
				"sha256": "a554a685616fb3f71fd94a0e6a341d3bac9e0227b1741ff04b33ff9c211a90d8"
			},
			"manual_steps": [],
			"pipeline_run": {
				"id": "8861",
				"system": "github-actions",
				"url": "https://github.example.com/payments/payments-api/actions/runs/8861"
			},
			"started_at": "2026-03-14T20:02:00Z",
			"status": "succeeded"
		}
	],
	"escalations": [],
	"financial_forecast": {
		"baseline_id": "BUD-PAY-2026-Q1",
		"currency": "EUR",
		"estimate_at_completion": 49900,
		"review": {
			"at": "2026-03-13T11:00:00Z",
			"by": {
				"id": "r.haddad",
				"name": "Rami Haddad"
			},
			"outcome": "approved",
			"role": "Sponsor"
		},
		"updated_at": "2026-03-13T08:00:00Z"
	},
	"go_live_checklist": {
		"items": [
			{
				"description": "Release package verified and reachable in the artefact repository",
				"done": true,
				"id": "GL-1",
				"verified_at": "2026-03-13T19:00:00Z",
				"verified_by": {
					"id": "l.brandt"
				}
			},
			{
				"description": "Deployment runbook current and executed in staging",
				"done": true,
				"id": "GL-2",
				"verified_at": "2026-03-13T19:05:00Z",
				"verified_by": {
					"id": "s.ito"
				}
			},
			{
				"description": "Rollback procedure documented and rehearsed",
				"done": true,
				"id": "GL-3",
				"verified_at": "2026-03-13T19:05:00Z",
				"verified_by": {
					"id": "s.ito"
				}
			},
			{
				"description": "On-call engineers named and available for the window",
				"done": true,
				"id": "GL-4",
				"verified_at": "2026-03-13T19:10:00Z",
				"verified_by": {
					"id": "l.brandt"
				}
			},
			{
				"description": "Monitoring dashboards ready for release validation",
				"done": true,
				"id": "GL-5",
				"verified_at": "2026-03-13T19:12:00Z",
				"verified_by": {
					"id": "s.ito"
				}
			},
			{
				"description": "Success and failure announcements drafted",
				"done": true,
				"id": "GL-6",
				"verified_at": "2026-03-13T19:15:00Z",
				"verified_by": {
					"id": "l.brandt"
				}
			}
		]
	},
	"milestone_acceptance": {
		"accepted_by": {
			"id": "m.okafor",
			"name": "Maya Okafor"
		},
		"criteria": [
			{
				"description": "User acceptance testing completed in staging",
				"id": "AC-1",
				"met": true
			},
			{
				"description": "Known issues accepted for production",
				"id": "AC-2",
				"met": true
			},
			{
				"description": "Rollback criteria understood and agreed",
				"id": "AC-3",
				"met": true
			}
		],
		"decision": "accepted",
		"milestone": "payments-api 2.4.0 go-live",
		"role": "Service Owner",
		"timestamp": "2026-03-13T10:00:00Z"
	},
	"notifications": [
		{
			"audience": [
				"affected-users",
				"support"
			],
			"channel": "email",
			"id": "NOTE-2026-0144",
			"sent_at": "2026-03-10T09:00:00Z",
			"subject": "payments-api 2.4.0: short degradation on Saturday 14 March, 20:00-22:00 UTC"
		},
		{
			"audience": [
				"affected-users",
				"support"
			],
			"channel": "email",
			"id": "NOTE-2026-0150",
			"purpose": "completion",
			"sent_at": "2026-03-14T21:00:00Z",
			"subject": "payments-api 2.4.0 is live"
		}
	],
	"post_release_verification": {
		"environment": "production",
		"runs": [
			{
				"cases": [
					{
						"category": "smoke",
						"classname": "verify.smoke",
						"duration_s": 0.5,
						"name": "test_service_reports_healthy",
						"status": "passed"
					},
					{
						"category": "smoke",
						"classname": "verify.smoke",
						"duration_s": 4.2,
						"name": "test_card_payment_authorises",
						"status": "passed"
					},
					{
						"category": "smoke",
						"classname": "verify.smoke",
						"duration_s": 1.1,
						"name": "test_export_endpoint_answers",
						"status": "passed"
					}
				],
				"environment": "production",
				"finished_at": "2026-03-14T20:38:00Z",
				"format": "junit",
				"name": "production smoke",
				"producer": "pytest",
				"started_at": "2026-03-14T20:35:00Z"
			}
		]
	},
	"promotions": [
		{
			"actor": {
				"id": "release-bot",
				"kind": "service"
			},
			"artifact": "payments-api",
			"at": "2026-03-07T09:00:00Z",
			"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
			"from": "dev",
			"to": "test"
		},
		{
			"actor": {
				"id": "release-bot",
				"kind": "service"
			},
			"artifact": "payments-db-migrations",
			"at": "2026-03-07T09:01:00Z",
			"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
			"from": "dev",
			"to": "test"
		},
		{
			"actor": {
				"id": "release-bot",
				"kind": "service"
			},
			"artifact": "payments-api",
			"at": "2026-03-11T16:00:00Z",
			"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
			"from": "test",
			"to": "staging"
		},
		{
			"actor": {
				"id": "release-bot",
				"kind": "service"
			},
			"artifact": "payments-db-migrations",
			"at": "2026-03-11T16:01:00Z",
			"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
			"from": "test",
			"to": "staging"
		},
		{
			"actor": {
				"id": "release-bot",
				"kind": "service"
			},
			"artifact": "payments-api",
			"at": "2026-03-14T20:02:00Z",
			"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
			"from": "staging",
			"to": "production"
		},
		{
			"actor": {
				"id": "release-bot",
				"kind": "service"
			},
			"artifact": "payments-db-migrations",
			"at": "2026-03-14T20:02:00Z",
			"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
			"from": "staging",
			"to": "production"
		}
	],
	"release": {
		"changes": [
			{
				"approval_status": "approved",
				"approved_at": "2026-03-03T10:00:00Z",
				"approved_by": {
					"id": "cab"
				},
				"id": "CHG-2026-0892",
				"title": "Export payment reports to CSV"
			},
			{
				"approval_status": "approved",
				"approved_at": "2026-03-03T10:00:00Z",
				"approved_by": {
					"id": "cab"
				},
				"id": "CHG-2026-0901",
				"title": "Fix rounding in fee summaries"
			},
			{
				"approval_status": "approved",
				"approved_at": "2026-03-03T10:00:00Z",
				"approved_by": {
					"id": "cab"
				},
				"id": "CHG-2026-0915",
				"title": "Send payment notifications in the customer's language"
			}
		],
		"classification_rationale": "New export feature and non-critical fixes; no architectural change.",
		"id": "REL-2026-03-015",
		"impact": "medium",
		"name": "payments-api",
		"promotion_schedule": [
			{
				"date": "2026-03-06",
				"environment": "dev"
			},
			{
				"date": "2026-03-07",
				"environment": "test"
			},
			{
				"date": "2026-03-11",
				"environment": "staging"
			},
			{
				"date": "2026-03-14",
				"environment": "production"
			}
		],
		"release_manager": {
			"id": "l.brandt",
			"name": "Lena Brandt"
		},
		"resources": {
			"environments": [
				"test",
				"staging",
				"production"
			],
			"people": [
				"l.brandt",
				"s.ito",
				"k.novak"
			],
			"tools": [
				"github-actions",
				"argocd"
			]
		},
		"risk_assessment": "Medium: the export runs on the reporting replica; the fee rounding change is covered by regression tests.",
		"rollback_constraints": "Migration 2.4 only adds nullable columns: a rollback within 4 hours loses no data.",
		"service_owner": {
			"id": "m.okafor",
			"name": "Maya Okafor"
		},
		"stages": {
			"build": {
				"completed_at": "2026-03-06T15:00:00Z",
				"started_at": "2026-03-06T09:00:00Z"
			},
			"planning": {
				"completed_at": "2026-03-04T16:00:00Z",
				"started_at": "2026-02-23T09:00:00Z"
			},
			"staging": {
				"completed_at": "2026-03-12T12:00:00Z",
				"started_at": "2026-03-11T09:00:00Z"
			},
			"test": {
				"completed_at": "2026-03-10T16:00:00Z",
				"started_at": "2026-03-10T08:00:00Z"
			}
		},
		"target_window": {
			"end": "2026-03-14T22:00:00Z",
			"start": "2026-03-14T20:00:00Z"
		},
		"type": "minor",
		"version": "2.4.0"
	},
	"release_notes": {
		"changes": [
			{
				"ref": "CHG-2026-0892",
				"section": "Added",
				"summary": "Payment reports can be exported to CSV"
			},
			{
				"ref": "CHG-2026-0901",
				"section": "Fixed",
				"summary": "Fee summaries round half to even"
			},
			{
				"ref": "CHG-2026-0915",
				"section": "Changed",
				"summary": "Payment notifications use the customer's language"
			}
		],
		"date": "2026-03-14",
		"dependencies": [
			"Database schema 2.4 (migrations ship in the package)",
			"API gateway 3.1 or later"
		],
		"document": {
			"path": "RELEASE_NOTES.md",
			"sha256": "6467f3770d5c37c2637e9d1a3ecc4b1b89a11377662e193d632afca30da2b0ea"
		},
		"generated": {
			"at": "2026-03-11T08:00:00Z",
			"tool": "git-cliff",
			"version": "2.8.0"
		},
		"known_issues": [
			{
				"defect": "BUG-4411",
				"summary": "Exporting more than 50,000 rows to CSV takes several minutes",
				"workaround": "Export month by month."
			}
		],
		"published": {
			"at": "2026-03-13T09:00:00Z",
			"location": "https://docs.example.com/payments/releases/2.4.0"
		},
		"release": "payments-api v2.4.0",
		"retention": {
			"location": "records://release-archive/payments-api/REL-2026-03-015",
			"retain_until": "2028-03-31"
		},
		"review": {
			"at": "2026-03-12T16:00:00Z",
			"by": {
				"id": "l.brandt"
			},
			"outcome": "approved",
			"role": "Release Manager"
		},
		"rollback": {
			"procedure": "Deployment runbook, section 7: redeploy 2.3.2 and run the 2.4 down-migration.",
			"window_hours": 4
		},
		"type": "minor",
		"version": "2.4.0"
	},
	"rollback": {
		"plan": {
			"path": "docs/rollback.md",
			"sha256": "1e665750072dc52b259667762985ffc1ac2788fa60e0dee889ee038e48cee4aa",
			"title": "payments-api rollback plan",
			"version": "2.4.0-r1"
		},
		"review": {
			"at": "2026-03-12T12:00:00Z",
			"by": {
				"id": "s.ito"
			},
			"outcome": "approved",
			"role": "Operations Lead"
		},
		"strategy": "redeploy-previous",
		"tests": {
			"duration_minutes": 18,
			"environment": "staging",
			"runs": [
				{
					"cases": [
						{
							"category": "rollback",
							"classname": "rollback.rehearsal",
							"duration_s": 412.0,
							"name": "test_redeploy_previous_image",
							"status": "passed"
						},
						{
							"category": "rollback",
							"classname": "rollback.rehearsal",
							"duration_s": 380.5,
							"name": "test_schema_downgrade_is_lossless",
							"status": "passed"
						},
						{
							"category": "rollback",
							"classname": "rollback.rehearsal",
							"duration_s": 150.2,
							"name": "test_payments_flow_after_rollback",
							"status": "passed"
						},
						{
							"category": "rollback",
							"classname": "rollback.rehearsal",
							"duration_s": 12.1,
							"name": "test_health_after_rollback",
							"status": "passed"
						}
					],
					"environment": "staging",
					"finished_at": "2026-03-12T11:30:00Z",
					"format": "junit",
					"name": "rollback rehearsal",
					"producer": "pytest"
				}
			]
		},
		"time_limit_minutes": 30,
		"triggers": [
			"error rate above 2% for 10 minutes",
			"p99 latency above 800 ms for 15 minutes",
			"payment reconciliation mismatch"
		]
	},
	"schema_version": "1.0",
	"services": [
		{
			"depends_on": [
				"ledger",
				"notifications"
			],
			"name": "payments-api"
		},
		{
			"depends_on": [],
			"name": "ledger"
		},
		{
			"depends_on": [],
			"name": "notifications"
		},
		{
			"depends_on": [],
			"name": "hr-portal"
		}
	],
	"system_test_report": {
		"defects": [
			{
				"id": "BUG-4398",
				"severity": "high",
				"status": "closed",
				"title": "Refund total off by one cent for split payments"
			},
			{
				"id": "BUG-4411",
				"known_issue": true,
				"severity": "medium",
				"status": "open",
				"title": "CSV export slow for reports over 50,000 rows",
				"workaround": "Export month by month."
			}
		],
		"environment": "test",
		"runs": [
			{
				"cases": [
					{
						"category": "smoke",
						"classname": "tests.smoke.test_health",
						"duration_s": 0.4,
						"name": "test_service_reports_healthy",
						"status": "passed"
					},
					{
						"category": "smoke",
						"classname": "tests.smoke.test_health",
						"duration_s": 0.7,
						"name": "test_database_reachable",
						"status": "passed"
					},
					{
						"category": "functional",
						"classname": "tests.functional.test_export",
						"duration_s": 3.2,
						"name": "test_export_csv_contains_all_payments",
						"requirements": [
							"CHG-2026-0892"
						],
						"status": "passed"
					},
					{
						"category": "functional",
						"classname": "tests.functional.test_export",
						"duration_s": 2.1,
						"name": "test_export_respects_date_filter",
						"requirements": [
							"CHG-2026-0892"
						],
						"status": "passed"
					},
					{
						"category": "functional",
						"classname": "tests.functional.test_fees",
						"duration_s": 0.9,
						"name": "test_fee_summary_rounds_half_even",
						"requirements": [
							"CHG-2026-0901"
						],
						"status": "passed"
					},
					{
						"category": "functional",
						"classname": "tests.functional.test_notifications",
						"duration_s": 1.6,
						"name": "test_notification_uses_customer_language",
						"requirements": [
							"CHG-2026-0915"
						],
						"status": "passed"
					},
					{
						"category": "regression",
						"classname": "tests.regression.test_payments",
						"depth": "full",
						"duration_s": 8.4,
						"name": "test_card_payment_end_to_end",
						"status": "passed"
					},
					{
						"category": "regression",
						"classname": "tests.regression.test_refunds",
						"depth": "full",
						"duration_s": 7.9,
						"name": "test_partial_refund_end_to_end",
						"status": "passed"
					},
					{
						"category": "integration",
						"classname": "tests.integration.test_gateway",
						"depth": "all-interfaces",
						"duration_s": 4.3,
						"name": "test_gateway_v3_contract",
						"status": "passed"
					},
					{
						"category": "integration",
						"classname": "tests.integration.test_ledger",
						"depth": "all-interfaces",
						"duration_s": 5.0,
						"name": "test_ledger_postings_balance",
						"status": "passed"
					},
					{
						"category": "performance",
						"classname": "tests.performance.test_load",
						"depth": "baseline",
						"duration_s": 612.0,
						"name": "test_p99_latency_under_baseline",
						"status": "passed"
					},
					{
						"category": "security",
						"classname": "tests.security.test_scan",
						"depth": "vulnerability-scan",
						"duration_s": 41.5,
						"name": "test_no_known_vulnerabilities_in_image",
						"status": "passed"
					}
				],
				"environment": "test",
				"finished_at": "2026-03-10T08:42:00Z",
				"format": "junit",
				"name": "payments-api system tests",
				"producer": "pytest",
				"started_at": "2026-03-10T08:00:00Z"
			}
		]
	}
}

example_pre_deploy := {
	"approvals": [
		{
			"approver": {
				"id": "k.novak",
				"name": "Karel Novak"
			},
			"decision": "approved",
			"id": "APR-2026-0311",
			"role": "Test Manager",
			"scope": "system-test-report",
			"timestamp": "2026-03-10T12:00:00Z"
		},
		{
			"approver": {
				"id": "m.okafor",
				"name": "Maya Okafor"
			},
			"decision": "approved",
			"id": "APR-2026-0318",
			"role": "Service Owner",
			"scope": "release",
			"timestamp": "2026-03-12T17:00:00Z"
		},
		{
			"approver": {
				"id": "m.okafor",
				"name": "Maya Okafor"
			},
			"decision": "approved",
			"id": "APR-2026-0322",
			"role": "Service Owner",
			"scope": "go-live",
			"timestamp": "2026-03-14T18:30:00Z"
		},
		{
			"approver": {
				"id": "l.brandt",
				"name": "Lena Brandt"
			},
			"decision": "approved",
			"id": "APR-2026-0323",
			"role": "Release Manager",
			"scope": "production-deployment",
			"timestamp": "2026-03-14T19:00:00Z"
		},
		{
			"approver": {
				"id": "l.brandt",
				"name": "Lena Brandt"
			},
			"comment": "Package, runbook, rollback, on-call, dashboards and templates confirmed.",
			"decision": "approved",
			"id": "APR-2026-0319",
			"role": "Release Manager",
			"scope": "readiness-review",
			"timestamp": "2026-03-13T14:00:00Z"
		},
		{
			"approver": {
				"id": "m.okafor",
				"name": "Maya Okafor"
			},
			"decision": "approved",
			"id": "APR-2026-0305",
			"role": "Service Owner",
			"scope": "release-definition",
			"timestamp": "2026-03-05T15:00:00Z"
		}
	],
	"artifacts": [
		{
			"builder": "https://github.example.com/payments/payments-api/actions/runs/8812",
			"built_at": "2026-03-06T14:12:00Z",
			"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
			"media_type": "application/vnd.oci.image.manifest.v1+json",
			"name": "payments-api",
			"uri": "registry.example.com/payments/payments-api:2.4.0",
			"version": "2.4.0"
		},
		{
			"builder": "https://github.example.com/payments/payments-api/actions/runs/8812",
			"built_at": "2026-03-06T14:15:00Z",
			"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
			"media_type": "application/vnd.oci.image.manifest.v1+json",
			"name": "payments-db-migrations",
			"uri": "registry.example.com/payments/payments-db-migrations:2.4.0",
			"version": "2.4.0"
		}
	],
	"budget_baseline": {
		"approved_at": "2025-12-15T11:00:00Z",
		"approved_by": {
			"id": "r.haddad",
			"name": "Rami Haddad"
		},
		"approved_role": "Sponsor",
		"currency": "EUR",
		"id": "BUD-PAY-2026-Q1",
		"periods": [
			{
				"amount": 16000,
				"period": "2026-01"
			},
			{
				"amount": 16000,
				"period": "2026-02"
			},
			{
				"amount": 16000,
				"period": "2026-03"
			}
		],
		"tolerance_percent": 10,
		"total": 48000
	},
	"build_verification": {
		"components": [
			{
				"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
				"name": "payments-api"
			},
			{
				"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
				"name": "payments-db-migrations"
			}
		],
		"package": "payments-api-2.4.0",
		"tests": {
			"environment": "build",
			"runs": [
				{
					"cases": [
						{
							"category": "build-verification",
							"classname": "build.verify",
							"duration_s": 2.1,
							"name": "test_binaries_start",
							"properties": {
								"check": "binaries-start"
							},
							"status": "passed"
						},
						{
							"category": "build-verification",
							"classname": "build.verify",
							"duration_s": 0.4,
							"name": "test_configuration_parses",
							"properties": {
								"check": "configuration-parses"
							},
							"status": "passed"
						},
						{
							"category": "build-verification",
							"classname": "build.verify",
							"duration_s": 12.5,
							"name": "test_database_scripts_apply_to_clean_schema",
							"properties": {
								"check": "database-scripts-apply"
							},
							"status": "passed"
						},
						{
							"category": "build-verification",
							"classname": "build.verify",
							"duration_s": 6.0,
							"name": "test_images_answer_health_checks",
							"properties": {
								"check": "images-healthy"
							},
							"status": "passed"
						}
					],
					"environment": "build",
					"finished_at": "2026-03-06T15:25:00Z",
					"format": "junit",
					"name": "build verification",
					"producer": "pytest",
					"started_at": "2026-03-06T15:10:00Z"
				}
			]
		}
	},
	"calendar": {
		"events": [
			{
				"categories": [
					"release",
					"payments-api"
				],
				"end": "2026-03-14T22:00:00Z",
				"start": "2026-03-14T20:00:00Z",
				"summary": "REL-2026-03-015: payments-api 2.4.0",
				"uid": "rel-2026-03-015@releases.example.com"
			},
			{
				"categories": [
					"release",
					"hr-portal"
				],
				"end": "2026-03-15T20:00:00+01:00",
				"start": "2026-03-15T19:00:00+01:00",
				"summary": "REL-2026-03-016: hr-portal patch",
				"uid": "rel-2026-03-016@releases.example.com"
			},
			{
				"categories": [
					"maintenance",
					"staging"
				],
				"end": "2026-03-12T02:00:00+01:00",
				"start": "2026-03-11T22:00:00+01:00",
				"summary": "Staging infrastructure maintenance (moved)",
				"uid": "infra-staging-weekly@ops.example.com"
			},
			{
				"categories": [
					"blocked"
				],
				"end": "2026-03-14T00:00:00Z",
				"start": "2026-03-12T00:00:00Z",
				"summary": "Board meeting: no deployments",
				"uid": "board-2026-03@org.example.com"
			},
			{
				"categories": [
					"release",
					"ledger"
				],
				"end": "2026-03-14T23:00:00Z",
				"start": "2026-03-14T21:00:00Z",
				"status": "cancelled",
				"summary": "REL-2026-03-014: ledger 5.1.0 (moved to April)",
				"uid": "rel-2026-03-014@releases.example.com"
			},
			{
				"categories": [
					"maintenance",
					"production"
				],
				"end": "2026-03-15T08:00:00Z",
				"start": "2026-03-15T06:00:00Z",
				"summary": "Production network maintenance",
				"uid": "net-2026-03-15@ops.example.com"
			}
		]
	},
	"cost_report": {
		"baseline_id": "BUD-PAY-2026-Q1",
		"currency": "EUR",
		"generated_at": "2026-03-13T06:00:00Z",
		"id": "COST-PAY-2026-03",
		"lines": [
			{
				"cost": 11840.25,
				"period": "2026-01",
				"service": "compute"
			},
			{
				"cost": 2100.0,
				"period": "2026-01",
				"service": "storage"
			},
			{
				"cost": 12410.8,
				"period": "2026-02",
				"service": "compute"
			},
			{
				"cost": 2210.4,
				"period": "2026-02",
				"service": "storage"
			},
			{
				"cost": 9120.55,
				"period": "2026-03",
				"service": "compute"
			},
			{
				"cost": 1750.0,
				"period": "2026-03",
				"service": "storage"
			}
		],
		"period": {
			"end": "2026-03-13",
			"start": "2026-01-01"
		}
	},
	"deployment_guide": {
		"document": {
			"path": "docs/runbook.md",
			"sha256": "8d255f3cd04737a3414cc31548c7b19df6d74da7ea6aa599175cd15caa44dc99",
			"title": "payments-api deployment runbook",
			"updated_at": "2026-03-11T09:00:00Z",
			"version": "2.4.0-r2"
		},
		"review": {
			"at": "2026-03-11T15:30:00Z",
			"by": {
				"id": "s.ito",
				"name": "Sora Ito"
			},
			"outcome": "approved",
			"role": "Operations Lead"
		},
		"validated": {
			"at": "2026-03-12T10:00:00Z",
			"deviations": [],
			"environment": "staging"
		}
	},
	"deployment_plan": {
		"briefing": {
			"attendees": [
				{
					"id": "s.ito",
					"name": "Sato Ito"
				},
				{
					"id": "r.meyer",
					"name": "Rosa Meyer"
				}
			],
			"by": {
				"id": "l.brandt",
				"name": "Lena Brandt"
			},
			"held_at": "2026-03-14T19:30:00Z"
		},
		"monitoring": [
			"payments-api release dashboard",
			"error-rate and p99 latency alerts",
			"payment reconciliation job"
		],
		"rollback_time_limit_minutes": 30,
		"rollback_triggers": [
			"error rate above 2% for 10 minutes",
			"p99 latency above 800 ms for 15 minutes",
			"payment reconciliation mismatch"
		],
		"rollout": {
			"strategy": "canary"
		}
	},
	"deployments": [
		{
			"actor": {
				"id": "argocd",
				"kind": "service"
			},
			"artifacts": [
				{
					"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
					"name": "payments-api"
				},
				{
					"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
					"name": "payments-db-migrations"
				}
			],
			"environment": "staging",
			"finished_at": "2026-03-12T09:52:00Z",
			"id": "deploy-staging-231",
			"log": {
				"path": "logs/deploy-staging-231.log",
				"sha256": "ecb8e9bc029aec03dd0907d7c83a1e561121cfe6b9281f369cb03ee5cf4499bd"
			},
			"manual_steps": [],
			"pipeline_run": {
				"id": "8840",
				"system": "github-actions",
				"url": "https://github.example.com/payments/payments-api/actions/runs/8840"
			},
			"started_at": "2026-03-12T09:30:00Z",
			"status": "succeeded"
		}
	],
	"escalations": [],
	"financial_forecast": {
		"baseline_id": "BUD-PAY-2026-Q1",
		"currency": "EUR",
		"estimate_at_completion": 49900,
		"review": {
			"at": "2026-03-13T11:00:00Z",
			"by": {
				"id": "r.haddad",
				"name": "Rami Haddad"
			},
			"outcome": "approved",
			"role": "Sponsor"
		},
		"updated_at": "2026-03-13T08:00:00Z"
	},
	"go_live_checklist": {
		"items": [
			{
				"description": "Release package verified and reachable in the artefact repository",
				"done": true,
				"id": "GL-1",
				"verified_at": "2026-03-13T19:00:00Z",
				"verified_by": {
					"id": "l.brandt"
				}
			},
			{
				"description": "Deployment runbook current and executed in staging",
				"done": true,
				"id": "GL-2",
				"verified_at": "2026-03-13T19:05:00Z",
				"verified_by": {
					"id": "s.ito"
				}
			},
			{
				"description": "Rollback procedure documented and rehearsed",
				"done": true,
				"id": "GL-3",
				"verified_at": "2026-03-13T19:05:00Z",
				"verified_by": {
					"id": "s.ito"
				}
			},
			{
				"description": "On-call engineers named and available for the window",
				"done": true,
				"id": "GL-4",
				"verified_at": "2026-03-13T19:10:00Z",
				"verified_by": {
					"id": "l.brandt"
				}
			},
			{
				"description": "Monitoring dashboards ready for release validation",
				"done": true,
				"id": "GL-5",
				"verified_at": "2026-03-13T19:12:00Z",
				"verified_by": {
					"id": "s.ito"
				}
			},
			{
				"description": "Success and failure announcements drafted",
				"done": true,
				"id": "GL-6",
				"verified_at": "2026-03-13T19:15:00Z",
				"verified_by": {
					"id": "l.brandt"
				}
			}
		]
	},
	"milestone_acceptance": {
		"accepted_by": {
			"id": "m.okafor",
			"name": "Maya Okafor"
		},
		"criteria": [
			{
				"description": "User acceptance testing completed in staging",
				"id": "AC-1",
				"met": true
			},
			{
				"description": "Known issues accepted for production",
				"id": "AC-2",
				"met": true
			},
			{
				"description": "Rollback criteria understood and agreed",
				"id": "AC-3",
				"met": true
			}
		],
		"decision": "accepted",
		"milestone": "payments-api 2.4.0 go-live",
		"role": "Service Owner",
		"timestamp": "2026-03-13T10:00:00Z"
	},
	"notifications": [
		{
			"audience": [
				"affected-users",
				"support"
			],
			"channel": "email",
			"id": "NOTE-2026-0144",
			"sent_at": "2026-03-10T09:00:00Z",
			"subject": "payments-api 2.4.0: short degradation on Saturday 14 March, 20:00-22:00 UTC"
		}
	],
	"promotions": [
		{
			"actor": {
				"id": "release-bot",
				"kind": "service"
			},
			"artifact": "payments-api",
			"at": "2026-03-07T09:00:00Z",
			"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
			"from": "dev",
			"to": "test"
		},
		{
			"actor": {
				"id": "release-bot",
				"kind": "service"
			},
			"artifact": "payments-db-migrations",
			"at": "2026-03-07T09:01:00Z",
			"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
			"from": "dev",
			"to": "test"
		},
		{
			"actor": {
				"id": "release-bot",
				"kind": "service"
			},
			"artifact": "payments-api",
			"at": "2026-03-11T16:00:00Z",
			"digest": "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033",
			"from": "test",
			"to": "staging"
		},
		{
			"actor": {
				"id": "release-bot",
				"kind": "service"
			},
			"artifact": "payments-db-migrations",
			"at": "2026-03-11T16:01:00Z",
			"digest": "sha256:5f319fb937b4598a783e06df8c7628973ccb577b9a2d7d254247b861fa16ef5b",
			"from": "test",
			"to": "staging"
		}
	],
	"release": {
		"changes": [
			{
				"approval_status": "approved",
				"approved_at": "2026-03-03T10:00:00Z",
				"approved_by": {
					"id": "cab"
				},
				"id": "CHG-2026-0892",
				"title": "Export payment reports to CSV"
			},
			{
				"approval_status": "approved",
				"approved_at": "2026-03-03T10:00:00Z",
				"approved_by": {
					"id": "cab"
				},
				"id": "CHG-2026-0901",
				"title": "Fix rounding in fee summaries"
			},
			{
				"approval_status": "approved",
				"approved_at": "2026-03-03T10:00:00Z",
				"approved_by": {
					"id": "cab"
				},
				"id": "CHG-2026-0915",
				"title": "Send payment notifications in the customer's language"
			}
		],
		"classification_rationale": "New export feature and non-critical fixes; no architectural change.",
		"id": "REL-2026-03-015",
		"impact": "medium",
		"name": "payments-api",
		"promotion_schedule": [
			{
				"date": "2026-03-06",
				"environment": "dev"
			},
			{
				"date": "2026-03-07",
				"environment": "test"
			},
			{
				"date": "2026-03-11",
				"environment": "staging"
			},
			{
				"date": "2026-03-14",
				"environment": "production"
			}
		],
		"release_manager": {
			"id": "l.brandt",
			"name": "Lena Brandt"
		},
		"resources": {
			"environments": [
				"test",
				"staging",
				"production"
			],
			"people": [
				"l.brandt",
				"s.ito",
				"k.novak"
			],
			"tools": [
				"github-actions",
				"argocd"
			]
		},
		"risk_assessment": "Medium: the export runs on the reporting replica; the fee rounding change is covered by regression tests.",
		"rollback_constraints": "Migration 2.4 only adds nullable columns: a rollback within 4 hours loses no data.",
		"service_owner": {
			"id": "m.okafor",
			"name": "Maya Okafor"
		},
		"stages": {
			"build": {
				"completed_at": "2026-03-06T15:00:00Z",
				"started_at": "2026-03-06T09:00:00Z"
			},
			"planning": {
				"completed_at": "2026-03-04T16:00:00Z",
				"started_at": "2026-02-23T09:00:00Z"
			},
			"staging": {
				"completed_at": "2026-03-12T12:00:00Z",
				"started_at": "2026-03-11T09:00:00Z"
			},
			"test": {
				"completed_at": "2026-03-10T16:00:00Z",
				"started_at": "2026-03-10T08:00:00Z"
			}
		},
		"target_window": {
			"end": "2026-03-14T22:00:00Z",
			"start": "2026-03-14T20:00:00Z"
		},
		"type": "minor",
		"version": "2.4.0"
	},
	"release_notes": {
		"changes": [
			{
				"ref": "CHG-2026-0892",
				"section": "Added",
				"summary": "Payment reports can be exported to CSV"
			},
			{
				"ref": "CHG-2026-0901",
				"section": "Fixed",
				"summary": "Fee summaries round half to even"
			},
			{
				"ref": "CHG-2026-0915",
				"section": "Changed",
				"summary": "Payment notifications use the customer's language"
			}
		],
		"date": "2026-03-14",
		"dependencies": [
			"Database schema 2.4 (migrations ship in the package)",
			"API gateway 3.1 or later"
		],
		"document": {
			"path": "RELEASE_NOTES.md",
			"sha256": "6467f3770d5c37c2637e9d1a3ecc4b1b89a11377662e193d632afca30da2b0ea"
		},
		"generated": {
			"at": "2026-03-11T08:00:00Z",
			"tool": "git-cliff",
			"version": "2.8.0"
		},
		"known_issues": [
			{
				"defect": "BUG-4411",
				"summary": "Exporting more than 50,000 rows to CSV takes several minutes",
				"workaround": "Export month by month."
			}
		],
		"published": {
			"at": "2026-03-13T09:00:00Z",
			"location": "https://docs.example.com/payments/releases/2.4.0"
		},
		"release": "payments-api v2.4.0",
		"retention": {
			"location": "records://release-archive/payments-api/REL-2026-03-015",
			"retain_until": "2028-03-31"
		},
		"review": {
			"at": "2026-03-12T16:00:00Z",
			"by": {
				"id": "l.brandt"
			},
			"outcome": "approved",
			"role": "Release Manager"
		},
		"rollback": {
			"procedure": "Deployment runbook, section 7: redeploy 2.3.2 and run the 2.4 down-migration.",
			"window_hours": 4
		},
		"type": "minor",
		"version": "2.4.0"
	},
	"rollback": {
		"plan": {
			"path": "docs/rollback.md",
			"sha256": "1e665750072dc52b259667762985ffc1ac2788fa60e0dee889ee038e48cee4aa",
			"title": "payments-api rollback plan",
			"version": "2.4.0-r1"
		},
		"review": {
			"at": "2026-03-12T12:00:00Z",
			"by": {
				"id": "s.ito"
			},
			"outcome": "approved",
			"role": "Operations Lead"
		},
		"strategy": "redeploy-previous",
		"tests": {
			"duration_minutes": 18,
			"environment": "staging",
			"runs": [
				{
					"cases": [
						{
							"category": "rollback",
							"classname": "rollback.rehearsal",
							"duration_s": 412.0,
							"name": "test_redeploy_previous_image",
							"status": "passed"
						},
						{
							"category": "rollback",
							"classname": "rollback.rehearsal",
							"duration_s": 380.5,
							"name": "test_schema_downgrade_is_lossless",
							"status": "passed"
						},
						{
							"category": "rollback",
							"classname": "rollback.rehearsal",
							"duration_s": 150.2,
							"name": "test_payments_flow_after_rollback",
							"status": "passed"
						},
						{
							"category": "rollback",
							"classname": "rollback.rehearsal",
							"duration_s": 12.1,
							"name": "test_health_after_rollback",
							"status": "passed"
						}
					],
					"environment": "staging",
					"finished_at": "2026-03-12T11:30:00Z",
					"format": "junit",
					"name": "rollback rehearsal",
					"producer": "pytest"
				}
			]
		},
		"time_limit_minutes": 30,
		"triggers": [
			"error rate above 2% for 10 minutes",
			"p99 latency above 800 ms for 15 minutes",
			"payment reconciliation mismatch"
		]
	},
	"schema_version": "1.0",
	"services": [
		{
			"depends_on": [
				"ledger",
				"notifications"
			],
			"name": "payments-api"
		},
		{
			"depends_on": [],
			"name": "ledger"
		},
		{
			"depends_on": [],
			"name": "notifications"
		},
		{
			"depends_on": [],
			"name": "hr-portal"
		}
	],
	"system_test_report": {
		"defects": [
			{
				"id": "BUG-4398",
				"severity": "high",
				"status": "closed",
				"title": "Refund total off by one cent for split payments"
			},
			{
				"id": "BUG-4411",
				"known_issue": true,
				"severity": "medium",
				"status": "open",
				"title": "CSV export slow for reports over 50,000 rows",
				"workaround": "Export month by month."
			}
		],
		"environment": "test",
		"runs": [
			{
				"cases": [
					{
						"category": "smoke",
						"classname": "tests.smoke.test_health",
						"duration_s": 0.4,
						"name": "test_service_reports_healthy",
						"status": "passed"
					},
					{
						"category": "smoke",
						"classname": "tests.smoke.test_health",
						"duration_s": 0.7,
						"name": "test_database_reachable",
						"status": "passed"
					},
					{
						"category": "functional",
						"classname": "tests.functional.test_export",
						"duration_s": 3.2,
						"name": "test_export_csv_contains_all_payments",
						"requirements": [
							"CHG-2026-0892"
						],
						"status": "passed"
					},
					{
						"category": "functional",
						"classname": "tests.functional.test_export",
						"duration_s": 2.1,
						"name": "test_export_respects_date_filter",
						"requirements": [
							"CHG-2026-0892"
						],
						"status": "passed"
					},
					{
						"category": "functional",
						"classname": "tests.functional.test_fees",
						"duration_s": 0.9,
						"name": "test_fee_summary_rounds_half_even",
						"requirements": [
							"CHG-2026-0901"
						],
						"status": "passed"
					},
					{
						"category": "functional",
						"classname": "tests.functional.test_notifications",
						"duration_s": 1.6,
						"name": "test_notification_uses_customer_language",
						"requirements": [
							"CHG-2026-0915"
						],
						"status": "passed"
					},
					{
						"category": "regression",
						"classname": "tests.regression.test_payments",
						"depth": "full",
						"duration_s": 8.4,
						"name": "test_card_payment_end_to_end",
						"status": "passed"
					},
					{
						"category": "regression",
						"classname": "tests.regression.test_refunds",
						"depth": "full",
						"duration_s": 7.9,
						"name": "test_partial_refund_end_to_end",
						"status": "passed"
					},
					{
						"category": "integration",
						"classname": "tests.integration.test_gateway",
						"depth": "all-interfaces",
						"duration_s": 4.3,
						"name": "test_gateway_v3_contract",
						"status": "passed"
					},
					{
						"category": "integration",
						"classname": "tests.integration.test_ledger",
						"depth": "all-interfaces",
						"duration_s": 5.0,
						"name": "test_ledger_postings_balance",
						"status": "passed"
					},
					{
						"category": "performance",
						"classname": "tests.performance.test_load",
						"depth": "baseline",
						"duration_s": 612.0,
						"name": "test_p99_latency_under_baseline",
						"status": "passed"
					},
					{
						"category": "security",
						"classname": "tests.security.test_scan",
						"depth": "vulnerability-scan",
						"duration_s": 41.5,
						"name": "test_no_known_vulnerabilities_in_image",
						"status": "passed"
					}
				],
				"environment": "test",
				"finished_at": "2026-03-10T08:42:00Z",
				"format": "junit",
				"name": "payments-api system tests",
				"producer": "pytest",
				"started_at": "2026-03-10T08:00:00Z"
			}
		]
	}
}

release := derive(example_release)

pre_deploy := derive(example_pre_deploy)
