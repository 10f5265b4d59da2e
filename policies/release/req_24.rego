# METADATA
# title: Release notes prepared, reviewed and published
# description: >-
#   Release notes for this version list every change of the release by reference (and nothing
#   else), state known issues, dependencies and the rollback window and procedure, were reviewed with an
#   approving outcome, and were published after that review.
# custom:
#   requirement: REQ-24
#   severity: high
#   remediation: >-
#     Write release notes for this version that list each change with its change reference, the
#     known issues, the dependencies and the rollback window and procedure; have them reviewed,
#     then publish them and record when.
#   evidence: [/release_notes, /release/version, /release/changes]
package relpolicy.release.req_24

import rego.v1

import data.relpolicy.lib.release as lib

notes := input.release_notes

release := input.release

release_refs := {c.id | some c in release.changes}

note_refs := {c.ref | some c in notes.changes; lib.filled(c.ref)}

review := notes.review

reviewed if {
	lib.filled(review.by.id)
	review.outcome == "approved"
	review.at
}

published_after_review if lib.ns(notes.published.at) >= lib.ns(review.at)

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
	not lib.filled(c.ref)
	f := {"msg": sprintf("release note entry \"%s\" has no change reference", [c.summary]), "evidence": sprintf("/release_notes/changes/%d", [i])}
}

deny contains {"msg": "the release notes do not say how to roll back (rollback procedure)", "evidence": "/release_notes"} if {
	not lib.filled(notes.rollback.procedure)
}

deny contains {"msg": "the release notes do not state the rollback window (how long after deployment a rollback is possible)", "evidence": "/release_notes"} if {
	not is_number(notes.rollback.window_hours)
}

deny contains {"msg": "the release notes do not state dependencies (an empty list says there are none)", "evidence": "/release_notes"} if {
	not is_array(notes.dependencies)
}

deny contains {"msg": "the release notes do not state known issues (an empty list says there are none)", "evidence": "/release_notes"} if {
	not is_array(notes.known_issues)
}

deny contains {"msg": "the release notes have not been reviewed", "evidence": "/release_notes"} if {
	not review
}

deny contains f if {
	review
	not reviewed
	f := {
		"msg": sprintf("the review of the release notes by %s is not an approving, dated review (outcome: %v)", [lib.who(review.by), object.get(review, "outcome", "none")]),
		"evidence": "/release_notes/review",
	}
}

deny contains {"msg": "the release notes have not been published", "evidence": "/release_notes"} if {
	not notes.published.at
}

deny contains f if {
	reviewed
	notes.published.at
	not published_after_review
	f := {
		"msg": sprintf("the release notes were published at %s, before their review at %s", [notes.published.at, review.at]),
		"evidence": ["/release_notes/published", "/release_notes/review"],
	}
}

satisfied if {
	notes.version == release.version
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
	reviewed
	published_after_review
}
