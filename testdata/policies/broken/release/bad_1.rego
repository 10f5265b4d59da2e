# METADATA
# custom:
#   requirement: BAD-1
#   evidence: [/artifacts]
package broken.bad_1

import rego.v1

deny contains msg if {
	msg := input.artifacts[
}
