//! Waivers, effective dates and profiles through `relpolicy check`, as a pipeline runs it
//! (docs/check.md: "Waivers", "Tailoring", "Effective dates").

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::run_relpolicy;

const MANUAL: &str = "examples/failing/manual-production-deploy.json";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn json_report(args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = run_relpolicy(&all);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (
        out.status.code(),
        report,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn row<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["requirements"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == id))
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn waiver<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["waivers"]
        .as_array()
        .and_then(|ws| ws.iter().find(|w| w["id"] == id))
        .unwrap_or_else(|| panic!("no waiver {id} in {}", report["waivers"]))
}

fn text_of(report: &Value, id: &str) -> String {
    row(report, id)["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["text"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn render(format: &str, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--format", format]);
    let out = run_relpolicy(&all);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_waiver_turns_a_failing_row_waived_and_every_format_keeps_its_findings() {
    let args = [
        "check",
        MANUAL,
        "--waivers",
        "testdata/waivers/manual-deploy.yaml",
    ];
    let (code, report, stderr) = json_report(&args);
    assert_eq!(code, Some(0), "{stderr}");
    let dep = row(&report, "DEP-01");
    assert_eq!(dep["status"], "waived");
    assert_eq!(dep["waivers"], serde_json::json!(["WVR-2026-007"]));
    let messages = dep["messages"].as_array().unwrap();
    assert!(
        messages[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("waived by WVR-2026-007 (ticket INC-2026-0419, approved by Clara Weber, Change Advisory Board, until 2026-04-10)")
    );
    let findings: Vec<&Value> = messages.iter().filter(|m| m["kind"] == "deny").collect();
    assert_eq!(findings.len(), 3, "every finding stays in the report");
    assert!(findings.iter().all(|m| m["waived_by"] == "WVR-2026-007"));
    assert_eq!(report["summary"]["waived"], 1);
    let w = waiver(&report, "WVR-2026-007");
    assert_eq!(
        (w["state"].as_str(), w["covered"].as_u64()),
        (Some("applied"), Some(3))
    );
    assert_eq!(w["line"], 6);
    // The file is part of what the verdicts rest on.
    let files = report["manifest"]["waivers"].as_array().unwrap();
    // Relative to the report's base, the folder the evidence document is in.
    assert_eq!(
        files[0]["path"],
        "../../testdata/waivers/manual-deploy.yaml"
    );
    assert_eq!(files[0]["sha256"].as_str().unwrap().len(), 64);

    let finding = "included manual steps: kubectl set image deployment/payments-api";
    let table = render("table", &args);
    assert!(table.contains("DEP-01  waived"), "{table}");
    assert!(
        table.contains(&format!(
            "~ production deployment deploy-prod-232 {finding}"
        )),
        "{table}"
    );
    assert!(table.contains("[waived by WVR-2026-007]"), "{table}");
    assert!(
        table.contains("WVR-2026-007 DEP-01 applied until 2026-04-10 (3 covered)"),
        "{table}"
    );

    let markdown = render("markdown", &args);
    assert!(markdown.contains("### ➖ DEP-01 `waived`"), "{markdown}");
    assert!(markdown.contains("*waived by WVR-2026-007*"), "{markdown}");
    assert!(
        markdown.contains("| WVR-2026-007 | DEP-01 | `applied` | The deployment pipeline was down"),
        "{markdown}"
    );
    assert!(markdown.contains("Clara Weber (Change Advisory Board), 2026-03-13T09:00:00Z | 2026-04-10 | INC-2026-0419 |"), "{markdown}");

    let html = render("html", &args);
    assert!(
        html.contains("<tr data-status=\"waived\" id=\"DEP-01\">"),
        "{html}"
    );
    assert!(html.contains("waived by WVR-2026-007</span>"), "{html}");
    assert!(
        html.contains("<tr data-waiver-state=\"applied\"><td class=\"id\">WVR-2026-007</td>"),
        "{html}"
    );
    assert!(
        html.contains("Clara Weber (Change Advisory Board)"),
        "{html}"
    );
    assert!(html.contains("<td>2026-04-10</td>"), "{html}");

    let junit = render("junit", &args);
    assert!(
        junit.contains("<skipped message=\"waived by WVR-2026-007 (ticket INC-2026-0419, approved by Clara Weber, Change Advisory Board, until 2026-04-10): The deployment pipeline was down"),
        "{junit}"
    );
    assert!(
        junit.contains(&format!(
            "{finding}; ran the 2.4 migration with psql [waived by WVR-2026-007]"
        )),
        "{junit}"
    );

    let sarif: Value = serde_json::from_str(&render("sarif", &args)).unwrap();
    let errors: Vec<String> = crate::reports::sarif_validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "suppressions follow SARIF 2.1.0: {errors:?}"
    );
    let results: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "DEP-01")
        .collect();
    assert_eq!(results.len(), 1, "one result per requirement");
    assert_eq!(
        results[0]["kind"], "fail",
        "a waived row is a suppressed failure"
    );
    assert!(
        results[0]["message"]["text"]
            .as_str()
            .is_some_and(|t| t.matches("(waived by WVR-2026-007)").count() == 3),
        "{}",
        results[0]
    );
    for r in results {
        let s = &r["suppressions"][0];
        assert_eq!(
            (s["kind"].as_str(), s["status"].as_str()),
            (Some("external"), Some("accepted"))
        );
        assert!(
            s["justification"]
                .as_str()
                .unwrap()
                .contains("The deployment pipeline was down")
        );
        assert_eq!(s["properties"]["expires"], "2026-04-10");
    }

    let csv = render("csv", &args);
    let line = csv
        .lines()
        .find(|l| l.starts_with("DEP-01,waived,"))
        .expect("DEP-01 row");
    assert!(line.contains("waived by WVR-2026-007"), "{csv}");
    assert!(csv.contains("[waived by WVR-2026-007]"), "{csv}");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",remediation,waivers")
    );
}

