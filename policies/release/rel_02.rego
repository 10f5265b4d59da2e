# METADATA
# title: Release notes generated and retained
# description: >-
#   The release notes for this version are kept as a document with a sha256 digest, archived at
#   a recorded location until at least params.retention.minimum_days after the release.
# custom:
#   requirement: REL-02
#   severity: medium
#   remediation: >-
#     Archive the generated release notes (with their sha256) in the records repository and record
#     where they are kept and until when; keep them at least the minimum retention period.
#   evidence: [/release_notes, /release/version]
package relpolicy.release.rel_02

import rego.v1

import data.relpolicy.lib.release as lib

notes := input.release_notes

retention := notes.retention

minimum_days := lib.params.retention.minimum_days

until := "/release_notes/retention/retain_until"

long_enough if lib.day_at(until) >= lib.release_day + minimum_days

deny contains f if {
	notes.version != input.release.version
	f := {
		"msg": sprintf("the retained release notes are for version %v; the release is %s", [object.get(notes, "version", "none"), input.release.version]),
		"evidence": "/release_notes",
	}
}

deny contains {"msg": "the release notes are not kept as a document with a sha256 digest", "evidence": "/release_notes"} if {
	not lib.filled(object.get(notes, ["document", "sha256"], null))
}

deny contains {"msg": "the release notes are not archived: no retention location is recorded", "evidence": "/release_notes"} if {
	not lib.filled(object.get(notes, ["retention", "location"], null))
}

deny contains f if {
	flaw := lib.time_flaw(until)
	f := {"msg": sprintf("the retention period of the release notes is not usable: %s %s", [until, flaw]), "evidence": "/release_notes/retention"}
}

deny contains f if {
	not lib.release_day
	f := {
		"msg": sprintf("the release date is unknown, so retention cannot be checked: %s %s", [lib.production.at, object.get(input.timeline.flaws, lib.production.at, "is not recorded")]),
		"evidence": lib.production.at,
	}
}

deny contains f if {
	lib.day_at(until)
	lib.release_day
	not long_enough
	f := {
		"msg": sprintf("the release notes are kept until %s, less than %d days after the release on %s", [retention.retain_until, minimum_days, lib.show_day(lib.release_day)]),
		"evidence": until,
		"param": "retention.minimum_days",
	}
}

satisfied if {
	notes.version == input.release.version
	lib.filled(notes.document.sha256)
	lib.filled(retention.location)
	long_enough
}

# What the verdict rests on: the notes' version and generation, and where they are kept until when.
basis contains lib.basis_item("/release_notes", input.release_notes, "release notes", ["version", "date", "generated.tool", "generated.version", "generated.at", "document.path", "document.sha256"])

basis contains lib.basis_item("/release_notes/retention", input.release_notes.retention, "retention", ["location", "retain_until"])
