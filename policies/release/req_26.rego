# METADATA
# title: Rollback strategy defined, tested and verified
# description: >-
#   The release names how it is backed out, the back-out was rehearsed without failures in a
#   rehearsal environment (normally staging), and a reviewer verified the rehearsal.
# custom:
#   requirement: REQ-26
#   severity: critical
#   remediation: >-
#     Define the rollback strategy, rehearse the rollback in staging with tests that pass, and have
#     someone review the rehearsal results (rollback.review).
#   evidence: [/rollback]
package relpolicy.release.req_26

import rego.v1

import data.relpolicy.lib.release as lib

rollback := input.rollback

tests := rollback.tests

rehearsal := lib.params.environments.rehearsal

review := rollback.review

verified if {
	lib.filled(review.by.id)
	review.outcome == "approved"
}

deny contains {"msg": "no rollback strategy is defined", "evidence": "/rollback"} if {
	not lib.filled(rollback.strategy)
}

deny contains {"msg": "the rollback has not been rehearsed: no rollback test results are recorded", "evidence": "/rollback"} if {
	not tests
}

deny contains {"msg": "the rollback rehearsal contains no test cases", "evidence": "/rollback/tests"} if {
	tests.summary.total == 0
}

deny contains f if some f in lib.test_failure_findings(tests, "rollback test", 10)

deny contains f if {
	tests
	not tests.environment
	f := {"msg": sprintf("the rollback rehearsal does not say where it ran; it must run in %s", [concat(" or ", rehearsal)]), "evidence": "/rollback/tests"}
}

deny contains f if {
	tests.environment
	not tests.environment in rehearsal
	f := {
		"msg": sprintf("the rollback was rehearsed in %s; it must be rehearsed in %s", [tests.environment, concat(" or ", rehearsal)]),
		"evidence": "/rollback/tests/environment",
	}
}

deny contains {"msg": "nobody verified the rollback rehearsal (no review of it is recorded)", "evidence": "/rollback"} if {
	not review
}

deny contains f if {
	review
	not verified
	f := {
		"msg": sprintf("the verification of the rollback rehearsal by %s is not approving (outcome: %v)", [lib.who(review.by), object.get(review, "outcome", "none")]),
		"evidence": "/rollback/review",
	}
}

satisfied if {
	lib.filled(rollback.strategy)
	tests.summary.total > 0
	tests.summary.failed + tests.summary.error == 0
	tests.environment in rehearsal
	verified
}