#[test]
fn waivers_that_do_not_apply_do_nothing_and_say_why() {
    let (code, report, stderr) =
        json_report(&["check", MANUAL, "--waivers", "testdata/waivers/kinds.yaml"]);
    assert_eq!(code, Some(1), "DEP-01 still fails: {stderr}");
    assert_eq!(row(&report, "DEP-01")["status"], "fail");
    assert_eq!(
        waiver(&report, "WVR-OTHER-RELEASE")["state"],
        "out_of_scope"
    );
    assert_eq!(waiver(&report, "WVR-FUTURE")["state"], "not_yet_valid");
    assert_eq!(waiver(&report, "WVR-NOTHING-TO-COVER")["state"], "unused");
    assert!(
        text_of(&report, "DEP-01").contains("waiver WVR-FUTURE is approved only from 2026-03-20T09:00:00Z and does not cover these findings yet")
    );
    assert!(
        !text_of(&report, "DEP-01").contains("WVR-OTHER-RELEASE"),
        "out of scope is quiet"
    );
    // Warnings, located at the waiver, for the two a team should act on.
    assert!(
        stderr.contains("relpolicy::waiver::not_yet_valid"),
        "{stderr}"
    );
    assert!(stderr.contains("relpolicy::waiver::unused"), "{stderr}");
    assert!(
        stderr.contains("testdata/waivers/kinds.yaml:26:5"),
        "{stderr}"
    );
    assert!(!stderr.contains("WVR-OTHER-RELEASE"), "{stderr}");
}

