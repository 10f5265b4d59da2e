# METADATA
# title: Release identified and versioned
# description: >-
#   The release identifier follows the organisation's format (params.identifiers.release_id,
#   REL-YYYY-MM-NNN by default) and the version is a semantic version (or, where allowed, a
#   date-based one) that is not a pre-release and whose significance matches the release type:
#   a major release is X.0.0, a minor release X.Y.0, a patch release changes the patch number.
#   The artifacts of the package, when listed, carry that version (or the one release.components
#   declares for them).
# custom:
#   requirement: RM-01
#   severity: medium
#   remediation: >-
#     Give the release an identifier in the REL-YYYY-MM-NNN format and version the package
#     with a final semantic version whose changed part matches the release type (major X.0.0,
#     minor X.Y.0, patch X.Y.Z with Z > 0).
#   evidence: [/release/id, /release/version, /release/type]
package relpolicy.release.rm_01

import rego.v1

import data.relpolicy.lib.release as lib

release := input.release

ids := lib.params.identifiers

semantic if regex.match(lib.semver_pattern, release.version)

dated if {
	ids.date_versions == true
	regex.match(lib.date_version_pattern, release.version)
}

misversioned contains i if some i, _ in lib.version_flaws

# [major, minor, patch] of a semantic version.
parts := [to_number(p) | some p in split(split(split(release.version, "+")[0], "-")[0], ".")] if semantic

prerelease if {
	semantic
	contains(split(release.version, "+")[0], "-")
}

# Why the version's significance does not match the release type; undefined when it does.
mismatch := sprintf("a major release is versioned X.0.0, not %s", [release.version]) if {
	release.type == "major"
	parts[1] + parts[2] != 0
} else := sprintf("a minor release is versioned X.Y.0, not %s", [release.version]) if {
	release.type == "minor"
	parts[2] != 0
} else := sprintf("a patch release changes the patch number (X.Y.Z with Z > 0), not %s", [release.version]) if {
	release.type == "patch"
	parts[2] == 0
}

deny contains f if {
	not regex.match(ids.release_id, object.get(release, "id", ""))
	f := {
		"msg": sprintf("release identifier '%s' does not follow the format %s (e.g. REL-2026-03-015)", [release.id, ids.release_id]),
		"evidence": "/release/id",
		"param": "identifiers.release_id",
	}
}

deny contains f if {
	not semantic
	not dated
	f := {"msg": sprintf("version '%s' is not a semantic version (MAJOR.MINOR.PATCH)", [release.version]), "evidence": "/release/version", "param": "identifiers.date_versions"}
}

deny contains f if {
	prerelease
	f := {"msg": sprintf("version %s is a pre-release; production gets final versions only", [release.version]), "evidence": "/release/version"}
}

deny contains {"msg": mismatch, "evidence": "/release/version"}

deny contains f if {
	some i, flaw in lib.version_flaws
	f := {"msg": sprintf("artifact %s of the package %s", [input.artifacts[i].name, flaw]), "evidence": sprintf("/artifacts/%d", [i])}
}

satisfied if {
	regex.match(ids.release_id, release.id)
	semantic
	not prerelease
	not mismatch
	count(misversioned) == 0
}

satisfied if {
	regex.match(ids.release_id, release.id)
	dated
	count(misversioned) == 0
}

# What the verdict rests on: the release's identifier, version and type, and the versions of
# its artifacts.
basis contains lib.basis_item("/release", input.release, "release", ["id", "name", "version", "type"])

basis contains b if {
	some i, _ in input.artifacts
	i < lib.basis_limit
	b := lib.basis_item(sprintf("/artifacts/%d", [i]), input.artifacts[i], "artifact", ["name", "version"])
}
