# METADATA
# title: Changes are listed
# custom:
#   requirement: APP-1
#   severity: low
#   remediation: List the changes.
#   evidence: [/release/changes]
package app.app_1

import rego.v1

deny contains "the release lists no changes" if count(input.release.changes) == 0

satisfied if count(input.release.changes) > 0
