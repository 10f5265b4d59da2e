# METADATA
# title: Deployment process documented and reviewed
# description: >-
#   The deployment guide (runbook) is pinned by digest or version, was reviewed with an
#   approving outcome after its last change, and was executed as written in a rehearsal
#   environment (normally staging) before production.
# custom:
#   requirement: REQ-25
#   severity: high
#   remediation: >-
#     Keep the deployment runbook with the release (with its sha256 or version), have it reviewed
#     after its last edit, and execute it as written in staging, recording where and when.
#   evidence: [/deployment_guide]
package relpolicy.release.req_25

import rego.v1

import data.relpolicy.lib.release as lib

guide := input.deployment_guide

doc := guide.document

review := guide.review

rehearsal := lib.params.environments.rehearsal

reviewed if {
	lib.filled(review.by.id)
	review.outcome == "approved"
	review.at
}

# A guide without a recorded update time is taken as unchanged since its review.
current if not doc.updated_at

current if lib.ns(doc.updated_at) <= lib.ns(review.at)

validated if guide.validated.environment in rehearsal

deny contains {"msg": "the deployment guide is not pinned: record its sha256 or version", "evidence": "/deployment_guide/document"} if {
	not lib.pinned(doc)
}

deny contains {"msg": "the deployment guide has not been reviewed", "evidence": "/deployment_guide"} if {
	not review
}

deny contains f if {
	review
	not reviewed
	f := {
		"msg": sprintf("the review of the deployment guide by %s is not an approving, dated review (outcome: %v)", [lib.who(review.by), object.get(review, "outcome", "none")]),
		"evidence": "/deployment_guide/review",
	}
}

deny contains f if {
	reviewed
	not current
	f := {
		"msg": sprintf("the deployment guide changed at %s, after its review at %s", [doc.updated_at, review.at]),
		"evidence": ["/deployment_guide/document", "/deployment_guide/review"],
	}
}

deny contains f if {
	not guide.validated
	f := {
		"msg": sprintf("the runbook was not executed in %s before production", [concat(" or ", rehearsal)]),
		"evidence": "/deployment_guide",
	}
}

deny contains f if {
	guide.validated
	not validated
	f := {
		"msg": sprintf("the runbook was executed in %s; it must be executed in %s before production", [guide.validated.environment, concat(" or ", rehearsal)]),
		"evidence": "/deployment_guide/validated",
	}
}

warn contains f if {
	count(object.get(guide.validated, "deviations", [])) > 0
	f := {
		"msg": sprintf("the rehearsal deviated from the runbook (%s); update the runbook", [concat("; ", guide.validated.deviations)]),
		"evidence": "/deployment_guide/validated/deviations",
	}
}

satisfied if {
	lib.pinned(doc)
	reviewed
	current
	validated
}
