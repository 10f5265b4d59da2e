# What each bundled policy says its verdict rests on (the `basis` rule), on the example release:
# the items and the values a reader needs to see why a requirement passed.
package relpolicy.release.basis_test

import rego.v1

import data.relpolicy.lib.release as lib
import data.relpolicy.test.fixture

import data.relpolicy.release.dep_01
import data.relpolicy.release.pm_12
import data.relpolicy.release.pm_23
import data.relpolicy.release.pm_24
import data.relpolicy.release.pm_25
import data.relpolicy.release.pm_26
import data.relpolicy.release.pm_27
import data.relpolicy.release.rel_01
import data.relpolicy.release.rel_02
import data.relpolicy.release.rel_03
import data.relpolicy.release.rel_04
import data.relpolicy.release.req_12
import data.relpolicy.release.req_17
import data.relpolicy.release.req_24
import data.relpolicy.release.req_25
import data.relpolicy.release.req_26
import data.relpolicy.release.req_27
import data.relpolicy.release.rm_01
import data.relpolicy.release.rm_02
import data.relpolicy.release.rm_03
import data.relpolicy.release.rm_04
import data.relpolicy.release.rm_05
import data.relpolicy.release.rm_06
import data.relpolicy.release.rm_08
import data.relpolicy.release.rm_09
import data.relpolicy.release.rm_10
import data.relpolicy.release.rm_11
import data.relpolicy.release.rm_13
import data.relpolicy.release.rm_14
import data.relpolicy.release.rm_15

# DEP-01 rests on production deployment /deployments/1 (status succeeded)
test_dep_01_rests_on_its_production_deployment if {
	some b in dep_01.basis with input as fixture.release
	b.evidence == "/deployments/1"
	b.what == "production deployment"
	vals := lib.basis_values(b) with input as fixture.release
	vals["status"] == "succeeded"
}

# PM-12 rests on budget baseline /budget_baseline (total 48000)
test_pm_12_rests_on_its_budget_baseline if {
	some b in pm_12.basis with input as fixture.release
	b.evidence == "/budget_baseline"
	b.what == "budget baseline"
	vals := lib.basis_values(b) with input as fixture.release
	vals["total"] == 48000
}

# PM-23 rests on milestone acceptance /milestone_acceptance (role Service Owner)
test_pm_23_rests_on_its_milestone_acceptance if {
	some b in pm_23.basis with input as fixture.release
	b.evidence == "/milestone_acceptance"
	b.what == "milestone acceptance"
	vals := lib.basis_values(b) with input as fixture.release
	vals["role"] == "Service Owner"
}

# PM-24 rests on budget baseline /budget_baseline (total 48000)
test_pm_24_rests_on_its_budget_baseline if {
	some b in pm_24.basis with input as fixture.release
	b.evidence == "/budget_baseline"
	b.what == "budget baseline"
	vals := lib.basis_values(b) with input as fixture.release
	vals["total"] == 48000
}

# PM-25 rests on cost report /cost_report (id COST-PAY-2026-03)
test_pm_25_rests_on_its_cost_report if {
	some b in pm_25.basis with input as fixture.release
	b.evidence == "/cost_report"
	b.what == "cost report"
	vals := lib.basis_values(b) with input as fixture.release
	vals["id"] == "COST-PAY-2026-03"
}

# PM-26 rests on budget baseline /budget_baseline (total 48000)
test_pm_26_rests_on_its_budget_baseline if {
	some b in pm_26.basis with input as fixture.release
	b.evidence == "/budget_baseline"
	b.what == "budget baseline"
	vals := lib.basis_values(b) with input as fixture.release
	vals["total"] == 48000
}

# PM-27 rests on go-live approval /approvals/2 (role Service Owner)
test_pm_27_rests_on_its_go_live_approval if {
	some b in pm_27.basis with input as fixture.release
	b.evidence == "/approvals/2"
	b.what == "go-live approval"
	vals := lib.basis_values(b) with input as fixture.release
	vals["role"] == "Service Owner"
}

