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
# custom:
#   requirement: RM-02
#   severity: high
#   remediation: >-
#     Run the test categories the release type requires, at the depth it requires, and tag the
#     cases with their category and depth (JUnit properties `category` and `depth`, or the
#     manifest's `category`); make sure each change has a passing test that names its change
#     reference.
#   evidence: [/system_test_report, /release/type, /release/changes]
package relpolicy.release.rm_02

import rego.v1

import data.relpolicy.lib.release as lib

type := input.release.type

report := input.system_test_report

required := object.get(lib.params.test_coverage, type, [])

# A requirement is a category ("smoke") or a category at a depth ("security/penetration").
category_of(r) := split(r, "/")[0]

passed(category) := object.get(report.summary.by_category, [category, "passed"], 0)

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
reached(category) := max(array.concat([-1], [rank(category, d) |
	some d, counts in object.get(report.summary, ["by_depth", category], {})
	counts.passed > 0
]))

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

basis contains lib.basis_item("/release", input.release, "release", ["type"])
