# METADATA
# title: Small releases
# custom:
#   requirement: APP-2
#   severity: low
#   remediation: Split the release.
#   evidence: [/release/changes]
package app.app_2

import rego.v1

deny contains msg if {
	count(input.release.changes) > data.relpolicy.params.limit
	msg := sprintf("%d changes, more than %d", [count(input.release.changes), data.relpolicy.params.limit])
}

satisfied if count(input.release.changes) <= data.relpolicy.params.limit
