# METADATA
# title: Post-implementation review of a major release
# description: >-
#   A major release has a post-implementation review held, or scheduled, no later than
#   params.post_implementation_review.within_business_days business days (5) after its
#   production deployment. Minor and patch releases are reviewed in periodic sessions instead.
# custom:
#   requirement: RM-07
#   severity: medium
#   remediation: >-
#     Schedule the post-implementation review within 5 business days of the production
#     deployment and record it (post_implementation_review with scheduled_for or held_at).
#   evidence: [/post_implementation_review]
package relpolicy.release.rm_07

import rego.v1

import data.relpolicy.lib.release as lib

pir := input.post_implementation_review

within := lib.params.post_implementation_review.within_business_days

deployed_ns := min({lib.ns(d.finished_at) |
	some d in input.deployments
	d.environment == lib.params.environments.production
	d.status == "succeeded"
	d.finished_at
})

deadline := lib.nth_business_day(deployed_ns, within)

# When the review was held, else when it is scheduled.
review_ns := lib.ns(pir.held_at) if pir.held_at
else := lib.ns(pir.scheduled_for)

timely if lib.date_of(review_ns) <= deadline

deny contains {"msg": "no successful production deployment is recorded to date the review from", "evidence": "/deployments"} if not deployed_ns

deny contains f if {
	pir.status == "cancelled"
	f := {"msg": "the post-implementation review was cancelled", "evidence": "/post_implementation_review/status"}
}

deny contains {"msg": "the post-implementation review is neither held nor scheduled (held_at or scheduled_for)", "evidence": "/post_implementation_review"} if not review_ns

deny contains f if {
	not timely
	f := {
		"msg": sprintf("the post-implementation review is dated %s, after %s, %d business days after the production deployment", [lib.show_date(lib.date_of(review_ns)), lib.show_date(deadline), within]),
		"evidence": "/post_implementation_review",
	}
}

satisfied if {
	pir.status != "cancelled"
	timely
}
