# METADATA
# title: Testing matches the release type
# description: >-
#   The system test report holds at least one passing case in every test category the release
#   type requires, at the depth it requires (params.test_coverage, the procedure's table: a
#   penetration test for a major release where a vulnerability scan suffices for minor and
#   patch ones; a full load test for major, a baseline comparison for minor; all interfaces for
#   integration in minor and major, the affected ones for a patch; the full regression suite, or
#   the critical paths for a patch; a smoke test for an emergency). A deeper test than required
#   counts (params.test_depths orders them); a case with no depth proves no depth. For the types
#   in params.changes_tested every included change is named by at least one passing test case.
#   A security scan (SARIF) of the release's revision or artifacts with no open result at a
#   blocking level (params.security_scans) counts as a passing security test at the scan depth;
#   an open blocking result of such a scan fails the requirement.
# custom:
#   requirement: RM-02
#   severity: high
#   remediation: >-
#     Run the test categories the release type requires, at the depth it requires, and tag the
#     cases with their category and depth (JUnit properties `category` and `depth`, or the
#     manifest's `category`); make sure each change has a passing test that names its change
#     reference. A security scan counts when it names the release's revision or an artifact
#     digest; fix or suppress (with a reviewed justification) its blocking results.
#   evidence: [/system_test_report, /release/type, /release/changes]
package relpolicy.release.rm_02

import rego.v1

import data.relpolicy.lib.release as lib

type := input.release.type

report := input.system_test_report

required := object.get(lib.params.test_coverage, type, [])

# A requirement is a category ("smoke") or a category at a depth ("security/penetration").
category_of(r) := split(r, "/")[0]

passed(category) := object.get(report.summary.by_category, [category, "passed"], 0) + scan_passes(category)

# Security scans (SARIF logs): those that ran on this release (its revision, or the digest of one
# of its artifacts), and those of them with no open result at a blocking level.
scans := object.get(input, "security_scans", [])

artifact_digests := {d | some a in input.artifacts; d := object.get(a, "digest", null); is_string(d)}

on_release(s) if {
	lib.filled(object.get(s, "revision", null))
	s.revision == input.release.revision
}

on_release(s) if {
	some d in object.get(s, "subjects", [])
	d in artifact_digests
}

release_scans contains i if {
	some i, s in scans
	on_release(s)
}

blocking_levels := {l | some l in lib.params.security_scans.blocking_levels}

open_blocking(s) := [j |
	some j, r in s.results
	r.level in blocking_levels
	not object.get(r, "suppressed", false)
]

clean_scans contains i if {
	some i in release_scans
	count(open_blocking(scans[i])) == 0
}

scan_passes(category) := count(clean_scans) if category == "security"
else := 0

missing_categories contains category if {
	some r in required
	category := category_of(r)
	passed(category) == 0
}

# The depths of a category, shallow to deep, and where `depth` stands among them (-1 when it is
# not one of them).
depths(category) := object.get(lib.params.test_depths, category, [])

rank(category, depth) := i if {
	some i, d in depths(category)
	d == depth
} else := -1

# The deepest depth of `category` that passing cases reach: -1 when none gives a known depth.
reached(category) := max(array.concat(array.concat([-1], [rank(category, d) |
	some d, counts in object.get(report.summary, ["by_depth", category], {})
	counts.passed > 0
]), [rank(category, lib.params.security_scans.depth) | category == "security"; count(clean_scans) > 0]))

scan_name(s) := sprintf("%s %s", [s.tool.name, s.tool.version]) if s.tool.version
else := s.tool.name

# A scan of this release that reports an open result at a blocking level fails the release,
# whatever else passed: each such result is named with its rule and place (at most 10 a scan).
deny contains f if {
	some i in release_scans
	s := scans[i]
	open := open_blocking(s)
	some k, j in open
	k < 10
	r := s.results[j]
	f := {
		"msg": sprintf("security scan by %s reports %s (%s)%s, not suppressed: %s", [scan_name(s), r.rule, r.level, result_place(r), object.get(r, "message", "")]),
		"evidence": sprintf("/security_scans/%d/results/%d", [i, j]),
		"param": "security_scans.blocking_levels",
	}
}

deny contains f if {
	some i in release_scans
	s := scans[i]
	count(open_blocking(s)) > 10
	f := {"msg": sprintf("security scan by %s reports %d open results at a blocking level in all", [scan_name(s), count(open_blocking(s))]), "evidence": sprintf("/security_scans/%d", [i]), "param": "security_scans.blocking_levels"}
}

