# METADATA
# title: System test report signed off
# description: >-
#   System testing ran (cases executed, not only skipped) and finished with no failed or
#   errored cases and no open critical or high defects; open medium and low defects are listed
#   as known issues in the release notes; and a test authority signed the report off after the
#   last test run finished and before production.
# custom:
#   requirement: REQ-17
#   severity: critical
#   remediation: >-
#     Fix failing tests and re-run them, fix critical and high defects, list open medium and low
#     defects as known issues in the release notes, then record the sign-off: an approval with
#     scope system-test-report by a test authority, dated after the last test run finished.
#   evidence: [/system_test_report, /approvals]
package relpolicy.release.req_17

import rego.v1

import data.relpolicy.lib.release as lib

report := input.system_test_report

summary := report.summary

scope := "system-test-report"

groups := lib.params.approvals[scope]

resolved := {"resolved", "closed"}

defect_at(i) := sprintf("/system_test_report/defects/%d", [i])

blocking contains i if {
	some i, d in report.defects
	not object.get(d, "status", null) in resolved
	d.severity in {"critical", "high"}
}

# Open medium and low defects the release notes do not list as known issues: the notes are
# what users read, so a flag in the tracker alone documents nothing.
undocumented contains i if {
	some i, d in report.defects
	not object.get(d, "status", null) in resolved
	not object.get(d, "severity", null) in {"critical", "high"}
	not object.get(d, "id", null) in known_in_notes
}

known_in_notes := {k.defect | some k in input.release_notes.known_issues; lib.filled(k.defect)}

ends := lib.run_ends("/system_test_report", "test run")

valid := lib.valid_signoffs(scope, groups, "REQ-17")

# A valid sign-off counts only once every run it signs off had ended.
signed_after_runs contains i if {
	some i in valid
	count(ends) > 0
	every e in ends {
		lib.in_order([e, lib.event(lib.signoff_at(i), "the sign-off")])
	}
}

deny contains f if some f in lib.nothing_ran_findings(report, "/system_test_report/runs", "system test report")

deny contains f if some f in lib.test_failure_findings(report, "test case", 10)

deny contains f if {
	some i in blocking
	d := report.defects[i]
	f := {
		"msg": sprintf("defect %s (%s) is %s; critical and high defects must be fixed before release", [d.id, d.severity, d.status]),
		"evidence": defect_at(i),
	}
}

deny contains f if {
	some i in undocumented
	d := report.defects[i]
	f := {
		"msg": sprintf("defect %s (%s) is %s but not listed as a known issue in the release notes", [d.id, d.severity, d.status]),
		"evidence": defect_at(i),
	}
}

deny contains f if some f in lib.signoff_findings(scope, groups, "system test sign-off", "REQ-17")

# Why valid sign-offs still do not count: a run that ended after them, or whose end is unknown.
deny contains f if {
	count(signed_after_runs) == 0
	some i in valid
	a := input.approvals[i]
	some e in ends
	some f0 in lib.order_findings([e, lib.event(lib.signoff_at(i), sprintf("the system test sign-off by %s", [lib.who(a.approver)]))])
	f := {"msg": f0.msg, "evidence": array.concat(f0.evidence, [lib.approval_at(i)])}
}

warn contains {"msg": sprintf("%d of %d test cases were skipped", [summary.skipped, summary.total]), "evidence": "/system_test_report/summary"} if {
	summary.skipped > 0
	summary.executed > 0
}

satisfied if {
	summary.executed > 0
	summary.failed + summary.error == 0
	count(blocking) == 0
	count(undocumented) == 0
	lib.signed_off(scope, groups, "REQ-17")
	count(signed_after_runs) > 0
}

# What the verdict rests on: the runs and totals of the system test report, its sign-off, and
# each defect's state.
basis contains b if some b in lib.tests_basis("/system_test_report", input.system_test_report, "system test")

basis contains b if some b in lib.signoff_basis(scope, groups, "REQ-17")

basis contains b if {
	some i, _ in object.get(report, "defects", [])
	i < lib.basis_limit
	b := lib.basis_item(defect_at(i), report.defects[i], "defect", ["id", "severity", "status"])
}