# REL-01 rests on release approval /approvals/1 (role Service Owner)
test_rel_01_rests_on_its_release_approval if {
	some b in rel_01.basis with input as fixture.release
	b.evidence == "/approvals/1"
	b.what == "release approval"
	vals := lib.basis_values(b) with input as fixture.release
	vals["role"] == "Service Owner"
}

# REL-02 rests on release notes /release_notes (version 2.4.0)
test_rel_02_rests_on_its_release_notes if {
	some b in rel_02.basis with input as fixture.release
	b.evidence == "/release_notes"
	b.what == "release notes"
	vals := lib.basis_values(b) with input as fixture.release
	vals["version"] == "2.4.0"
}

# REL-03 rests on rollback plan /rollback (strategy redeploy-previous)
test_rel_03_rests_on_its_rollback_plan if {
	some b in rel_03.basis with input as fixture.release
	b.evidence == "/rollback"
	b.what == "rollback plan"
	vals := lib.basis_values(b) with input as fixture.release
	vals["strategy"] == "redeploy-previous"
}

# REL-04 rests on artifact /artifacts/0 (digest sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033)
test_rel_04_rests_on_its_artifact if {
	some b in rel_04.basis with input as fixture.release
	b.evidence == "/artifacts/0"
	b.what == "artifact"
	vals := lib.basis_values(b) with input as fixture.release
	vals["digest"] == "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033"
}

# REQ-12 rests on artifact /artifacts/0 (digest sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033)
test_req_12_rests_on_its_artifact if {
	some b in req_12.basis with input as fixture.release
	b.evidence == "/artifacts/0"
	b.what == "artifact"
	vals := lib.basis_values(b) with input as fixture.release
	vals["digest"] == "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033"
}

# REQ-17 rests on system-test-report approval /approvals/0 (role Test Manager)
test_req_17_rests_on_its_system_test_report_approval if {
	some b in req_17.basis with input as fixture.release
	b.evidence == "/approvals/0"
	b.what == "system-test-report approval"
	vals := lib.basis_values(b) with input as fixture.release
	vals["role"] == "Test Manager"
}

# REQ-24 rests on release notes /release_notes (version 2.4.0)
test_req_24_rests_on_its_release_notes if {
	some b in req_24.basis with input as fixture.release
	b.evidence == "/release_notes"
	b.what == "release notes"
	vals := lib.basis_values(b) with input as fixture.release
	vals["version"] == "2.4.0"
}

# REQ-25 rests on deployment guide /deployment_guide/document (version 2.4.0-r2)
test_req_25_rests_on_its_deployment_guide if {
	some b in req_25.basis with input as fixture.release
	b.evidence == "/deployment_guide/document"
	b.what == "deployment guide"
	vals := lib.basis_values(b) with input as fixture.release
	vals["version"] == "2.4.0-r2"
}

# REQ-26 rests on rollback /rollback (strategy redeploy-previous)
test_req_26_rests_on_its_rollback if {
	some b in req_26.basis with input as fixture.release
	b.evidence == "/rollback"
	b.what == "rollback"
	vals := lib.basis_values(b) with input as fixture.release
	vals["strategy"] == "redeploy-previous"
}

# REQ-27 rests on production-deployment approval /approvals/3 (role Release Manager)
test_req_27_rests_on_its_production_deployment_approval if {
	some b in req_27.basis with input as fixture.release
	b.evidence == "/approvals/3"
	b.what == "production-deployment approval"
	vals := lib.basis_values(b) with input as fixture.release
	vals["role"] == "Release Manager"
}

# RM-01 rests on artifact /artifacts/0 (version 2.4.0)
test_rm_01_rests_on_its_artifact if {
	some b in rm_01.basis with input as fixture.release
	b.evidence == "/artifacts/0"
	b.what == "artifact"
	vals := lib.basis_values(b) with input as fixture.release
	vals["version"] == "2.4.0"
}

# RM-02 rests on release /release (type minor)
test_rm_02_rests_on_its_release if {
	some b in rm_02.basis with input as fixture.release
	b.evidence == "/release"
	b.what == "release"
	vals := lib.basis_values(b) with input as fixture.release
	vals["type"] == "minor"
}