# Scans that did not run on this release cannot stand in for its security tests: say so when the
# security category is what is missing.
deny contains f if {
	"security" in missing_categories
	some i, s in scans
	not i in release_scans
	f := {
		"msg": sprintf("security scan by %s ran on %s, not on this release's revision or artifacts, so it does not count", [scan_name(s), scanned(s)]),
		"evidence": sprintf("/security_scans/%d", [i]),
	}
}

result_place(r) := sprintf(" at %s:%d", [r.path, r.line]) if {
	is_string(r.path)
	is_number(r.line)
} else := sprintf(" in %s", [r.path]) if is_string(r.path)
else := ""

scanned(s) := sprintf("revision %s", [s.revision]) if lib.filled(object.get(s, "revision", null))
else := "nothing it names (no revision, no artifact digest)"

shallow contains [category, depth] if {
	some r in required
	[category, depth] := split(r, "/")
	passed(category) > 0
	reached(category) < rank(category, depth)
}

untested contains i if {
	type in lib.params.changes_tested
	some i, change in input.release.changes
	object.get(report.summary.by_requirement, [change.id, "passed"], 0) == 0
}

deny contains f if {
	type in lib.params.changes_tested
	count(input.release.changes) == 0
	f := {"msg": sprintf("a %s release lists no changes, so none can be shown tested", [type]), "evidence": "/release/changes"}
}

deny contains f if {
	count(required) == 0
	f := {"msg": sprintf("no test coverage is configured for %s releases (params.test_coverage)", [type]), "evidence": "/release/type", "param": sprintf("test_coverage.%s", [type])}
}

deny contains f if {
	some category in missing_categories
	f := {
		"msg": sprintf("a %s release needs %s tests; the system test report has no passing %s test case", [type, category, category]),
		"evidence": "/system_test_report/summary/by_category",
		"param": sprintf("test_coverage.%s", [type]),
	}
}

deny contains f if {
	some [category, depth] in shallow
	f := {
		"msg": sprintf("a %s release needs %s tests at %s depth; %s", [type, category, depth, depth_found(category)]),
		"evidence": "/system_test_report/summary/by_depth",
		"param": [sprintf("test_coverage.%s", [type]), "test_depths"],
	}
}

depth_found(category) := sprintf("the passing %s tests go only to %s", [category, depths(category)[reached(category)]]) if {
	reached(category) >= 0
} else := sprintf("no passing %s test case records its depth (a `depth` property)", [category])

# A required depth the library does not define can never be met: say so rather than fail silently.
deny contains f if {
	some r in required
	[category, depth] := split(r, "/")
	rank(category, depth) < 0
	f := {"msg": sprintf("params.test_coverage requires %s tests at depth '%s', which params.test_depths does not define for %s", [category, depth, category]), "evidence": "/release/type", "param": [sprintf("test_coverage.%s", [type]), "test_depths"]}
}

deny contains f if {
	some i in untested
	change := input.release.changes[i]
	f := {
		"msg": sprintf("change %s is not covered by a passing test case (one naming %s)", [change.id, change.id]),
		"evidence": sprintf("/release/changes/%d", [i]),
		"param": "changes_tested",
	}
}

satisfied if {
	count(required) > 0
	count(missing_categories) == 0
	count(shallow) == 0
	every r in required {
		depth_defined(r)
	}
	count(untested) == 0
	changes_listed
	every i in release_scans {
		count(open_blocking(scans[i])) == 0
	}
}

changes_listed if not type in lib.params.changes_tested

changes_listed if count(input.release.changes) > 0

depth_defined(r) if not contains(r, "/")

depth_defined(r) if {
	[category, depth] := split(r, "/")
	rank(category, depth) >= 0
}

# What the verdict rests on: the passing tests per required category, and the runs they came
# from.
basis contains b if {
	some category in required
	b := lib.basis_item(sprintf("/system_test_report/summary/by_category/%s", [category]), object.get(report.summary.by_category, category, null), sprintf("%s tests", [category]), ["total", "passed", "failed", "skipped"])
}

basis contains b if {
	some i, run in report.runs
	i < lib.basis_limit
	b := lib.basis_item(sprintf("/system_test_report/runs/%d", [i]), run, "system test run", ["name", "producer", "started_at", "finished_at"])
}

basis contains lib.basis_item("/release", input.release, "release", ["type", "revision"])

basis contains b if {
	some i in release_scans
	i < lib.basis_limit
	s := scans[i]
	b := {"evidence": sprintf("/security_scans/%d", [i]), "what": "security scan of this release", "values": {
		"tool": scan_name(s),
		"results": count(s.results),
		"open at a blocking level": count(open_blocking(s)),
	}}
}
