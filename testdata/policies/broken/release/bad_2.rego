# METADATA
# custom:
#   requirement: BAD-2
#   evidence: [/artifacts]
package broken.bad_2

import rego.v1

deny contains "never" if {
	ratio := count(input.artifacts) / 0
	ratio > 1
}