# RM-03 rests on production deployment /deployments/1 (status succeeded)
test_rm_03_rests_on_its_production_deployment if {
	some b in rm_03.basis with input as fixture.release
	b.evidence == "/deployments/1"
	b.what == "production deployment"
	vals := lib.basis_values(b) with input as fixture.release
	vals["status"] == "succeeded"
}

# RM-04 rests on notification /notifications/0 (id NOTE-2026-0144)
test_rm_04_rests_on_its_notification if {
	some b in rm_04.basis with input as fixture.release
	b.evidence == "/notifications/0"
	b.what == "notification"
	vals := lib.basis_values(b) with input as fixture.release
	vals["id"] == "NOTE-2026-0144"
}

# RM-05 rests on readiness review /approvals/4 (role Release Manager)
test_rm_05_rests_on_its_readiness_review if {
	some b in rm_05.basis with input as fixture.release
	b.evidence == "/approvals/4"
	b.what == "readiness review"
	vals := lib.basis_values(b) with input as fixture.release
	vals["role"] == "Release Manager"
}

# RM-06 rests on change /release/changes/0 (id CHG-2026-0892)
test_rm_06_rests_on_its_change if {
	some b in rm_06.basis with input as fixture.release
	b.evidence == "/release/changes/0"
	b.what == "change"
	vals := lib.basis_values(b) with input as fixture.release
	vals["id"] == "CHG-2026-0892"
}

# RM-08 rests on deployment completion /deployment_completion (status successful)
test_rm_08_rests_on_its_deployment_completion if {
	some b in rm_08.basis with input as fixture.release
	b.evidence == "/deployment_completion"
	b.what == "deployment completion"
	vals := lib.basis_values(b) with input as fixture.release
	vals["status"] == "successful"
}

# RM-09 rests on archive /closure/archive (contents ['release-definition', 'release-notes', 'test-results', 'defect-reports', 'acceptance-sign-off', 'deployment-logs', 'verification-results'])
test_rm_09_rests_on_its_archive if {
	some b in rm_09.basis with input as fixture.release
	b.evidence == "/closure/archive"
	b.what == "archive"
	vals := lib.basis_values(b) with input as fixture.release
	vals["contents"] == ["release-definition", "release-notes", "test-results", "defect-reports", "acceptance-sign-off", "deployment-logs", "verification-results"]
}

# RM-10 rests on build stage /release/stages/build (completed_at 2026-03-06T15:00:00Z)
test_rm_10_rests_on_its_build_stage if {
	some b in rm_10.basis with input as fixture.release
	b.evidence == "/release/stages/build"
	b.what == "build stage"
	vals := lib.basis_values(b) with input as fixture.release
	vals["completed_at"] == "2026-03-06T15:00:00Z"
}

# RM-11 rests on calendar booking /calendar/events/0 (start 2026-03-14T20:00:00Z)
test_rm_11_rests_on_its_calendar_booking if {
	some b in rm_11.basis with input as fixture.release
	b.evidence == "/calendar/events/0"
	b.what == "calendar booking"
	vals := lib.basis_values(b) with input as fixture.release
	vals["start"] == "2026-03-14T20:00:00Z"
}

# RM-13 rests on build verification /build_verification (package payments-api-2.4.0)
test_rm_13_rests_on_its_build_verification if {
	some b in rm_13.basis with input as fixture.release
	b.evidence == "/build_verification"
	b.what == "build verification"
	vals := lib.basis_values(b) with input as fixture.release
	vals["package"] == "payments-api-2.4.0"
}

# RM-14 rests on release-definition approval /approvals/5 (role Service Owner)
test_rm_14_rests_on_its_release_definition_approval if {
	some b in rm_14.basis with input as fixture.release
	b.evidence == "/approvals/5"
	b.what == "release-definition approval"
	vals := lib.basis_values(b) with input as fixture.release
	vals["role"] == "Service Owner"
}

# RM-15 rests on deployment plan /deployment_plan (briefing.by.id l.brandt)
test_rm_15_rests_on_its_deployment_plan if {
	some b in rm_15.basis with input as fixture.release
	b.evidence == "/deployment_plan"
	b.what == "deployment plan"
	vals := lib.basis_values(b) with input as fixture.release
	vals["briefing.by.id"] == "l.brandt"
}
