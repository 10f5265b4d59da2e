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

# Only where two artifacts share a name and version but not a digest (two set counts tell) is
# the sorted list walked to name them.
conflicts contains [listed[k - 1][3], listed[k][3]] if {
	count({[x[0], x[1]] | some x in listed}) != count({[x[0], x[1], x[2]] | some x in listed})
	some k in numbers.range(1, count(listed) - 1)
	count(listed) > 1
	listed[k - 1][0] == listed[k][0]
	listed[k - 1][1] == listed[k][1]
	listed[k - 1][2] != listed[k][2]
}

deny contains {"msg": "the release package lists no artifacts", "evidence": "/artifacts"} if {
	count(artifacts) == 0
}

version_flaws := lib.version_flaws

# The algorithms of every digest, and the types of every digest value: when every digest is a
# string with a strong algorithm, no artifact is weak and no pass per artifact is needed.
digest_algorithms := {split(d, ":")[0] | some a in artifacts; d := object.get(a, "digest", null); is_string(d)}

digest_types := {type_name(object.get(a, "digest", null)) | some a in artifacts}

all_strong if {
	digest_types == {"string"}
	count(digest_algorithms - strong_algorithms) == 0
}

weak contains i if {
	not all_strong
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
		"param": "digest_algorithms",
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

# What the verdict rests on: each artifact's name, version and digest.
basis contains b if some b in lib.artifacts_basis
