# METADATA
# custom:
#   requirement: BAD-4
#   evidence: [/artifacts]
package broken.bad_4

import rego.v1

deny contains "only when there are no artifacts" if count(input.artifacts) == 0
