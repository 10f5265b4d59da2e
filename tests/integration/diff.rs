//! `relpolicy diff`: two reports of the example compared, per requirement, in every format.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::run_relpolicy;

/// `relpolicy check ARGS --format json -o DIR/NAME`.
fn report(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut all = args.to_vec();
    all.extend(["--format", "json", "-o", path.to_str().expect("utf-8")]);
    let out = run_relpolicy(&all);
    assert!(path.is_file(), "{}", String::from_utf8_lossy(&out.stderr));
    path
}

fn diff(old: &Path, new: &Path, format: &str) -> (Option<i32>, String, String) {
    let out = run_relpolicy(&[
        "diff",
        old.to_str().expect("utf-8"),
        new.to_str().expect("utf-8"),
        "--format",
        format,
    ]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn change<'a>(diff: &'a Value, id: &str) -> &'a Value {
    diff["requirements"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("{id} did not change: {diff}"))
}

#[test]
fn a_passing_and_a_failing_report_of_the_example() {
    let dir = tempfile::tempdir().expect("tempdir");
    let passing = report(
        dir.path(),
        "pass.json",
        &["check", "examples/payments-2.4.0"],
    );
    let failing = report(
        dir.path(),
        "fail.json",
        &["check", "examples/failing/rollback-test-failed"],
    );

    let (code, text, stderr) = diff(&passing, &failing, "json");
    assert_eq!(code, Some(1), "{stderr}");
    let d: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(d["diff_version"], "1.0");
    assert_eq!(d["worse"], true);
    assert_eq!(d["summary"]["changed"], 2);
    assert_eq!(d["summary"]["worse"], 2);
    for id in ["REQ-26", "REL-03"] {
        let c = change(&d, id);
        assert_eq!(
            (c["old_status"].as_str(), c["new_status"].as_str()),
            (Some("pass"), Some("fail"))
        );
        assert_eq!(c["worse"], true);
        let added: Vec<&str> = c["findings_added"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["text"].as_str().unwrap())
            .collect();
        assert!(
            added
                .iter()
                .any(|t| t
                    .contains("rollback test `rollback.rehearsal.test_rollback_db_v2_4` failed")),
            "{added:?}"
        );
        assert_eq!(
            c["inputs_changed"],
            serde_json::json!(["reports/rollback/rehearsal.xml"])
        );
    }
    assert!(d["inputs"].as_array().unwrap().iter().any(|i| i["input"]
        == "evidence reports/rollback/rehearsal.xml"
        && i["change"] == "changed"));

    let (code, text, _) = diff(&passing, &failing, "table");
    assert_eq!(code, Some(1));
    assert!(
        text.contains("REQ-26 pass → fail  WORSE  Rollback strategy defined, tested and verified"),
        "{text}"
    );
    assert!(
        text.contains("      input changed: reports/rollback/rehearsal.xml"),
        "{text}"
    );
    assert!(
        text.contains("Got worse: REL-03, REQ-26 → exit 1"),
        "{text}"
    );
    let (code, text, _) = diff(&passing, &failing, "markdown");
    assert_eq!(code, Some(1));
    assert!(
        text.starts_with("## ❌ relpolicy diff: Got worse: REL-03, REQ-26 → exit 1"),
        "{text}"
    );
    assert!(
        text.contains(
            "| REQ-26 Rollback strategy defined, tested and verified | `pass` | `fail` | worse |"
        ),
        "{text}"
    );

    // The other way round nothing got worse: the findings are removed, the rows better.
    let (code, text, _) = diff(&failing, &passing, "json");
    assert_eq!(code, Some(0));
    let d: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        (d["worse"].as_bool(), d["summary"]["better"].as_u64()),
        (Some(false), Some(2))
    );
    assert!(
        !change(&d, "REQ-26")["findings_removed"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // The same report twice: nothing changed.
    let (code, text, _) = diff(&passing, &passing, "table");
    assert_eq!(code, Some(0));
    assert!(
        text.contains("Requirements: 0 of 32 changed (0 worse, 0 better)"),
        "{text}"
    );
}

#[test]
fn waivers_added_used_and_expired_and_a_waiver_that_lapses_is_worse() {
    let dir = tempfile::tempdir().expect("tempdir");
    let manual = "examples/failing/manual-production-deploy.json";
    let failing = report(dir.path(), "fail.json", &["check", manual]);
    let waived = report(
        dir.path(),
        "waived.json",
        &[
            "check",
            manual,
            "--waivers",
            "testdata/waivers/manual-deploy.yaml",
        ],
    );
    let lapsed = report(
        dir.path(),
        "lapsed.json",
        &[
            "check",
            manual,
            "--waivers",
            "testdata/waivers/manual-deploy.yaml",
            "--as-of",
            "2026-04-11",
        ],
    );
    let (code, text, _) = diff(&failing, &waived, "json");
    assert_eq!(code, Some(0), "fail to waived is not worse: {text}");
    let d: Value = serde_json::from_str(&text).unwrap();
    let c = change(&d, "DEP-01");
    assert_eq!(
        (c["old_status"].as_str(), c["new_status"].as_str()),
        (Some("fail"), Some("waived"))
    );
    assert_eq!(c["waivers"]["added"], serde_json::json!(["WVR-2026-007"]));
    assert_eq!(c["waivers"]["used"], serde_json::json!(["WVR-2026-007"]));
    // Paths are relative to the report's base, the folder the evidence is in.
    assert!(
        d["inputs"].as_array().unwrap().iter().any(|i| i["input"]
            .as_str()
            .is_some_and(|i| i.starts_with("waivers ")
                && i.ends_with("/testdata/waivers/manual-deploy.yaml"))
            && i["change"] == "added")
    );

    let (code, text, _) = diff(&waived, &lapsed, "json");
    assert_eq!(code, Some(1), "waived to fail is worse: {text}");
    let d: Value = serde_json::from_str(&text).unwrap();
    let c = change(&d, "DEP-01");
    assert_eq!(c["worse"], true);
    assert_eq!(c["waivers"]["expired"], serde_json::json!(["WVR-2026-007"]));
    let (_, text, _) = diff(&waived, &lapsed, "table");
    assert!(text.contains("DEP-01 waived → fail  WORSE"), "{text}");
    assert!(text.contains("waiver now expired: WVR-2026-007"), "{text}");
}

#[test]
fn unreadable_and_incompatible_reports_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = report(
        dir.path(),
        "good.json",
        &["check", "examples/payments-2.4.0/evidence.json"],
    );
    let mut future: Value = serde_json::from_slice(&std::fs::read(&good).unwrap()).unwrap();
    future["report_version"] = Value::from("2.0");
    let future_path = dir.path().join("future.json");
    std::fs::write(&future_path, serde_json::to_vec(&future).unwrap()).unwrap();
    let (code, _, stderr) = diff(&good, &future_path, "table");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("relpolicy::diff::report"), "{stderr}");
    assert!(stderr.contains("report_version `2.0`"), "{stderr}");

    let (code, _, stderr) = diff(&dir.path().join("none.json"), &good, "table");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot read report"), "{stderr}");
    std::fs::write(dir.path().join("text.json"), "not json").unwrap();
    let (code, _, stderr) = diff(&good, &dir.path().join("text.json"), "json");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("is not JSON"), "{stderr}");

    // A 1.1 report (no waivers, no profile) is still read.
    let mut older = future.clone();
    older["report_version"] = Value::from("1.1");
    older.as_object_mut().unwrap().remove("waivers");
    older.as_object_mut().unwrap().remove("profile");
    let older_path = dir.path().join("older.json");
    std::fs::write(&older_path, serde_json::to_vec(&older).unwrap()).unwrap();
    let (code, _, stderr) = diff(&older_path, &good, "table");
    assert_eq!(code, Some(0), "{stderr}");
}
