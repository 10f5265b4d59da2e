# METADATA
# title: System test report signed off
# description: >-
#   System testing finished with no failed or errored cases and no open critical or high
#   defects, open medium and low defects are documented as known issues, and a test authority
#   signed the report off after the last test run finished.
# custom:
#   requirement: REQ-17
#   severity: critical
#   remediation: >-
#     Fix failing tests and re-run them, fix critical and high defects, mark open medium and low
#     defects as known issues, then record the sign-off: an approval with scope
#     system-test-report by a test authority, dated after the last test run.
#   evidence: [/system_test_report, /approvals]
package relpolicy.release.req_17

import rego.v1

import data.relpolicy.lib.release as lib

report := input.system_test_report

summary := report.summary

scope := "system-test-report"

groups := lib.params.approvals[scope]

unresolved := {"open", "in_progress", "deferred"}

defect_at(i) := sprintf("/system_test_report/defects/%d", [i])

blocking contains i if {
	some i, d in report.defects
	d.status in unresolved
	d.severity in {"critical", "high"}
}

undocumented contains i if {
	some i, d in report.defects
	d.status in unresolved
	d.severity in {"medium", "low"}
	not documented(d)
}

documented(d) if d.known_issue == true

documented(d) if {
	some k in input.release_notes.known_issues
	k.defect == d.id
}

last_run_ns := max({lib.ns(r.finished_at) | some r in report.runs; r.finished_at})

valid := lib.valid_signoffs(scope, groups, "REQ-17")

# Sign-offs given before the results they sign off existed.
early contains i if {
	some i in valid
	lib.ns(input.approvals[i].timestamp) < last_run_ns
}

deny contains {"msg": "the system test report contains no test cases", "evidence": "/system_test_report/runs"} if {
	summary.total == 0
}

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
		"msg": sprintf("defect %s (%s) is %s but not documented as a known issue", [d.id, d.severity, d.status]),
		"evidence": defect_at(i),
	}
}

deny contains f if some f in lib.signoff_findings(scope, groups, "system test sign-off", "REQ-17")

deny contains f if {
	count(valid - early) == 0
	some i in early
	a := input.approvals[i]
	f := {
		"msg": sprintf("system test sign-off by %s is dated %s, before the last test run finished at %s", [lib.who(a.approver), a.timestamp, lib.show(last_run_ns)]),
		"evidence": lib.approval_at(i),
	}
}

warn contains {"msg": sprintf("%d of %d test cases were skipped", [summary.skipped, summary.total]), "evidence": "/system_test_report/summary"} if {
	summary.skipped > 0
}

satisfied if {
	summary.total > 0
	summary.failed + summary.error == 0
	count(blocking) == 0
	count(undocumented) == 0
	lib.signed_off(scope, groups, "REQ-17")
	count(valid - early) > 0
}
