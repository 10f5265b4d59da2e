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

succeeded := [i |
	some i, d in input.deployments
	d.environment == lib.params.environments.production
	d.status == "succeeded"
]

finished_at(i) := sprintf("/deployments/%d/finished_at", [i])

# The end of the first successful production deployment; undefined when any of their ends is
# unusable (the finding names it).
deployed_ns := min({lib.time_at(finished_at(i)) | some i in succeeded}) if {
	count(succeeded) > 0
	every i in succeeded {
		lib.time_at(finished_at(i))
	}
}

deadline := lib.nth_business_day(deployed_ns, within)

# When the review was held, else when it is scheduled.
review_at := "/post_implementation_review/held_at" if pir.held_at
else := "/post_implementation_review/scheduled_for"

review_ns := lib.time_at(review_at)

# Held or scheduled after the deployment, and no later than the deadline.
timely if {
	review_ns >= deployed_ns
	lib.date_of(review_ns) <= deadline
}

deny contains {"msg": "no successful production deployment is recorded to date the review from", "evidence": "/deployments"} if {
	count(succeeded) == 0
}

deny contains f if {
	some i in succeeded
	flaw := lib.time_flaw(finished_at(i))
	f := {"msg": sprintf("the production deployment's end cannot date the review: %s %s", [finished_at(i), flaw]), "evidence": sprintf("/deployments/%d", [i])}
}

deny contains f if {
	pir.status == "cancelled"
	f := {"msg": "the post-implementation review was cancelled", "evidence": "/post_implementation_review/status"}
}

deny contains {"msg": "the post-implementation review is neither held nor scheduled (held_at or scheduled_for)", "evidence": "/post_implementation_review"} if {
	not pir.held_at
	not pir.scheduled_for
}

deny contains f if {
	pir
	flaw := lib.time_flaw(review_at)
	f := {"msg": sprintf("the post-implementation review has no usable time: %s %s", [review_at, flaw]), "evidence": "/post_implementation_review"}
}

deny contains f if {
	review_ns < deployed_ns
	f := {
		"msg": sprintf("the post-implementation review is dated %s, before the production deployment ended at %s", [lib.show(review_ns), lib.show(deployed_ns)]),
		"evidence": "/post_implementation_review",
	}
}

deny contains f if {
	review_ns >= deployed_ns
	lib.date_of(review_ns) > deadline
	f := {
		"msg": sprintf("the post-implementation review is dated %s, after %s, %d business days after the production deployment", [lib.show_date(lib.date_of(review_ns)), lib.show_date(deadline), within]),
		"evidence": "/post_implementation_review",
		"param": "post_implementation_review.within_business_days",
	}
}

satisfied if {
	object.get(pir, "status", "") != "cancelled"
	timely
}

# What the verdict rests on: the review, when it was (or is) held, and its state.
basis contains lib.basis_item("/post_implementation_review", input.post_implementation_review, "post-implementation review", ["status", "held_at", "scheduled_for", "by.id", "report.path"])
