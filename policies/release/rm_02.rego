# METADATA
# title: Testing matches the release type
# description: >-
#   The system test report holds at least one passing case in every test category the release
#   type requires (params.test_coverage: the procedure's table, e.g. performance tests for
#   minor and major releases, a smoke test for an emergency), and for the types listed in
#   params.changes_tested every included change is named by at least one passing test case.
# custom:
#   requirement: RM-02
#   severity: high
#   remediation: >-
#     Run the test categories the release type requires and tag the cases with their category
#     (the manifest's `category`), and make sure each change has a passing test that names its
#     change reference.
#   evidence: [/system_test_report, /release/type, /release/changes]
package relpolicy.release.rm_02

import rego.v1

import data.relpolicy.lib.release as lib

type := input.release.type

report := input.system_test_report

required := object.get(lib.params.test_coverage, type, [])

passed(category) := object.get(report.summary.by_category, [category, "passed"], 0)

missing_categories contains category if {
	some category in required
	passed(category) == 0
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
	f := {"msg": sprintf("no test coverage is configured for %s releases (params.test_coverage)", [type]), "evidence": "/release/type"}
}

deny contains f if {
	some category in missing_categories
	f := {
		"msg": sprintf("a %s release needs %s tests; the system test report has no passing %s test case", [type, category, category]),
		"evidence": "/system_test_report/summary/by_category",
	}
}

deny contains f if {
	some i in untested
	change := input.release.changes[i]
	f := {
		"msg": sprintf("change %s is not covered by a passing test case (one naming %s)", [change.id, change.id]),
		"evidence": sprintf("/release/changes/%d", [i]),
	}
}

satisfied if {
	count(required) > 0
	count(missing_categories) == 0
	count(untested) == 0
	changes_listed
}

changes_listed if not type in lib.params.changes_tested

changes_listed if count(input.release.changes) > 0
