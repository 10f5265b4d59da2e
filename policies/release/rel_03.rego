# METADATA
# title: Rollback plan documented and tested
# description: >-
#   A pinned rollback plan document states backout criteria (triggers) and a time limit, and a
#   rollback rehearsal ran every case without failures, within that time limit, before the
#   production deployment.
# custom:
#   requirement: REL-03
#   severity: high
#   remediation: >-
#     Document the rollback plan (pinned by sha256 or version) with its triggers and time limit,
#     rehearse it before deploying with every test run and passing, and record the rehearsal's
#     results and measured duration.
#   evidence: [/rollback]
package relpolicy.release.rel_03

import rego.v1

import data.relpolicy.lib.release as lib

rollback := input.rollback

tests := rollback.tests

limit := rollback.time_limit_minutes

triggers := [t | some t in object.get(rollback, "triggers", []); lib.filled(t)]

# Every run of the rehearsal ended before production.
orders := {f |
	some e in lib.run_ends("/rollback/tests", "the rollback rehearsal run")
	some f in lib.order_findings([e, lib.production])
}

deny contains {"msg": "no rollback plan document is recorded", "evidence": "/rollback"} if {
	not rollback.plan
}

deny contains {"msg": "the rollback plan is not pinned: record its sha256 or version", "evidence": "/rollback/plan"} if {
	rollback.plan
	not lib.pinned(rollback.plan)
}

deny contains {"msg": "the rollback plan sets no time limit", "evidence": "/rollback"} if {
	not limit
}

deny contains {"msg": "the rollback plan states no backout criteria (triggers)", "evidence": "/rollback"} if {
	count(triggers) == 0
}

deny contains {"msg": "the rollback plan was never tested: no rollback test results are recorded", "evidence": "/rollback"} if {
	not tests
}

deny contains f if some f in lib.nothing_ran_findings(tests, "/rollback/tests", "rollback rehearsal")

deny contains f if some f in lib.test_failure_findings(tests, "rollback test", 10)

deny contains f if some f in lib.test_skipped_findings(tests, "rollback test", 10)

deny contains {"msg": "the rollback rehearsal records no duration, so the time limit is unproven", "evidence": "/rollback/tests"} if {
	tests
	not is_number(object.get(tests, "duration_minutes", null))
}

deny contains f if {
	tests.duration_minutes > limit
	f := {
		"msg": sprintf("the rehearsed rollback took %v minutes, over the plan's limit of %v minutes", [tests.duration_minutes, limit]),
		"evidence": ["/rollback/tests/duration_minutes", "/rollback/time_limit_minutes"],
	}
}

deny contains {"msg": "the rollback rehearsal records no runs, so when it happened is unknown", "evidence": "/rollback/tests"} if {
	tests
	count(object.get(tests, "runs", [])) == 0
}

deny contains f if some f in orders

satisfied if {
	lib.pinned(rollback.plan)
	limit > 0
	count(triggers) > 0
	tests.summary.executed > 0
	tests.summary.executed == tests.summary.total
	tests.summary.failed + tests.summary.error == 0
	tests.duration_minutes <= limit
	count(tests.runs) > 0
	count(orders) == 0
}

# What the verdict rests on: the plan, its time limit and triggers, and the rehearsal runs.
basis contains lib.basis_item("/rollback", input.rollback, "rollback plan", ["strategy", "time_limit_minutes", "triggers", "plan.path", "plan.sha256", "plan.version"])

basis contains b if some b in lib.tests_basis("/rollback/tests", input.rollback.tests, "rollback rehearsal")
