//! Every report format, read back by a parser of that format: the JSON report against its
//! committed schema, SARIF against the SARIF 2.1.0 schema, JUnit through relpolicy's own JUnit
//! reader (the one that reads pytest, jest and nextest), CSV through the csv crate.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::run_relpolicy;

const FAILING: &str = "examples/failing/approved-by-developer.json";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Check FAILING once, writing every format; returns the directory and its files by format.
fn all_formats() -> (tempfile::TempDir, Vec<(&'static str, PathBuf)>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let formats = ["json", "markdown", "junit", "sarif", "csv", "table"];
    let files: Vec<(&str, PathBuf)> = formats
        .iter()
        .map(|f| (*f, dir.path().join(format!("report.{f}"))))
        .collect();
    let mut args = vec!["check".to_owned(), FAILING.to_owned()];
    for (format, path) in &files {
        args.push("--report".to_owned());
        args.push(format!("{format}={}", path.display()));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run_relpolicy(&args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The table still goes to standard output; each --report is one more file.
    assert!(String::from_utf8_lossy(&out.stdout).contains("REQ-27  fail"));
    (dir, files)
}

fn file_of<'a>(files: &'a [(&str, PathBuf)], format: &str) -> &'a Path {
    &files.iter().find(|(f, _)| *f == format).expect("format").1
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("schema compiles")
}

#[test]
fn every_format_is_written_in_one_run_and_the_table_matches_stdout() {
    let (_dir, files) = all_formats();
    for (format, path) in &files {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{format}: {e}"));
        assert!(text.contains("REQ-27"), "{format} does not name REQ-27");
    }
    let stdout = run_relpolicy(&["check", FAILING]).stdout;
    assert_eq!(
        std::fs::read(file_of(&files, "table")).expect("table"),
        stdout
    );
}

#[test]
fn the_json_report_follows_its_committed_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("schemas/report.schema.json")).expect("schema"),
    )
    .expect("JSON");
    let validator = validator(&schema);
    for args in [
        vec!["check", FAILING, "-f", "json"],
        vec!["check", "examples/payments-2.4.0", "-f", "json"],
        vec![
            "check",
            "examples/failing/rollback-test-failed",
            "-f",
            "json",
            "--phase",
            "pre-deploy",
        ],
        vec![
            "check",
            "testdata/evidence/invalid-schema.json",
            "-f",
            "json",
        ],
        vec![
            "check",
            FAILING,
            "-f",
            "json",
            "--policies",
            "testdata/policies/broken",
        ],
        // 1.2: waivers applied, not applying and refused; a profile; a catalogue given apart
        // (a note among the diagnostics); an effective date.
        vec![
            "check",
            "examples/failing/manual-production-deploy.json",
            "-f",
            "json",
            "--waivers",
            "testdata/waivers/manual-deploy.yaml",
            "--waivers",
            "testdata/waivers/kinds.yaml",
            "--waivers",
            "testdata/waivers/refused.yaml",
            "--profile",
            "internal-tool",
            "--catalog",
            "testdata/catalogs/effective-and-fewer.yaml",
        ],
    ] {
        let out = run_relpolicy(&args);
        let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
        let errors: Vec<String> = validator
            .iter_errors(&report)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}:\n{}", errors.join("\n"));
    }
}

/// The SARIF 2.1.0 schema, from the copy the `serde-sarif` dev-dependency ships in its source
/// (cargo has unpacked it to build this test).
fn sarif_schema() -> Option<Value> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let registry = std::fs::read_dir(home.join("registry/src")).ok()?;
    for index in registry.flatten() {
        for krate in std::fs::read_dir(index.path()).ok()?.flatten() {
            let name = krate.file_name().to_string_lossy().into_owned();
            if name.starts_with("serde-sarif-") {
                let text = std::fs::read_to_string(krate.path().join("src/schema.json")).ok()?;
                return serde_json::from_str(&text).ok();
            }
        }
    }
    None
}

