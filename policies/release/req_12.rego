# METADATA
# title: Release artifacts are versioned builds
# description: >-
#   Every artifact of the release package carries the release's version (or the version the
#   release declares for it as a component) and a strong content digest, and no artifact
#   version is listed with two different digests.
# custom:
#   requirement: REQ-12
#   severity: high
#   remediation: >-
#     List every artifact of the release package with the release's version (or declare it under
#     release.components with its own semantic version) and the digest its build produced
#     (sha256:... from the registry or the build provenance).
#   evidence: [/artifacts, /release/version]
package relpolicy.release.req_12

import rego.v1

import data.relpolicy.lib.release as lib

artifacts := input.artifacts

at(i) := sprintf("/artifacts/%d", [i])

algorithm(digest) := split(digest, ":")[0]

strong_algorithms := {x | some x in lib.params.digest_algorithms}

strong(a) if algorithm(a.digest) in strong_algorithms

# Sorted by name and version, two neighbours with the same name and version and different
# digests are a conflict: one pass, whatever the number of artifacts.
listed := sort([[object.get(a, "name", ""), object.get(a, "version", ""), object.get(a, "digest", ""), i] | some i, a in artifacts])

conflicts contains [listed[k - 1][3], listed[k][3]] if {
	some k in numbers.range(1, count(listed) - 1)
	count(listed) > 1
	listed[k - 1][0] == listed[k][0]
	listed[k - 1][1] == listed[k][1]
	listed[k - 1][2] != listed[k][2]
}

deny contains {"msg": "the release package lists no artifacts", "evidence": "/artifacts"} if {
	count(artifacts) == 0
}

# Each artifact's version flaw, computed once for deny and satisfied alike.
version_flaws := {i: flaw | some i, a in artifacts; flaw := lib.version_flaw(a)}

weak contains i if {
	some i, a in artifacts
	not strong(a)
}

deny contains f if {
	some i, flaw in version_flaws
	f := {"msg": sprintf("artifact %s %s", [artifacts[i].name, flaw]), "evidence": at(i)}
}

deny contains {"msg": sprintf("artifact %s has no digest", [a.name]), "evidence": at(i)} if {
	some i, a in artifacts
	not a.digest
}

deny contains f if {
	some i in weak
	a := artifacts[i]
	a.digest
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
	count(version_flaws) == 0
	count(weak) == 0
	count(conflicts) == 0
}
