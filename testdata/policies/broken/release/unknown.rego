# METADATA
# custom:
#   requirement: REQ-99
#   evidence: [/artifacts]
package broken.unknown

import rego.v1

satisfied := true
