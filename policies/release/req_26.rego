# METADATA
# title: Rollback strategy defined, tested and verified
# description: >-
#   The release names how it is backed out, the back-out was rehearsed in a rehearsal
#   environment (normally staging) with every case run and none failing, and someone with the
#   authority to (params.reviews.rollback) verified the rehearsal after it ended; rehearsal and
#   verification both happened before production.
# custom:
#   requirement: REQ-26
#   severity: critical
#   remediation: >-
#     Define the rollback strategy, rehearse the rollback in staging with every test run and
#     passing, and have an operations lead or the release manager review the rehearsal results
#     (rollback.review), all before the production deployment.
#   evidence: [/rollback]
package relpolicy.release.req_26

import rego.v1

import data.relpolicy.lib.release as lib

rollback := input.rollback

tests := rollback.tests

rehearsal := lib.params.environments.rehearsal

runs := object.get(object.get(rollback, "tests", {}), "runs", [])

# Every place the rehearsal says it ran (the section, and each run that records its own): all
# must be rehearsal environments, and at least one must be recorded.
places contains ["/rollback/tests/environment", tests.environment] if lib.filled(tests.environment)

places contains [sprintf("/rollback/tests/runs/%d/environment", [i]), r.environment] if {
	some i, r in runs
	lib.filled(r.environment)
}

wrong_places contains [at, env] if {
	some [at, env] in places
	not env in rehearsal
}

review := lib.event("/rollback/review/at", "the review of the rollback rehearsal")

# The review after the rehearsal it verifies, and before production. (Without a review, the
# review's own finding says so.)
orders := lib.order_findings([review, lib.production]) if rollback.review
else := set()

run_orders := {f |
	rollback.review
	some e in lib.run_ends("/rollback/tests", "the rollback rehearsal run")
	some f in lib.order_findings([e, review])
}

review_findings := lib.review_findings("/rollback/review", "rollback", "the review of the rollback rehearsal")

deny contains {"msg": "no rollback strategy is defined", "evidence": "/rollback"} if {
	not lib.filled(object.get(rollback, "strategy", null))
}

deny contains {"msg": "the rollback has not been rehearsed: no rollback test results are recorded", "evidence": "/rollback"} if {
	not tests
}

deny contains f if some f in lib.nothing_ran_findings(tests, "/rollback/tests", "rollback rehearsal")

deny contains f if some f in lib.test_failure_findings(tests, "rollback test", 10)

deny contains f if some f in lib.test_skipped_findings(tests, "rollback test", 10)

deny contains f if {
	tests
	count(places) == 0
	f := {"msg": sprintf("the rollback rehearsal does not say where it ran; it must run in %s", [concat(" or ", rehearsal)]), "evidence": "/rollback/tests"}
}

deny contains f if {
	some [at, env] in wrong_places
	f := {
		"msg": sprintf("the rollback was rehearsed in %s; it must be rehearsed in %s", [env, concat(" or ", rehearsal)]),
		"evidence": at,
		"param": "environments.rehearsal",
	}
}

deny contains f if some f in review_findings

deny contains f if some f in orders

deny contains f if some f in run_orders

satisfied if {
	lib.filled(rollback.strategy)
	tests.summary.executed > 0
	tests.summary.executed == tests.summary.total
	tests.summary.failed + tests.summary.error == 0
	count(runs) > 0
	count(places) > 0
	count(wrong_places) == 0
	count(review_findings) == 0
	count(orders) == 0
	count(run_orders) == 0
}

# What the verdict rests on: the strategy, the rehearsal runs in their environment, and the
# review of the rehearsal.
basis contains lib.basis_item("/rollback", input.rollback, "rollback", ["strategy", "tests.environment", "tests.duration_minutes"])

basis contains b if some b in lib.tests_basis("/rollback/tests", input.rollback.tests, "rollback rehearsal")

basis contains lib.review_basis("/rollback/review", input.rollback.review, "rehearsal review")
