# METADATA
# title: Rollback plan documented and tested
# description: >-
#   A pinned rollback plan document states backout criteria (triggers) and a time limit, and a
#   rollback rehearsal passed without failures within that time limit.
# custom:
#   requirement: REL-03
#   severity: high
#   remediation: >-
#     Document the rollback plan (pinned by sha256 or version) with its triggers and time limit,
#     rehearse it, and record the rehearsal's results and measured duration.
#   evidence: [/rollback]
package relpolicy.release.rel_03

import rego.v1

import data.relpolicy.lib.release as lib

rollback := input.rollback

tests := rollback.tests

limit := rollback.time_limit_minutes

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
	count(object.get(rollback, "triggers", [])) == 0
}

deny contains {"msg": "the rollback plan was never tested: no rollback test results are recorded", "evidence": "/rollback"} if {
	not tests
}

deny contains {"msg": "the rollback rehearsal contains no test cases", "evidence": "/rollback/tests"} if {
	tests.summary.total == 0
}

deny contains f if some f in lib.test_failure_findings(tests, "rollback test", 10)

deny contains {"msg": "the rollback rehearsal records no duration, so the time limit is unproven", "evidence": "/rollback/tests"} if {
	tests
	not is_number(tests.duration_minutes)
}

deny contains f if {
	tests.duration_minutes > limit
	f := {
		"msg": sprintf("the rehearsed rollback took %v minutes, over the plan's limit of %v minutes", [tests.duration_minutes, limit]),
		"evidence": ["/rollback/tests/duration_minutes", "/rollback/time_limit_minutes"],
	}
}

satisfied if {
	lib.pinned(rollback.plan)
	limit > 0
	count(rollback.triggers) > 0
	tests.summary.total > 0
	tests.summary.failed + tests.summary.error == 0
	tests.duration_minutes <= limit
}
