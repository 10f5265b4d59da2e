# METADATA
# title: Production deployment approved by the Release Manager
# description: >-
#   An approval with scope production-deployment, decided "approved" by the release manager
#   the release names, acting in a Release Manager role, dated before the production
#   deployment started (or, before deploying, before the deployment window opens), and not
#   revoked afterwards.
# custom:
#   requirement: REQ-27
#   severity: critical
#   remediation: >-
#     Have the release's release manager approve the production deployment before it starts and
#     record the approval with their identity, role and the time (scope production-deployment).
#   evidence: [/approvals]
package relpolicy.release.req_27

import rego.v1

import data.relpolicy.lib.release as lib

scope := "production-deployment"

groups := lib.params.approvals[scope]

deny contains f if some f in lib.signoff_findings(scope, groups, "production approval", "REQ-27")

satisfied if lib.signed_off(scope, groups, "REQ-27")

# What the verdict rests on: the production approval that counts: who, in which role, when.
basis contains b if some b in lib.signoff_basis(scope, groups, "REQ-27")

basis contains b if some b in lib.production_basis