#[test]
fn refused_waivers_are_located_errors_and_cover_nothing() {
    let (code, report, stderr) = json_report(&[
        "check",
        MANUAL,
        "--waivers",
        "testdata/waivers/refused.yaml",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(row(&report, "DEP-01")["status"], "fail");
    for (id, why, at) in [
        (
            "WVR-BY-DEVELOPER",
            "a Developer may not waive DEP-01, a high requirement",
            "refused.yaml:11:11",
        ),
        (
            "WVR-FOREVER",
            "would last 306 days; waivers may last at most 90 days",
            "refused.yaml:23:14",
        ),
        (
            "WVR-TYPO",
            "names requirement DEP-10, which is not in the catalogue",
            "refused.yaml:26:18",
        ),
    ] {
        let w = waiver(&report, id);
        assert_eq!(w["state"], "refused", "{id}");
        assert!(w["note"].as_str().unwrap().contains(why), "{id}: {w}");
        let diagnostic = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(why))
            .unwrap_or_else(|| panic!("{id}: no diagnostic says {why}"));
        assert_eq!(diagnostic["code"], "relpolicy::waiver::refused");
        assert!(stderr.contains(at), "{id} at {at}: {stderr}");
    }
    assert!(stderr.contains("`waivers.roles.high`"), "{stderr}");
    assert_eq!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "relpolicy::waiver::refused")
            .count(),
        3
    );

    // A file that is not in the waivers format: no waiver of it applies, at its line.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    let text = std::fs::read_to_string(repo("testdata/waivers/manual-deploy.yaml"))
        .unwrap()
        .replace("    ticket: INC-2026-0419\n", "    tickte: INC-2026-0419\n");
    std::fs::write(&bad, text).unwrap();
    let (code, report, stderr) =
        json_report(&["check", MANUAL, "--waivers", bad.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert_eq!(row(&report, "DEP-01")["status"], "fail");
    assert!(
        stderr.contains("relpolicy::waiver::invalid") && stderr.contains("tickte"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.yaml:12:5"), "{stderr}");
    let (code, _, stderr) =
        json_report(&["check", MANUAL, "--waivers", "testdata/waivers/none.yaml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("relpolicy::waiver::unreadable"), "{stderr}");
}

#[test]
fn as_of_before_and_after_a_waivers_expiry() {
    let waived = |as_of: &str| {
        let (code, report, _) = json_report(&[
            "check",
            MANUAL,
            "--waivers",
            "testdata/waivers/manual-deploy.yaml",
            "--as-of",
            as_of,
        ]);
        (code, report)
    };
    // The expiry day is covered to its end.
    let (code, report) = waived("2026-04-10");
    assert_eq!(code, Some(0));
    assert_eq!(row(&report, "DEP-01")["status"], "waived");
    assert_eq!(report["manifest"]["evaluated_at"], "2026-04-10T23:59:59Z");
    let (code, report) = waived("2026-04-11T00:00:00Z");
    assert_eq!(code, Some(1));
    assert_eq!(row(&report, "DEP-01")["status"], "fail");
    assert_eq!(waiver(&report, "WVR-2026-007")["state"], "expired");
    assert!(
        text_of(&report, "DEP-01").contains(
            "waiver WVR-2026-007 expired on 2026-04-10 and no longer covers these findings"
        )
    );
    // Before its approval it does not apply either.
    let (code, report) = waived("2026-03-13T08:59:59Z");
    assert_eq!(code, Some(1));
    assert_eq!(waiver(&report, "WVR-2026-007")["state"], "not_yet_valid");
}

#[test]
fn a_partly_covered_row_keeps_its_status_and_an_error_is_never_waived() {
    let dir = tempfile::tempdir().unwrap();
    let narrow = dir.path().join("narrow.yaml");
    let text = std::fs::read_to_string(repo("testdata/waivers/manual-deploy.yaml"))
        .unwrap()
        .replace(
            "    scope:\n",
            "    findings: {evidence: /deployments/1/manual_steps, message: included manual steps}\n    scope:\n",
        );
    std::fs::write(&narrow, text).unwrap();
    let (code, report, stderr) =
        json_report(&["check", MANUAL, "--waivers", narrow.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stderr}");
    let dep = row(&report, "DEP-01");
    assert_eq!(dep["status"], "fail");
    let marked: Vec<bool> = dep["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["waived_by"] == "WVR-2026-007")
        .collect();
    assert_eq!(marked.iter().filter(|m| **m).count(), 1, "{dep}");
    assert_eq!(waiver(&report, "WVR-2026-007")["state"], "partial");

    // A deployment record the schema refuses puts DEP-01 in error: a waiver cannot cover that.
    let mut doc: Value = serde_json::from_slice(&std::fs::read(repo(MANUAL)).unwrap()).unwrap();
    doc["deployments"][1]["started_at"] = Value::from(42);
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, serde_json::to_vec(&doc).unwrap()).unwrap();
    let (code, report, _) = json_report(&[
        "check",
        broken.to_str().unwrap(),
        "--waivers",
        "testdata/waivers/manual-deploy.yaml",
    ]);
    assert_eq!(code, Some(2));
    assert_eq!(row(&report, "DEP-01")["status"], "error");
    let w = waiver(&report, "WVR-2026-007");
    assert_eq!(w["state"], "unused");
    assert!(
        w["note"]
            .as_str()
            .unwrap()
            .contains("in error, which no waiver covers")
    );
}

/// The built-in catalogue with `extra` YAML inserted after DEP-01's id line, written into `dir`.
fn catalog_with(dir: &Path, extra: &str, tail: &str) -> PathBuf {
    let text = std::fs::read_to_string(repo("policies/catalog.yaml"))
        .unwrap()
        .replacen("  - id: DEP-01\n", &format!("  - id: DEP-01\n{extra}"), 1)
        + tail;
    let path = dir.join("catalog.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn as_of_before_and_after_an_effective_date_in_the_catalogue_or_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_with(dir.path(), "    effective_on: 2026-06-01\n", "");
    let check = |extra: &[&str], as_of: &str| {
        let mut args = vec!["check", MANUAL, "--as-of", as_of];
        args.extend_from_slice(extra);
        json_report(&args)
    };
    let by_catalog = ["--catalog", catalog.to_str().unwrap()];
    let (code, report, _) = check(&by_catalog, "2026-05-31");
    assert_eq!(code, Some(0));
    let dep = row(&report, "DEP-01");
    assert_eq!(dep["status"], "warn");
    assert_eq!(dep["effective_on"], "2026-06-01");
    assert_eq!(
        dep["messages"][0]["text"],
        "blocking from 2026-06-01: until then this fail is a warning (effective_on)"
    );
    assert!(
        text_of(&report, "DEP-01").contains("included manual steps"),
        "the findings stay"
    );
    let (code, report, _) = check(&by_catalog, "2026-06-01T00:00:00Z");
    assert_eq!(code, Some(1));
    assert_eq!(row(&report, "DEP-01")["status"], "fail");

    // The same from the policy's own METADATA, in a library a team owns.
    let library = dir.path().join("lib");
    assert_eq!(
        run_relpolicy(&["init", "--policies", library.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let policy = library.join("release/dep_01.rego");
    let text = std::fs::read_to_string(&policy).unwrap().replace(
        "#   requirement: DEP-01\n",
        "#   requirement: DEP-01\n#   effective_on: 2026-06-01\n",
    );
    std::fs::write(&policy, text).unwrap();
    let by_policy = ["--policies", library.to_str().unwrap()];
    let (code, report, _) = check(&by_policy, "2026-05-31");
    assert_eq!(
        (code, row(&report, "DEP-01")["status"].as_str()),
        (Some(0), Some("warn"))
    );
    let (code, report, _) = check(&by_policy, "2026-06-01");
    assert_eq!(
        (code, row(&report, "DEP-01")["status"].as_str()),
        (Some(1), Some("fail"))
    );
}

#[test]
fn a_profile_leaves_requirements_out_in_every_format_but_never_a_critical_one() {
    let args = [
        "check",
        "examples/failing/cost-overrun-not-escalated.json",
        "--profile",
        "internal-tool",
    ];
    let (code, report, stderr) = json_report(&args);
    assert_eq!(code, Some(0), "PM-26 is left out: {stderr}");
    assert_eq!(report["profile"], "internal-tool");
    assert_eq!(report["manifest"]["profile"], "internal-tool");
    let reason = "left out by profile internal-tool: no release budget to deviate from";
    assert_eq!(row(&report, "PM-26")["status"], "not_applicable");
    assert!(text_of(&report, "PM-26").starts_with(reason));
    for id in ["PM-12", "PM-24", "PM-25"] {
        assert_eq!(row(&report, id)["status"], "not_applicable", "{id}");
    }
    assert_eq!(
        row(&report, "PM-23")["status"],
        "pass",
        "not every PM requirement is financial"
    );
    for format in ["table", "markdown", "html", "junit", "csv"] {
        let out = render(format, &args);
        assert!(out.contains(reason), "{format}: {out}");
        assert!(out.contains("internal-tool"), "{format}");
    }
    let sarif: Value = serde_json::from_str(&render("sarif", &args)).unwrap();
    assert_eq!(sarif["runs"][0]["properties"]["profile"], "internal-tool");
    let left_out = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "PM-26")
        .expect("a result per requirement");
    assert_eq!(left_out["kind"], "notApplicable");
    assert!(
        left_out["message"]["text"]
            .as_str()
            .unwrap()
            .contains(reason)
    );

    // Without the profile the same release fails PM-26.
    let (code, report, _) =
        json_report(&["check", "examples/failing/cost-overrun-not-escalated.json"]);
    assert_eq!(
        (code, row(&report, "PM-26")["status"].as_str()),
        (Some(1), Some("fail"))
    );

    // A profile that leaves out REQ-27 (critical) is refused there, and REQ-27 is evaluated.
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_with(
        dir.path(),
        "",
        "  - name: no-approvals\n    leave_out:\n      - {requirement: REQ-27, reason: we trust ourselves}\n      - {requirement: RM-04, reason: no one to notify}\n",
    );
    let (code, report, stderr) = json_report(&[
        "check",
        "examples/failing/approved-by-developer.json",
        "--catalog",
        catalog.to_str().unwrap(),
        "--profile",
        "no-approvals",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("relpolicy::catalog::profile_critical"),
        "{stderr}"
    );
    assert!(
        stderr.contains("profile `no-approvals` may not leave out REQ-27: its policy is critical"),
        "{stderr}"
    );
    assert_eq!(row(&report, "REQ-27")["status"], "fail");
    assert_eq!(row(&report, "RM-04")["status"], "not_applicable");
    // lint says the same of the catalogue, whichever profile a run would choose.
    let out = run_relpolicy(&["lint", "policies", "--catalog", catalog.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("relpolicy::catalog::profile_critical"));

    let (code, _, stderr) = json_report(&["check", MANUAL, "--profile", "nope"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("has no profile `nope`")
            && stderr.contains("the profiles are: internal-tool"),
        "{stderr}"
    );
}

/// A release folder names its waivers and profile itself; `verify` applies the same waivers again
/// a year later, and notices when the waivers file changed.
#[test]
fn a_folder_names_its_waivers_and_profile_and_verify_applies_them_again() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("release");
    crate::verify::copy_dir(&repo("examples/failing/rollback-test-failed"), &folder);
    std::fs::write(
        folder.join("waivers.yaml"),
        "waivers_version: 1\nwaivers:\n  - id: WVR-ROLLBACK\n    requirement: REQ-26\n    scope: {services: [payments-api]}\n    reason: The down-migration is fixed in 2.4.1; 2.4.0 rolls forward.\n    ticket: CHG-2026-0950\n    approved_by: {id: c.weber, name: Clara Weber}\n    role: CAB\n    approved_at: 2026-03-13T09:00:00Z\n    expires: 2026-03-31\n  - id: WVR-ROLLBACK-PLAN\n    requirement: REL-03\n    scope: {services: [payments-api]}\n    reason: The down-migration is fixed in 2.4.1; 2.4.0 rolls forward.\n    ticket: CHG-2026-0950\n    approved_by: {id: c.weber, name: Clara Weber}\n    role: CAB\n    approved_at: 2026-03-13T09:00:00Z\n    expires: 2026-03-31\n",
    )
    .unwrap();
    let manifest = folder.join("relpolicy.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        format!("{text}\nwaivers: waivers.yaml\nprofile: internal-tool\n"),
    )
    .unwrap();
    let report_path = dir.path().join("report.json");
    let out = run_relpolicy(&[
        "check",
        folder.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        report_path.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&std::fs::read(&report_path).unwrap()).unwrap();
    assert_eq!(row(&report, "REQ-26")["status"], "waived");
    assert_eq!(row(&report, "REL-03")["status"], "waived");
    assert_eq!(row(&report, "PM-24")["status"], "not_applicable");
    assert_eq!(report["profile"], "internal-tool");

    // Re-checked after the waivers expired, the archived report still stands: verify judges as
    // of the recorded time.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relpolicy"))
        .args(["verify", report_path.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1805061600") // 2027-03-14
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("ok       waivers "), "{said}");
    assert!(said.contains("The report stands."), "{said}");

    // A changed waivers file is named, and the verdicts it changes too.
    let waivers = std::fs::read_to_string(folder.join("waivers.yaml")).unwrap();
    std::fs::write(
        folder.join("waivers.yaml"),
        waivers.replace("expires: 2026-03-31", "expires: 2026-03-13T12:00:00Z"),
    )
    .unwrap();
    let out = run_relpolicy(&["verify", report_path.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("CHANGED  waivers "), "{said}");
    assert!(said.contains("REQ-26: reported waived, now fail"), "{said}");
}
