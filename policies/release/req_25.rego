# METADATA
# title: Deployment process documented and reviewed
# description: >-
#   The deployment guide (runbook) is pinned by digest or version; after its last change it was
#   reviewed with an approving outcome by someone entitled to (params.reviews.deployment_guide),
#   then executed as written in a rehearsal environment (normally staging), all before the
#   production deployment.
# custom:
#   requirement: REQ-25
#   severity: high
#   remediation: >-
#     Keep the deployment runbook with the release (with its sha256 or version and the time of
#     its last change), have it reviewed after its last edit, and execute it as written in
#     staging before deploying to production, recording where and when.
#   evidence: [/deployment_guide]
package relpolicy.release.req_25

import rego.v1

import data.relpolicy.lib.release as lib

guide := input.deployment_guide

doc := guide.document

rehearsal := lib.params.environments.rehearsal

review_findings := lib.review_findings("/deployment_guide/review", "deployment_guide", "the review of the deployment guide")

validated if guide.validated.environment in rehearsal

# changed → reviewed → executed in staging → production
orders := lib.order_findings([
	lib.event("/deployment_guide/document/updated_at", "the last change of the deployment guide"),
	lib.event("/deployment_guide/review/at", "the review of the deployment guide"),
	lib.event("/deployment_guide/validated/at", "the execution of the deployment guide in staging"),
	lib.production,
]) if {
	guide.review
	guide.validated
} else := set()

deny contains {"msg": "the deployment guide is not pinned: record its sha256 or version", "evidence": "/deployment_guide/document"} if {
	not lib.pinned(object.get(guide, "document", null))
}

deny contains f if some f in review_findings

deny contains f if {
	not guide.validated
	f := {
		"msg": sprintf("the runbook was not executed in %s before production", [concat(" or ", rehearsal)]),
		"evidence": "/deployment_guide",
		"param": "environments.rehearsal",
	}
}

deny contains f if {
	guide.validated
	not validated
	f := {
		"msg": sprintf("the runbook was executed in %v; it must be executed in %s before production", [object.get(guide.validated, "environment", "an unrecorded environment"), concat(" or ", rehearsal)]),
		"evidence": "/deployment_guide/validated",
		"param": "environments.rehearsal",
	}
}

deny contains f if some f in orders

warn contains f if {
	count(object.get(guide.validated, "deviations", [])) > 0
	f := {
		"msg": sprintf("the rehearsal deviated from the runbook (%s); update the runbook", [concat("; ", guide.validated.deviations)]),
		"evidence": "/deployment_guide/validated/deviations",
	}
}

satisfied if {
	lib.pinned(doc)
	count(review_findings) == 0
	validated
	guide.review
	count(orders) == 0
}

# What the verdict rests on: the guide, its review, and where it was validated.
basis contains lib.document_basis("/deployment_guide/document", input.deployment_guide.document, "deployment guide")

basis contains lib.review_basis("/deployment_guide/review", input.deployment_guide.review, "deployment guide review")

basis contains lib.basis_item("/deployment_guide/validated", input.deployment_guide.validated, "validation", ["environment", "at"])
