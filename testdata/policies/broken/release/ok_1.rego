# METADATA
# title: Passes
# custom:
#   requirement: OK-1
#   severity: low
#   evidence: [/artifacts]
package broken.ok_1

import rego.v1

satisfied if count(input.artifacts) > 0
