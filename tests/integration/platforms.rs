//! The second example release, examples/payments-2.4.0-platforms: the payments release as a Go
//! service on GitHub and Argo CD. Its system tests and its smoke tests in production are
//! `go test -json` output, its security test a semgrep scan (SARIF) of the release's revision, its
//! production approval a pull request review mapped to a role by a roles file, its production
//! deployment Argo CD's sync history. It passes end to end, and each of those files, made to show
//! a violation, fails the requirement it is evidence for.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::run_relpolicy;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// `check --format json` of the folder: the exit code and each requirement's status.
fn check(dir: &Path) -> (Option<i32>, Vec<(String, String)>, Value) {
    let out = run_relpolicy(&["check", dir.to_str().unwrap(), "-f", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let rows = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (out.status.code(), rows, report)
}

fn failing(rows: &[(String, String)]) -> Vec<&str> {
    rows.iter()
        .filter(|(_, s)| s != "pass" && s != "not_applicable")
        .map(|(id, _)| id.as_str())
        .collect()
}

/// A copy of the example with `edit` applied to one of its files.
fn variant(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::verify::copy_dir(&repo("examples/payments-2.4.0-platforms"), dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
    dir
}

/// Every message of a requirement, one a line.
fn message(report: &Value, id: &str) -> String {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["text"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_platform_example_passes_end_to_end() {
    let (code, rows, report) = check(&repo("examples/payments-2.4.0-platforms"));
    assert_eq!(code, Some(0), "{:?}", failing(&rows));
    // What the passes rest on came from the platform files.
    let basis = |id: &str| {
        report["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["basis"]
            .to_string()
    };
    assert!(
        basis("REQ-27").contains("github/reviews-412.json"),
        "{}",
        basis("REQ-27")
    );
    assert!(
        basis("DEP-01").contains("payments-api-production-12"),
        "{}",
        basis("DEP-01")
    );
    assert!(
        basis("RM-02").contains("security scan of this release"),
        "{}",
        basis("RM-02")
    );
    assert!(basis("RM-08").contains("go test"), "{}", basis("RM-08"));
    // The roles file is part of what the verdicts rest on.
    let evidence = report["manifest"]["evidence"].to_string();
    assert!(evidence.contains("roles.yaml"), "{evidence}");
}

#[test]
fn the_production_approval_fails_when_the_roles_file_does_not_map_the_reviewer() {
    let dir = variant("roles.yaml", |t| {
        t.replace("members: [lbrandt, lena.brandt]", "members: [lena.brandt]")
    });
    let (code, rows, report) = check(dir.path());
    assert_eq!(code, Some(1));
    assert!(failing(&rows).contains(&"REQ-27"), "{:?}", failing(&rows));
    assert!(
        message(&report, "REQ-27").contains("by l.brandt has no role"),
        "{}",
        message(&report, "REQ-27")
    );
}

#[test]
fn an_open_error_in_the_security_scan_fails_rm_02() {
    let dir = variant("scans/semgrep.sarif", |t| {
        let mut log: Value = serde_json::from_str(t).unwrap();
        log["runs"][0]["results"][0]
            .as_object_mut()
            .unwrap()
            .remove("suppressions");
        log.to_string()
    });
    let (code, rows, report) = check(dir.path());
    assert_eq!((code, failing(&rows)), (Some(1), vec!["RM-02"]));
    assert!(message(&report, "RM-02").contains("shell-true (error) at app.py:7"));
}

#[test]
fn a_failing_go_smoke_test_in_production_fails_rm_08() {
    let dir = variant("reports/verification/go-smoke.json", |t| {
        t.replace(
            "\"Action\":\"pass\",\"Package\":\"example.com/payments/smoke\",\"Test\":\"TestFeeSummaryRounding\"",
            "\"Action\":\"fail\",\"Package\":\"example.com/payments/smoke\",\"Test\":\"TestFeeSummaryRounding\"",
        )
    });
    let (code, rows, _) = check(dir.path());
    assert_eq!(code, Some(1));
    assert!(failing(&rows).contains(&"RM-08"), "{:?}", failing(&rows));
}

#[test]
fn a_failed_argo_cd_sync_of_the_release_fails_its_deployment() {
    let dir = variant("argocd/payments-api-production.json", |t| {
        let mut app: Value = serde_json::from_str(t).unwrap();
        // The release's sync failed: it is not in the history, and the operation says so.
        let history = app["status"]["history"].as_array_mut().unwrap();
        history.pop();
        app["status"]["operationState"]["phase"] = "Failed".into();
        app.to_string()
    });
    let (code, rows, _) = check(dir.path());
    assert_eq!(code, Some(1));
    let failed = failing(&rows);
    assert!(failed.contains(&"DEP-01"), "{failed:?}");
}

#[test]
fn a_failing_go_system_test_fails_req_17_and_without_the_scan_rm_02_lacks_security() {
    let dir = variant("reports/system/go-functional.json", |t| {
        t.replace(
            "\"Action\":\"pass\",\"Package\":\"example.com/payments/functional\",\"Test\":\"TestFees/CHG-2026-0901_summary_rounds_half_even\"",
            "\"Action\":\"fail\",\"Package\":\"example.com/payments/functional\",\"Test\":\"TestFees/CHG-2026-0901_summary_rounds_half_even\"",
        )
    });
    let (code, rows, report) = check(dir.path());
    assert_eq!(code, Some(1));
    assert!(failing(&rows).contains(&"REQ-17"), "{:?}", failing(&rows));
    assert!(
        message(&report, "REQ-17").contains("CHG-2026-0901"),
        "{}",
        message(&report, "REQ-17")
    );
    // The security test of this release is the scan: without it, RM-02 says what is missing.
    let dir = tempfile::tempdir().unwrap();
    crate::verify::copy_dir(&repo("examples/payments-2.4.0-platforms"), dir.path());
    std::fs::remove_file(dir.path().join("scans/semgrep.sarif")).unwrap();
    let (code, rows, report) = check(dir.path());
    assert_eq!((code, failing(&rows)), (Some(1), vec!["RM-02"]));
    assert!(
        message(&report, "RM-02").contains("needs security tests"),
        "{}",
        message(&report, "RM-02")
    );
}
