# METADATA
# title: Release notes prepared, reviewed and published
# description: >-
#   Release notes for this version and release type list every change of the release by
#   reference (and nothing else), state known issues, dependencies and the rollback window and
#   procedure, were reviewed with an approving outcome by someone entitled to
#   (params.reviews.release_notes), and were published after that review and before the
#   production deployment.
# custom:
#   requirement: REQ-24
#   severity: high
#   remediation: >-
#     Write release notes for this version that list each change with its change reference, the
#     known issues, the dependencies and the rollback window and procedure; have the release
#     manager review them, then publish them before deploying and record when.
#   evidence: [/release_notes, /release/version, /release/changes]
package relpolicy.release.req_24

import rego.v1

import data.relpolicy.lib.release as lib

notes := input.release_notes

release := input.release

release_refs := {c.id | some c in release.changes}

note_refs := {c.ref | some c in notes.changes; lib.filled(c.ref)}

review_findings := lib.review_findings("/release_notes/review", "release_notes", "the review of the release notes")

# Notes dated after the release they describe describe another release: the notes' date may not
# be later than the local day (params.schedule.timezone) of the production anchor (the
# deployment, or the planned window).
late_date := sprintf("the release notes are dated %s, after the release on %s", [notes.date, lib.show_day(anchor_day)]) if {
	anchor_day := lib.date_of(lib.time_at(lib.production.at)) / lib.day_ns
	lib.day_at("/release_notes/date") > anchor_day
}

deny contains {"msg": late_date, "evidence": ["/release_notes/date", lib.production.at]}

# (generated →) reviewed → published → production
orders := lib.order_findings(array.concat(
	[lib.event("/release_notes/generated/at", "the generation of the release notes") | notes.generated],
	[
		lib.event("/release_notes/review/at", "the review of the release notes"),
		lib.event("/release_notes/published/at", "the publication of the release notes"),
		lib.production,
	],
)) if {
	notes.review
	notes.published
} else := set()

deny contains {"msg": "the release notes state no version", "evidence": "/release_notes"} if {
	not notes.version
}

deny contains f if {
	notes.version != release.version
	f := {
		"msg": sprintf("the release notes are for version %s; the release is %s", [notes.version, release.version]),
		"evidence": ["/release_notes/version", "/release/version"],
	}
}

deny contains f if {
	notes.type
	notes.type != object.get(release, "type", null)
	f := {
		"msg": sprintf("the release notes describe a %s release; %s", [notes.type, release_type_phrase]),
		"evidence": ["/release_notes/type", "/release/type"],
	}
}

deny contains {"msg": "the release notes list no changes", "evidence": "/release_notes"} if {
	count(object.get(notes, "changes", [])) == 0
}

deny contains f if {
	some i, c in release.changes
	not c.id in note_refs
	f := {"msg": sprintf("change %s is part of the release but missing from the release notes", [c.id]), "evidence": sprintf("/release/changes/%d", [i])}
}

deny contains f if {
	some i, c in notes.changes
	lib.filled(c.ref)
	not c.ref in release_refs
	f := {"msg": sprintf("the release notes list %s, which is not a change of this release", [c.ref]), "evidence": sprintf("/release_notes/changes/%d", [i])}
}

deny contains f if {
	some i, c in notes.changes
	lib.filled(c.ref)
	some f in lib.change_reference_findings(c.ref, sprintf("/release_notes/changes/%d", [i]), sprintf("release note entry \"%s\"", [c.summary]))
}

deny contains f if {
	some i, c in notes.changes
	not lib.filled(object.get(c, "ref", null))
	f := {"msg": sprintf("release note entry \"%s\" has no change reference", [c.summary]), "evidence": sprintf("/release_notes/changes/%d", [i])}
}

deny contains {"msg": "the release notes do not say how to roll back (rollback procedure)", "evidence": "/release_notes"} if {
	not lib.filled(object.get(notes, ["rollback", "procedure"], null))
}

deny contains {"msg": "the release notes do not state the rollback window (how long after deployment a rollback is possible)", "evidence": "/release_notes"} if {
	not is_number(object.get(notes, ["rollback", "window_hours"], null))
}

deny contains {"msg": "the release notes do not state dependencies (an empty list says there are none)", "evidence": "/release_notes"} if {
	not is_array(object.get(notes, "dependencies", null))
}

deny contains {"msg": "the release notes do not state known issues (an empty list says there are none)", "evidence": "/release_notes"} if {
	not is_array(object.get(notes, "known_issues", null))
}

deny contains f if some f in review_findings

deny contains {"msg": "the release notes have not been published", "evidence": "/release_notes"} if {
	not notes.published
}

deny contains f if some f in orders

release_type_phrase := sprintf("the release is %s", [release.type]) if release.type
else := "the release records no type"

type_matches if not notes.type

type_matches if notes.type == release.type

satisfied if {
	notes.version == release.version
	type_matches
	count(notes.changes) > 0
	every c in notes.changes {
		lib.filled(c.ref)
		c.ref in release_refs
	}
	every c in release.changes {
		c.id in note_refs
	}
	lib.filled(notes.rollback.procedure)
	is_number(notes.rollback.window_hours)
	is_array(notes.dependencies)
	is_array(notes.known_issues)
	count(review_findings) == 0
	notes.published
	count(orders) == 0
	not late_date
}

# What the verdict rests on: the notes' version and review, and the changes they list.
basis contains lib.basis_item("/release_notes", input.release_notes, "release notes", ["version", "type", "date", "document.path", "document.sha256"])

basis contains lib.review_basis("/release_notes/review", input.release_notes.review, "release notes review")

basis contains b if {
	some i, _ in object.get(notes, "changes", [])
	i < lib.basis_limit
	b := lib.basis_item(sprintf("/release_notes/changes/%d", [i]), notes.changes[i], "listed change", ["ref", "summary"])
}