#[test]
fn sarif_results_are_located_in_the_evidence_and_follow_the_sarif_schema() {
    let (_dir, files) = all_formats();
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(file_of(&files, "sarif")).expect("sarif"))
            .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), 32, "one rule per catalogued requirement");
    let results = run["results"].as_array().expect("results");
    // One result per requirement, whatever its verdict, each naming its own rule.
    assert_eq!(results.len(), 32, "{results:#?}");
    for r in results {
        assert_eq!(
            rules[r["ruleIndex"].as_u64().expect("index") as usize]["id"],
            r["ruleId"]
        );
        assert!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["help"]["text"].is_string());
        assert!(r["partialFingerprints"]["relpolicyFinding/v1"].is_string());
    }
    let result_of = |id: &str| results.iter().find(|r| r["ruleId"] == id).expect(id);
    let result = result_of("REQ-27");
    assert_eq!(
        (result["kind"].as_str(), result["level"].as_str()),
        (Some("fail"), Some("error"))
    );
    let physical = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "approved-by-developer.json"
    );
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "RELEASEROOT");
    assert_eq!(physical["region"]["startLine"], 529);
    assert_eq!(
        result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "/approvals/3"
    );
    // A pass is a result too, located where it rests, with what it rests on.
    let pass = result_of("DEP-01");
    assert_eq!(
        (pass["kind"].as_str(), pass["level"].as_str()),
        (Some("pass"), Some("none"))
    );
    assert!(
        pass["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64(),
        "{pass:#}"
    );
    assert!(
        pass["properties"]["basis"]
            .as_array()
            .is_some_and(|b| !b.is_empty()),
        "{pass:#}"
    );
    let not_applicable = result_of("RM-07");
    assert_eq!(not_applicable["kind"], "notApplicable");
    // The base every URI is relative to.
    let base = run["originalUriBaseIds"]["RELEASEROOT"]["uri"]
        .as_str()
        .expect("base");
    assert!(
        base.starts_with("file:///") && base.ends_with("/examples/failing/"),
        "{base}"
    );
    assert_eq!(
        run["artifacts"][0]["hashes"]["sha-256"]
            .as_str()
            .map(str::len),
        Some(64)
    );
    // Fingerprints are stable: a second run gives the same ones.
    let (_again, files_again) = all_formats();
    let again: Value = serde_json::from_str(
        &std::fs::read_to_string(file_of(&files_again, "sarif")).expect("sarif"),
    )
    .expect("json");
    let prints = |s: &Value| -> Vec<Value> {
        s["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    assert_eq!(prints(&sarif), prints(&again));
    // The SARIF object model reads it back.
    let model: serde_sarif::sarif::Sarif =
        serde_json::from_value(sarif.clone()).expect("serde-sarif reads the report");
    assert_eq!(model.runs[0].results.as_ref().map(Vec::len), Some(32));
    let sarif_validator = sarif_validator();
    let errors: Vec<String> = sarif_validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["kind"] = Value::from("passed");
    assert!(!sarif_validator.is_valid(&broken), "the schema check bites");
}

/// A validator of the SARIF 2.1.0 schema.
pub(crate) fn sarif_validator() -> jsonschema::Validator {
    let mut schema = sarif_schema().expect(
        "the SARIF 2.1.0 schema was not found in the cargo registry (serde-sarif-*/src/schema.json)",
    );
    // The published schema's `language` patterns have a stray `]` that the meta-schema's `regex`
    // format check rejects, so the schema would not compile; use the pattern SARIF means (a
    // language tag such as en or en-US). relpolicy never sets `language`.
    for owner in ["run", "toolComponent"] {
        let at = format!("/definitions/{owner}/properties/language/pattern");
        if let Some(pattern) = schema.pointer_mut(&at) {
            *pattern = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
        }
    }
    jsonschema::options()
        .build(&schema)
        .expect("the SARIF schema compiles")
}

#[test]
fn junit_reads_back_as_one_case_per_requirement() {
    let (dir, files) = all_formats();
    // Read it the way relpolicy reads any CI's JUnit: gather a folder holding it.
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::copy(file_of(&files, "junit"), folder.join("matrix.xml")).expect("copy");
    std::fs::write(
        folder.join("relpolicy.yaml"),
        "manifest_version: 1\nevidence:\n  test_reports: matrix.xml\n",
    )
    .expect("manifest");
    let gathered = relpolicy::gather::gather(&folder).expect("gathers");
    let cases = gathered.document_with_cases()["system_test_report"]["runs"][0]["cases"]
        .as_array()
        .expect("cases")
        .clone();
    assert_eq!(cases.len(), 32);
    let status = |id: &str| {
        cases
            .iter()
            .find(|c| {
                c["name"]
                    .as_str()
                    .is_some_and(|n| n.starts_with(&format!("{id} ")))
            })
            .map(|c| c["status"].as_str().unwrap_or("").to_owned())
    };
    assert_eq!(status("REQ-27").as_deref(), Some("failed"));
    assert_eq!(status("RM-07").as_deref(), Some("skipped"));
    assert_eq!(status("DEP-01").as_deref(), Some("passed"));
    let failed = cases
        .iter()
        .find(|c| c["status"] == "failed")
        .expect("a failure");
    assert!(
        failed["message"]
            .as_str()
            .unwrap_or("")
            .contains("role 'Developer'"),
        "{failed}"
    );
}

#[test]
fn csv_reads_back_as_one_row_per_requirement() {
    let (_dir, files) = all_formats();
    let mut reader = csv::Reader::from_path(file_of(&files, "csv")).expect("csv");
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(&headers[1], "status");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(rows.len(), 32);
    let req27 = rows.iter().find(|r| &r[0] == "REQ-27").expect("REQ-27");
    assert_eq!(&req27[1], "fail");
    assert!(req27[7].contains("/approvals/3 (examples/failing/approved-by-developer.json:529:5)"));
}

#[test]
fn markdown_lists_the_matrix_then_each_failure_with_its_fix() {
    let (_dir, files) = all_formats();
    let md = std::fs::read_to_string(file_of(&files, "markdown")).expect("markdown");
    assert!(md.starts_with("## ❌ relpolicy: release REL-2026-03-015"));
    assert!(md.contains("| ❌ | REQ-27 | `fail` |"));
    assert!(md.contains("### ❌ REQ-27 `fail`"));
    assert!(md.contains("`examples/failing/approved-by-developer.json:529:5` (`/approvals/3`)"));
    assert!(md.contains("**How to fix:** Have the release's release manager approve"));
    // A passing release stays short: the table and no details.
    let passing = run_relpolicy(&["check", "examples/payments-2.4.0", "-f", "markdown"]);
    let text = String::from_utf8_lossy(&passing.stdout);
    assert!(!text.contains("###"), "{text}");
    let (shown, collapsed) = text.split_once("<details>").expect("collapsed sections");
    assert!(shown.lines().count() < 40, "{shown}");
    // What each verdict rests on, passes included, collapsed: who approved production.
    let (basis, manifest) = collapsed.split_once("Manifest").expect("the manifest last");
    assert!(basis.contains("What each verdict rests on"), "{basis}");
    let req27 = basis.split("- ✅ REQ-27").nth(1).expect("REQ-27's basis");
    assert!(
        req27
            .lines()
            .take(3)
            .any(|l| l.contains("role Release Manager")
                && l.contains("approvals/APR-2026-0323.yaml:")),
        "{req27}"
    );
    assert!(manifest.contains("| evidence | reports/rollback/rehearsal.xml | `"));
}

#[test]
fn a_report_that_cannot_be_written_is_an_error_and_the_others_are_still_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("ok.xml");
    let out = run_relpolicy(&[
        "check",
        FAILING,
        "--report",
        "sarif=/nonexistent-dir/x.sarif",
        "--report",
        &format!("junit={}", good.display()),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("cannot write the sarif report to /nonexistent-dir/x.sarif")
    );
    assert!(good.is_file());
    let bad = run_relpolicy(&["check", FAILING, "--report", "pdf=x.pdf"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown format `pdf`"));
}

#[test]
fn failures_are_drawn_on_their_evidence_without_colour_when_piped() {
    // No NO_COLOR here: output to a pipe must be plain anyway.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_relpolicy"))
        .args(["check", "examples/failing/rollback-test-failed"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\u{1b}'), "colour codes in piped output");
    // The JUnit line that recorded the failure, underlined, with the pointer as its label.
    assert!(
        // Shown as it would be typed from the working directory.
        text.contains(
            "╭─[examples/failing/rollback-test-failed/reports/rollback/rehearsal.xml:13:5]"
        ),
        "{text}"
    );
    assert!(
        text.contains("<testcase classname=\"rollback.rehearsal\" name=\"test_rollback_db_v2_4\"")
    );
    assert!(text.contains("╰── /rollback/tests/runs/0/cases/1"));
    // The remediation is the help, once per requirement.
    assert_eq!(
        text.matches("help: Define the rollback strategy").count(),
        1
    );
}
