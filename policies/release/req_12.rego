# METADATA
# title: Release artifacts are versioned builds
# description: >-
#   Every artifact of the release package has a version and a strong content digest, and no
#   artifact version is listed with two different digests.
# custom:
#   requirement: REQ-12
#   severity: high
#   remediation: >-
#     List every artifact of the release package with its version and the digest its build
#     produced (sha256:... from the registry or the build provenance).
#   evidence: [/artifacts]
package relpolicy.release.req_12

import rego.v1

import data.relpolicy.lib.release as lib

artifacts := input.artifacts

at(i) := sprintf("/artifacts/%d", [i])

algorithm(digest) := split(digest, ":")[0]

strong(a) if algorithm(a.digest) in {x | some x in lib.params.digest_algorithms}

conflicts contains [i, j] if {
	some i, a in artifacts
	some j, b in artifacts
	i < j
	a.name == b.name
	a.version == b.version
	a.digest != b.digest
}

deny contains {"msg": "the release package lists no artifacts", "evidence": "/artifacts"} if {
	count(artifacts) == 0
}

deny contains {"msg": sprintf("artifact %s has no version", [a.name]), "evidence": at(i)} if {
	some i, a in artifacts
	not lib.filled(a.version)
}

deny contains {"msg": sprintf("artifact %s has no digest", [a.name]), "evidence": at(i)} if {
	some i, a in artifacts
	not a.digest
}

deny contains f if {
	some i, a in artifacts
	a.digest
	not strong(a)
	f := {
		"msg": sprintf("artifact %s is identified by a %s digest; use one of %s", [a.name, algorithm(a.digest), concat(", ", lib.params.digest_algorithms)]),
		"evidence": at(i),
	}
}

deny contains f if {
	some [i, j] in conflicts
	a := artifacts[i]
	f := {
		"msg": sprintf("artifact %s %s is listed with two digests: %s and %s", [a.name, a.version, a.digest, artifacts[j].digest]),
		"evidence": [at(i), at(j)],
	}
}

satisfied if {
	count(artifacts) > 0
	every a in artifacts {
		lib.filled(a.version)
		strong(a)
	}
	count(conflicts) == 0
}
