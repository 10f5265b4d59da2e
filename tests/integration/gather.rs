//! `relpolicy gather`: every reader against files written by the real producers
//! (testdata/gather/producers) and hand-made edge cases (testdata/gather/edge), safety,
//! and release folders all the way through `check DIR` to the matrix.

use std::path::{Path, PathBuf};

use crate::run_relpolicy;
use relpolicy::gather::{Gathered, gather};
use serde_json::{Value, json};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A release folder in a temporary directory: the manifest, plus files copied from the
/// repository (`from:` prefix) or written from text.
fn folder(manifest: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("relpolicy.yaml"), manifest).expect("write manifest");
    for (path, content) in files {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().expect("has parent")).expect("mkdir");
        match content.strip_prefix("from:") {
            Some(source) => std::fs::copy(repo(source), &target).map(drop),
            None => std::fs::write(&target, content),
        }
        .expect("write file");
    }
    dir
}

/// What gather read, the test cases in their runs.
fn gathered(manifest: &str, files: &[(&str, &str)]) -> Gathered {
    let dir = folder(manifest, files);
    let mut g = gather(dir.path()).unwrap_or_else(|p| panic!("manifest refused: {p:?}"));
    g.document = g.document_with_cases();
    g
}

const TESTS: &str = "manifest_version: 1\nevidence:\n  test_reports: reports/*\n";

/// The single run gathered from one report.
fn run_of(report: &str, name: &str) -> (Value, Gathered) {
    let g = gathered(TESTS, &[(&format!("reports/{name}"), report)]);
    let run = g.document["system_test_report"]["runs"][0].clone();
    assert!(run.is_object(), "no run in {:#}", g.document);
    (run, g)
}

fn statuses(run: &Value) -> Vec<(String, String)> {
    run["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap_or_default().to_owned(),
                c["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn count(run: &Value, status: &str) -> usize {
    statuses(run).iter().filter(|(_, s)| s == status).count()
}

fn case<'a>(run: &'a Value, name: &str) -> &'a Value {
    run["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no case {name} in {run:#}"))
}

fn codes(g: &Gathered) -> Vec<&'static str> {
    g.problems.iter().map(|p| p.code()).collect()
}

#[test]
fn pytest_junit_both_families() {
    for family in ["xunit1", "xunit2"] {
        let (run, g) = run_of(
            &format!("from:testdata/gather/producers/pytest-{family}.xml"),
            "pytest.xml",
        );
        assert!(g.problems.is_empty(), "{family}: {:?}", g.problems);
        assert_eq!(run["producer"], "pytest");
        // pytest leaves <testsuites> without counts: 8 cases are counted from the cases.
        assert_eq!(statuses(&run).len(), 8, "{family}");
        assert_eq!(
            (count(&run, "passed"), count(&run, "failed")),
            (4, 1),
            "{family}"
        );
        assert_eq!((count(&run, "error"), count(&run, "skipped")), (1, 2));
        let fee = case(&run, "test_fee_rounding_half_even");
        assert_eq!(fee["category"], "functional");
        // xunit1 keeps the test's own place (pytest's 0-based line, made 1-based); xunit2 has
        // none.
        if family == "xunit1" {
            assert_eq!(
                fee["code"],
                json!({"path": "tests/test_release.py", "line": 18})
            );
        } else {
            assert!(fee.get("code").is_none());
        }
        // Entities in the attribute are decoded; only the first line is kept.
        assert_eq!(
            fee["message"],
            "AssertionError: fee rounded <down> & not \"half even\""
        );
        let rollback = case(&run, "test_rollback_db_v2_4[schema]");
        assert_eq!(rollback["category"], "rollback");
        assert_eq!(rollback["requirements"], json!(["REL-03", "REQ-26"]));
        assert_eq!(rollback["properties"]["requirement"], "REQ-26, REL-03");
        // pytest writes the report on one line: the column tells the cases apart.
        let healthy = case(&run, "test_service_reports_healthy");
        assert_eq!(healthy["source"]["line"], 1);
        assert!(healthy["source"]["column"].as_u64().unwrap() > 100);
        assert!(run["started_at"].as_str().unwrap().ends_with('Z'));
        assert!(run["finished_at"].as_str() > run["started_at"].as_str());
    }
}

#[test]
fn node_cases_directly_under_testsuites_are_kept() {
    let (run, g) = run_of("from:testdata/gather/producers/node-junit.xml", "node.xml");
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert_eq!(statuses(&run).len(), 6);
    let top = case(&run, "service reports healthy");
    assert_eq!(top["status"], "passed");
    assert!(top.get("suite").is_none());
    assert_eq!(case(&run, "deep case")["suite"], "nested");
    assert_eq!(case(&run, "todo case")["status"], "skipped");
    assert_eq!(case(&run, "fee rounding half even")["status"], "failed");
    assert_eq!(
        case(&run, "legacy format")["message"],
        "flaky on shared runners"
    );
    assert_eq!(run["producer"], "node");
    assert_eq!(case(&run, "deep case")["source"]["line"], 37);
}

#[test]
fn jest_junit_zone_less_timestamps_need_a_timezone() {
    let (run, g) = run_of("from:testdata/gather/producers/jest-junit.xml", "jest.xml");
    assert_eq!(codes(&g), ["relpolicy::gather::naive_timestamp"]);
    assert!(
        run.get("started_at").is_none(),
        "a zone-less time is not guessed"
    );
    assert_eq!(statuses(&run).len(), 5);
    // jest-junit writes `test.todo` as a case with no outcome element: JUnit reads it as passed.
    assert_eq!((count(&run, "failed"), count(&run, "skipped")), (1, 1));
    assert_eq!(case(&run, "payments export pdf export")["status"], "passed");

    let g = gathered(
        &format!("{TESTS}timezone: '+01:00'\n"),
        &[(
            "reports/jest.xml",
            "from:testdata/gather/producers/jest-junit.xml",
        )],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let run = &g.document["system_test_report"]["runs"][0];
    assert_eq!(run["started_at"], "2026-11-22T05:54:14+01:00");
}

#[test]
fn nextest_failures_and_ignored_tests() {
    let (run, g) = run_of(
        "from:testdata/gather/producers/nextest-junit.xml",
        "nextest.xml",
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert_eq!(run["producer"], "cargo-nextest");
    assert_eq!((statuses(&run).len(), count(&run, "failed")), (4, 2));
    let failed = case(&run, "rollback::rollback_db_v2_4");
    assert!(
        failed["message"]
            .as_str()
            .unwrap()
            .starts_with("thread 'rollback::rollback_db_v2_4'"),
        "{failed}"
    );
    assert_eq!(failed["classname"], "payments_rollback");
    assert_eq!(run["started_at"], "2026-11-22T05:54:19.777Z");
}

#[test]
fn go_test_json_counts_tests_and_subtests_as_go_reported_them() {
    // `go test -json ./...` (go 1.19.8) on the same test file gotestsum ran above: the same five
    // cases, with the failure's own output as its message.
    let (run, g) = run_of("from:testdata/gather/producers/go-test.json", "go.json");
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert_eq!(
        (run["format"].as_str(), run["producer"].as_str()),
        (Some("go-test-json"), Some("go test"))
    );
    assert_eq!(
        statuses(&run),
        [
            ("TestPromoteToStaging", "passed"),
            ("TestDigestUnchanged", "failed"),
            ("TestSmoke", "passed"),
            ("TestSmoke/health", "passed"),
            ("TestSmoke/skipped", "skipped"),
        ]
        .map(|(n, s)| (n.to_owned(), s.to_owned()))
    );
    let failed = case(&run, "TestDigestUnchanged");
    assert_eq!(
        failed["message"],
        "deploy_test.go:8: comparing sha256 digests\n    across environments\ndeploy_test.go:9: digest changed: \"sha256:aa\" != \"sha256:bb\""
    );
    assert_eq!(failed["classname"], "example.com/release/deploy");
    // Each case is located at the event that ended it.
    assert_eq!(failed["source"]["line"], 11);
    assert_eq!(
        case(&run, "TestSmoke/skipped")["message"],
        "deploy_test.go:14: no staging cluster"
    );
    assert_eq!(run["started_at"], "2026-11-30T08:03:34.722825770Z");
    assert_eq!(run["finished_at"], "2026-11-30T08:03:34.723337770Z");
    // A .jsonl name reads the same.
    let (again, _) = run_of("from:testdata/gather/producers/go-test.json", "go.jsonl");
    assert_eq!(statuses(&again), statuses(&run));
}

#[test]
fn go_test_json_panics_fail_with_their_first_lines() {
    // Real go 1.19 output of a package that does not build (go before 1.24 prints a plain
    // `FAIL pkg [build failed]` line among the events) and of a panicking test.
    let (run, g) = run_of(
        "from:testdata/gather/producers/go-test-broken.json",
        "go.json",
    );
    assert_eq!(codes(&g), ["relpolicy::gather::go_test"]);
    assert_eq!(
        statuses(&run),
        [
            ("(package)".to_owned(), "error".to_owned()),
            ("TestRollbackDrill".to_owned(), "failed".to_owned())
        ]
    );
    let build = case(&run, "(package)");
    assert_eq!(build["classname"], "example.com/release/broken");
    assert!(
        build["message"].as_str().unwrap().contains("build failed"),
        "{build}"
    );
    let message = case(&run, "TestRollbackDrill")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.starts_with("panic: assignment to entry in nil map [recovered]"),
        "{message}"
    );
    assert!(message.lines().count() <= 21, "{message}");
}

#[test]
fn go_test_json_edge_cases_never_drop_a_failure() {
    // Hand-made: a test that started and never ended (the binary was killed), a package that
    // failed without a failing test (go 1.24's build-fail), and a line that is not an event.
    let unfinished = concat!(
        "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"TestHangs\"}\n",
        "{\"Action\":\"output\",\"Package\":\"p\",\"Test\":\"TestHangs\",\"Output\":\"panic: test timed out after 10m0s\\n\"}\n",
        "{\"Action\":\"build-output\",\"Package\":\"q\",\"Output\":\"q.go:3: undefined: x\\n\"}\n",
        "{\"Action\":\"build-fail\",\"Package\":\"q\"}\n",
    );
    let (run, g) = run_of(unfinished, "go.json");
    assert_eq!(
        statuses(&run),
        [
            ("TestHangs".to_owned(), "error".to_owned()),
            ("(package)".to_owned(), "error".to_owned())
        ]
    );
    assert!(
        case(&run, "TestHangs")["message"]
            .as_str()
            .unwrap()
            .contains("timed out")
    );
    assert!(
        case(&run, "(package)")["message"]
            .as_str()
            .unwrap()
            .contains("undefined: x")
    );
    assert_eq!(codes(&g), ["relpolicy::gather::go_test"]);
    let broken = folder(
        TESTS,
        &[("reports/go.json", "{\"Action\":\"run\"}\nnot json\n")],
    );
    let g = gather(broken.path()).unwrap();
    assert_eq!(codes(&g), ["relpolicy::gather::go_test"]);
    assert!(
        g.problems[0].to_string().contains("line 2"),
        "{}",
        g.problems[0]
    );
}

#[test]
fn gotestsum_character_references_and_one_word_messages() {
    let (run, g) = run_of("from:testdata/gather/producers/gotestsum.xml", "go.xml");
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert_eq!(run["producer"], "gotestsum");
    assert_eq!((statuses(&run).len(), count(&run, "failed")), (5, 1));
    // The message attribute is just "Failed"; the body, with `&#xA;` decoded, says more.
    assert_eq!(
        case(&run, "TestDigestUnchanged")["message"],
        "deploy_test.go:8: comparing sha256 digests"
    );
    assert_eq!(
        case(&run, "TestSmoke/skipped")["message"],
        "deploy_test.go:14: no staging cluster"
    );
}

#[test]
fn ctrf_from_pytest() {
    let (run, g) = run_of(
        "from:testdata/gather/producers/pytest-ctrf.json",
        "ctrf.json",
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert_eq!(
        (run["format"].as_str(), run["producer"].as_str()),
        (Some("ctrf"), Some("pytest"))
    );
    assert_eq!(statuses(&run).len(), 8);
    assert_eq!((count(&run, "passed"), count(&run, "skipped")), (4, 2));
    assert_eq!(count(&run, "failed"), 2);
    let fee = case(&run, "tests/test_release.py::test_fee_rounding_half_even");
    assert!(fee["source"]["line"].as_u64().unwrap() > 20);
    assert!(run["started_at"].is_string() && run["finished_at"].is_string());
}

#[test]
fn ctrf_times_that_are_not_positive_milliseconds_are_left_out_and_named() {
    // Hand-made edge cases: every way a CTRF summary time can be unusable. None may become a
    // time (1970, or a wrapped date), and the warning names the value that was left out.
    const USABLE: &str = "1773525600000";
    for (start, stop) in [
        ("0", "0"),
        ("-5", USABLE),
        ("9223372036854775807", USABLE),
        ("1773525600000.5", "\"1773525600000\""),
    ] {
        let report = format!(
            r#"{{"results": {{"tool": {{"name": "jest"}}, "summary": {{"tests": 1, "passed": 1, "failed": 0, "skipped": 0, "pending": 0, "other": 0, "start": {start}, "stop": {stop}}}, "tests": [{{"name": "t", "status": "passed", "duration": 1}}]}}}}"#
        );
        let (run, g) = run_of(&report, "ctrf.json");
        assert!(run["started_at"].is_null(), "{start}: {run:#}");
        let warning = g
            .problems
            .iter()
            .find(|p| p.code() == "relpolicy::gather::no_time")
            .unwrap_or_else(|| panic!("{start}/{stop}: no warning in {:?}", g.problems));
        assert!(
            warning.message().contains(&format!("start is {start}")),
            "{}",
            warning.message()
        );
        let stop_usable = stop == USABLE;
        assert_eq!(
            run["finished_at"].is_string(),
            stop_usable,
            "{stop}: {run:#}"
        );
        assert_eq!(
            warning.message().contains("stop is"),
            !stop_usable,
            "{}",
            warning.message()
        );
    }
}

#[test]
fn junit_edge_cases() {
    let (run, g) = run_of(
        "from:testdata/gather/edge/junit-single-suite.xml",
        "edge.xml",
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert_eq!(run["name"], "edge");
    // An error outranks a failure in the same case; CDATA bodies are read.
    assert_eq!(case(&run, "both")["status"], "error");
    assert_eq!(
        case(&run, "cdata")["message"],
        "expected <ok> but got & more"
    );
    // Category and requirements from suite properties (text values too) are inherited.
    let inherited = case(&run, "inherits");
    assert_eq!(inherited["category"], "security");
    assert_eq!(inherited["requirements"], json!(["REQ-17"]));
    // A case's own category wins over its suite's.
    assert_eq!(case(&run, "own")["category"], "performance");
    // Multi-line attributes keep their line breaks.
    assert_eq!(case(&run, "newline")["properties"]["note"], "first\nsecond");
    // Header counts are ignored: the suite claims 1 test.
    assert_eq!(statuses(&run).len(), 5);
}

/// Hand-made: JUnit cases the schema rejects (no name, an empty name, a duration past 10^9
/// seconds) beside cases it accepts. Checked as a folder (cases kept as the engine's values) or
/// as the document `gather` writes (cases written as text), each rejected case is an error that
/// names it, at its line, and blocks the requirements that read test runs; the others are not.
#[test]
fn junit_cases_that_break_the_schema_are_errors_either_way() {
    let report = r#"<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests">
  <testsuite name="s" timestamp="2026-03-10T08:54:00+00:00" time="1">
    <testcase classname="c" name="ok" time="0.5"/>
    <testcase classname="c" time="0.5"/>
    <testcase classname="c" name="" time="0.5"/>
    <testcase classname="c" name="slow" time="2000000000"/>
    <testcase classname="c" name="longest allowed" time="1000000000" file="t.py" line="0"/>
  </testsuite>
</testsuites>
"#;
    let dir = folder(TESTS, &[("reports/junit.xml", report)]);
    let violations = |report: &Value| -> Vec<(String, Option<u64>)> {
        report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["code"] == "relpolicy::schema::violation")
            .map(|d| {
                let message = d["message"].as_str().unwrap_or_default();
                let at = message.rsplit_once(" at ").map_or(message, |(_, at)| at);
                (at.to_owned(), d["location"]["line"].as_u64())
            })
            .collect()
    };
    let cases = "/system_test_report/runs/0/cases";
    let expected = [
        (format!("{cases}/1"), Some(5)),
        (format!("{cases}/2/name"), Some(6)),
        (format!("{cases}/3/duration_s"), Some(7)),
    ];
    let from_folder = check_json(dir.path());
    assert_eq!(violations(&from_folder), expected);
    assert_eq!(status(&from_folder, "REQ-17"), "error");

    let document = dir.path().join("evidence.json");
    let output = run_relpolicy(&[
        "gather",
        dir.path().to_str().unwrap(),
        "-o",
        document.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let written: Value = serde_json::from_slice(&std::fs::read(&document).unwrap()).unwrap();
    let names: Vec<&Value> = written
        .pointer(cases)
        .and_then(Value::as_array)
        .expect("cases written")
        .iter()
        .map(|c| &c["name"])
        .collect();
    assert_eq!(
        names,
        [
            &json!("ok"),
            &Value::Null,
            &json!(""),
            &json!("slow"),
            &json!("longest allowed")
        ]
    );
    let from_document = check_json(&document);
    let pointers: Vec<String> = violations(&from_document)
        .into_iter()
        .map(|(at, _)| at)
        .collect();
    let expected_pointers: Vec<String> = expected.into_iter().map(|(at, _)| at).collect();
    assert_eq!(pointers, expected_pointers);
    assert_eq!(status(&from_document, "REQ-17"), "error");
}

#[test]
fn broken_reports_are_errors_located_in_the_file() {
    for (name, line) in [
        ("junit-truncated.xml", 6),
        ("junit-mismatched.xml", 4),
        ("junit-not-junit.xml", 2),
    ] {
        let g = gathered(
            TESTS,
            &[(
                &format!("reports/{name}"),
                &format!("from:testdata/gather/edge/{name}"),
            )],
        );
        assert_eq!(codes(&g), ["relpolicy::gather::junit"], "{name}");
        assert_eq!(g.problems[0].location().map(|l| l.1), Some(line), "{name}");
        assert_eq!(g.broken[0].pointer, "/system_test_report", "{name}");
    }
}

#[test]
fn release_notes_from_git_cliff_pick_the_release_version() {
    for (file, sections) in [
        (
            "git-cliff-default.md",
            vec!["Features", "Features", "Bug Fixes", "Documentation"],
        ),
        (
            "git-cliff-keepachangelog.md",
            vec!["Changed", "Changed", "Changed", "Fixed"],
        ),
    ] {
        let g = gathered(
            "manifest_version: 1\nrelease: {version: 2.4.0}\nevidence:\n  release_notes: NOTES.md\n",
            &[(
                "NOTES.md",
                &format!("from:testdata/gather/producers/{file}"),
            )],
        );
        assert!(g.problems.is_empty(), "{file}: {:?}", g.problems);
        let notes = &g.document["release_notes"];
        assert_eq!(notes["version"], "2.4.0");
        assert_eq!(notes["date"], "2026-11-22");
        let changes = notes["changes"].as_array().unwrap();
        let got: Vec<&str> = changes
            .iter()
            .map(|c| c["section"].as_str().unwrap())
            .collect();
        assert_eq!(got, sections, "{file}");
        let refs: Vec<&str> = changes.iter().filter_map(|c| c["ref"].as_str()).collect();
        assert_eq!(refs.len(), 3, "{file}");
        assert!(
            !changes
                .iter()
                .any(|c| c["summary"].as_str().unwrap().contains("Unreleased"))
        );
        assert!(notes["document"]["sha256"].as_str().unwrap().len() == 64);
    }
    let g = gathered(
        "manifest_version: 1\nrelease: {version: 9.9.9}\nevidence:\n  release_notes: NOTES.md\n",
        &[(
            "NOTES.md",
            "from:testdata/gather/producers/git-cliff-keepachangelog.md",
        )],
    );
    assert_eq!(codes(&g), ["relpolicy::gather::release_notes"]);
    assert!(g.document.get("release_notes").is_none());
}

/// Keep a Changelog entries that cite pull requests as GitHub writes them, `(#412)`: the number is
/// the change reference, kept apart from the summary (written by git-cliff on squash-merged
/// commits).
#[test]
fn release_notes_citing_pull_requests_keep_the_number_as_the_reference() {
    let g = gathered(
        "manifest_version: 1\nrelease: {version: 2.4.0}\nevidence:\n  release_notes: NOTES.md\n",
        &[(
            "NOTES.md",
            "from:testdata/gather/producers/git-cliff-github-prs.md",
        )],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let changes = g.document["release_notes"]["changes"].as_array().unwrap();
    let got: Vec<(Option<&str>, &str)> = changes
        .iter()
        .map(|c| (c["ref"].as_str(), c["summary"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("#412"), "Export payment reports to CSV"),
            (Some("#418"), "Notifications use the customer's language"),
            (None, "Describe rollback window"),
            (Some("#415"), "Round fee summaries half to even"),
        ]
    );
}

#[test]
fn release_notes_in_the_procedure_layout() {
    let g = gathered(
        "manifest_version: 1\nevidence:\n  release_notes: NOTES.md\n",
        &[(
            "NOTES.md",
            "from:testdata/gather/edge/release-notes-procedure.md",
        )],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let notes = &g.document["release_notes"];
    assert_eq!(notes["release"], "APPLICATION-NAME v2.4.0");
    assert_eq!(notes["version"], "2.4.0");
    assert_eq!(
        (notes["date"].as_str(), notes["type"].as_str()),
        (Some("2024-03-15"), Some("minor"))
    );
    assert_eq!(notes["changes"][1]["ref"], "CHG-2024-0901");
    assert_eq!(
        notes["changes"][1]["summary"],
        "Fixed calculation error in budget summaries"
    );
    assert_eq!(notes["changes"][1]["source"]["line"], 12);
    assert_eq!(notes["known_issues"][0]["workaround"], "export in batches");
    assert_eq!(
        notes["known_issues"][0]["summary"],
        "Export to PDF fails for reports exceeding 500 pages"
    );
    assert_eq!(notes["dependencies"].as_array().unwrap().len(), 2);
    assert_eq!(notes["rollback"]["window_hours"], 4.0);
    assert_eq!(
        notes["rollback"]["procedure"],
        "See deployment runbook section 7"
    );
    assert_eq!(notes["review"]["outcome"], "approved");
}

#[test]
fn in_toto_statements_plain_and_in_dsse_bundles() {
    for file in ["in-toto-slsa-provenance.json", "in-toto-dsse.intoto.jsonl"] {
        let g = gathered(
            "manifest_version: 1\nevidence:\n  artifacts: prov/*\n",
            &[(
                &format!("prov/{file}"),
                &format!("from:testdata/gather/producers/{file}"),
            )],
        );
        assert!(g.problems.is_empty(), "{file}: {:?}", g.problems);
        let artifacts = g.document["artifacts"].as_array().unwrap();
        assert_eq!(artifacts.len(), 2, "{file}");
        assert_eq!(artifacts[0]["name"], "payments-api");
        assert_eq!(
            artifacts[0]["digest"],
            "sha256:90d115108c9ab2f6063590a4ba8d61720bcc9a550e7b40c5f64150d4eb3aa033"
        );
        assert_eq!(artifacts[1]["built_at"], "2026-03-06T14:12:00Z");
        assert!(
            artifacts[1]["builder"]
                .as_str()
                .unwrap()
                .ends_with("/runs/8812")
        );
    }
}

#[test]
fn promotion_logs_normalise_field_names_and_skip_other_events() {
    let g = gathered(
        "manifest_version: 1\nevidence:\n  promotions: log.jsonl\n",
        &[(
            "log.jsonl",
            concat!(
                r#"{"event":"promotion","artifact":"api","digest":{"sha256":"aa00aa00aa00aa00aa00aa00aa00aa00"},"from_environment":"dev","to_environment":"test","time":"2026-03-07T09:00:00Z","actor":"bot"}"#,
                "\n\n",
                r#"{"event":"health_check","status":"ok"}"#,
                "\n",
                r#"{"artifact":"api","digest":"sha256:aa00aa00aa00aa00aa00aa00aa00aa00","from":"test","to":"staging"}"#,
                "\n"
            ),
        )],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let p = &g.document["promotions"];
    assert_eq!(p.as_array().unwrap().len(), 2);
    assert_eq!(p[0]["from"], "dev");
    assert_eq!(p[0]["at"], "2026-03-07T09:00:00Z");
    assert_eq!(p[0]["actor"], json!({"id": "bot"}));
    assert_eq!(p[0]["digest"], "sha256:aa00aa00aa00aa00aa00aa00aa00aa00");
    assert_eq!(p[1]["source"], json!({"path": "log.jsonl", "line": 4}));

    let g = gathered(
        "manifest_version: 1\nevidence:\n  promotions: log.jsonl\n",
        &[("log.jsonl", "{\"artifact\":\"api\"}\n{\"artifact\": \n")],
    );
    assert_eq!(codes(&g), ["relpolicy::gather::jsonl"]);
    assert_eq!(g.problems[0].location().map(|l| l.1), Some(2));
}

#[test]
fn focus_exports_are_summed_exactly_by_period_and_service() {
    let g = gathered(
        "manifest_version: 1\nevidence:\n  cost_report:\n    - files: billing/*.csv\n      set: {baseline_id: B-1}\n",
        &[("billing/focus.csv", "from:testdata/gather/edge/focus.csv")],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let report = &g.document["cost_report"];
    assert_eq!(report["currency"], "EUR");
    assert_eq!(report["baseline_id"], "B-1");
    assert_eq!(
        report["lines"],
        json!([
            {"period": "2026-02", "service": "compute", "cost": 0.3, "source": {"path": "billing/focus.csv", "line": 2}},
            {"period": "2026-02", "service": "storage", "cost": 1000.0, "source": {"path": "billing/focus.csv", "line": 5}},
            {"period": "2026-03", "service": "compute", "cost": 12.5, "source": {"path": "billing/focus.csv", "line": 6}},
        ])
    );
    for (csv, line) in [
        (
            "BilledCost,BillingCurrency,ChargePeriodStart,ServiceName\n1,EUR,2026-03-01,a\n,EUR,2026-03-01,a\n",
            3,
        ),
        (
            "BilledCost,BillingCurrency,ChargePeriodStart,ServiceName\n1,EUR,2026-03-01,a\n2,USD,2026-03-01,a\n",
            3,
        ),
        ("Cost,Currency\n1,EUR\n", 1),
    ] {
        let g = gathered(
            "manifest_version: 1\nevidence:\n  cost_report: c.csv\n",
            &[("c.csv", csv)],
        );
        assert_eq!(codes(&g), ["relpolicy::gather::focus"], "{csv}");
        assert_eq!(g.problems[0].location().map(|l| l.1), Some(line), "{csv}");
    }
}

#[test]
fn checklists_and_documents_from_markdown() {
    let g = gathered(
        "manifest_version: 1\nevidence:\n  go_live_checklist: go-live.md\n  deployment_guide: runbook.md\n  rollback_plan: plan.pdf\n",
        &[
            (
                "go-live.md",
                "# Go-live\n\n- [x] GL-1: Package verified (verified by l.brandt at 2026-03-13T19:00:00Z)\n- [ ] On-call named\n",
            ),
            (
                "runbook.md",
                "---\ntitle: Runbook\nversion: r2\nreview: {by: {id: s.ito}, outcome: approved}\n---\n# Deploying\n",
            ),
            ("plan.pdf", "%PDF-1.7 not really"),
        ],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let items = &g.document["go_live_checklist"]["items"];
    assert_eq!(items[0]["id"], "GL-1");
    assert_eq!(items[0]["description"], "Package verified");
    assert_eq!(items[0]["done"], true);
    assert_eq!(items[0]["verified_by"], json!({"id": "l.brandt"}));
    assert_eq!(items[1]["done"], false);
    assert_eq!(items[1]["source"]["line"], 4);
    let guide = &g.document["deployment_guide"];
    assert_eq!(guide["document"]["title"], "Runbook");
    assert_eq!(guide["document"]["version"], "r2");
    assert_eq!(guide["review"]["outcome"], "approved");
    assert_eq!(g.document["rollback"]["plan"]["path"], "plan.pdf");
}

#[test]
fn records_keep_their_lines_and_schema_errors_point_at_them() {
    let dir = folder(
        "manifest_version: 1\nevidence:\n  approvals: approvals/*.yaml\n",
        &[(
            "approvals/export.yaml",
            "approvals:\n  - scope: release\n    decision: approved\n    approver: {id: a}\n  - scope: go-live\n    decision: approve\n    approver: {id: b}\n",
        )],
    );
    let g = gather(dir.path()).unwrap();
    assert_eq!(g.document["approvals"][1]["source"]["line"], 5);
    assert_eq!(
        g.document["approvals"][1]["source"]["pointer"],
        "/approvals/1"
    );
    // Every value of a record is placed on its own line, not the record's.
    let at = |p: &str| {
        g.positions
            .get(p)
            .map(|l| (l.path.as_str(), l.line, l.column))
    };
    assert_eq!(
        at("/approvals/1/decision"),
        Some(("approvals/export.yaml", 6, Some(5)))
    );
    assert_eq!(
        at("/approvals/1/approver/id"),
        Some(("approvals/export.yaml", 7, Some(16)))
    );
    let output = run_relpolicy(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("export.yaml:6:5"), "{stderr}");
    assert!(stderr.contains("\"approve\" is not one of"), "{stderr}");
}

#[test]
fn patterns_that_match_nothing_lead_to_missing_evidence() {
    let dir = folder(
        "manifest_version: 1\nrelease: {type: minor}\nevidence:\n  approvals: approvals/*.yaml\n",
        &[],
    );
    let g = gather(dir.path()).unwrap();
    assert_eq!(codes(&g), ["relpolicy::gather::no_match"]);
    assert_eq!(g.problems[0].location().map(|l| l.1), Some(4));
    assert!(g.document.get("approvals").is_none());
    let report = check_json(dir.path());
    assert_eq!(report["summary"]["pass"], 0, "{report:#}");
    assert_eq!(status(&report, "REL-01"), "missing_evidence");
}

#[test]
fn a_pattern_written_with_backslashes_is_told_to_use_slashes() {
    // Windows paths: the files are there, but patterns separate folders with `/`.
    let dir = folder(
        "manifest_version: 1\nrelease: {type: minor}\nevidence:\n  approvals: 'approvals\\*.yaml'\n",
        &[("approvals/a.yaml", "id: APR-1\n")],
    );
    let g = gather(dir.path()).unwrap();
    assert_eq!(codes(&g), ["relpolicy::gather::no_match"]);
    let help = g.problems[0].help_text().unwrap_or_default();
    assert!(help.contains("write `approvals/*.yaml`"), "{help}");
    assert!(g.document.get("approvals").is_none());
    // Written that way throughout, the patterns are reported together, with the same word; and
    // an extension's patterns too.
    let dir = folder(
        "manifest_version: 1\nrelease: {type: minor}\nevidence:\n  approvals: 'approvals\\*.yaml'\n  notifications: 'notes\\*.yaml'\n  promotions: 'logs\\promotions.jsonl'\n  deployments: 'logs\\deploy-*.json'\n  cost_report: 'finance\\costs.yaml'\n  test_reports: 'reports\\*.xml'\nextensions:\n  - {name: sbom, files: 'sbom\\*.yaml', schema: s.json}\n",
        &[("s.json", "{}")],
    );
    let g = gather(dir.path()).unwrap();
    let helps: Vec<&str> = g.problems.iter().filter_map(|p| p.help_text()).collect();
    assert_eq!(helps.len(), 2, "{helps:?}");
    assert!(
        helps
            .iter()
            .all(|h| h.contains("separate folders with `/`")),
        "{helps:?}"
    );
}

#[test]
fn a_broken_file_makes_its_requirements_error_not_pass() {
    // The rollback section has a passing report and a broken one: judging on the passing one
    // alone would fail open.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo("examples/payments-2.4.0"), dir.path());
    std::fs::write(
        dir.path().join("reports/rollback/second.xml"),
        "<testsuite name=\"x\"><testcase name=\"y\">",
    )
    .unwrap();
    let report = check_json(dir.path());
    assert_eq!(status(&report, "REQ-26"), "error");
    assert_eq!(status(&report, "REL-03"), "error");
    assert_eq!(status(&report, "REQ-24"), "pass");
    assert_eq!(report["exit_code"], 2);
    // gather alone writes no document.
    let output = run_relpolicy(&["gather", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folder_and_oversized_files_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.yaml"), "scope: release\n").unwrap();
    let dir = folder(
        "manifest_version: 1\nmax_file_mb: 0\nevidence:\n  approvals: approvals/*.yaml\n  escalations: big.yaml\n",
        &[(
            "big.yaml",
            "- kind: financial-deviation\n  to_role: Sponsor\n",
        )],
    );
    std::fs::create_dir(dir.path().join("approvals")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        dir.path().join("approvals/link.yaml"),
    )
    .unwrap();
    // A linked directory is not entered at all.
    std::os::unix::fs::symlink(outside.path(), dir.path().join("approvals/dir")).unwrap();
    let g = gather(dir.path()).unwrap();
    let mut got = codes(&g);
    got.sort_unstable();
    assert_eq!(
        got,
        [
            "relpolicy::gather::outside_root",
            "relpolicy::gather::too_large"
        ]
    );
    assert!(g.document.get("approvals").is_none());
    assert!(g.document.get("escalations").is_none());
}

#[test]
fn a_single_document_kind_matching_two_files_is_refused() {
    let g = gathered(
        "manifest_version: 1\nevidence:\n  budget_baseline: finance/*.yaml\n",
        &[
            ("finance/a.yaml", "currency: EUR\ntotal: 1\n"),
            ("finance/b.yaml", "currency: EUR\ntotal: 2\n"),
        ],
    );
    assert_eq!(codes(&g), ["relpolicy::gather::ambiguous"]);
    assert!(g.document.get("budget_baseline").is_none());
}

#[test]
fn the_example_release_folder_passes_and_is_gathered_deterministically() {
    let report = check_json(&repo("examples/payments-2.4.0"));
    assert_eq!(report["summary"]["pass"], 30, "{report:#}");
    assert_eq!(
        report["summary"]["not_applicable"], 2,
        "RM-07 is for major releases, RM-12 for emergencies"
    );
    assert_eq!(report["exit_code"], 0);
    // Every file read is in the report's manifest with its digest.
    let evidence = report["manifest"]["evidence"].as_array().unwrap();
    assert!(
        evidence
            .iter()
            .any(|f| f["path"] == "reports/rollback/rehearsal.xml"),
        "{evidence:?}"
    );
    let first = run_relpolicy(&["gather", "examples/payments-2.4.0"]);
    let second = run_relpolicy(&["gather", "examples/payments-2.4.0"]);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(first.stdout, second.stdout);
    // The digest a check of the folder records is that of the document gather writes, so an
    // auditor can match the report with the gathered file.
    let gathered = evidence
        .iter()
        .find(|f| {
            // The document gathered from the folder is named as the folder, the report's base.
            f["path"] == "."
        })
        .expect("the gathered document is in the manifest");
    assert_eq!(
        gathered["sha256"],
        relpolicy::manifest::sha256_hex(&first.stdout),
        "{evidence:?}"
    );
    // What gather prints is a valid evidence document on its own.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evidence.json");
    std::fs::write(&file, &first.stdout).unwrap();
    let valid = run_relpolicy(&["validate", file.to_str().unwrap()]);
    assert_eq!(
        valid.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&valid.stderr)
    );
}

#[test]
fn the_failing_example_names_the_failed_rollback_test_and_its_line() {
    let report = check_json(&repo("examples/failing/rollback-test-failed"));
    assert_eq!(status(&report, "REQ-26"), "fail");
    let message = message_containing(&report, "REQ-26", "test_rollback_db_v2_4");
    let location = &message["evidence"][0]["location"];
    assert_eq!(location["path"], "reports/rollback/rehearsal.xml");
    assert_eq!(location["line"], 13);
    assert_eq!(report["exit_code"], 1);
}

#[test]
fn init_writes_a_starter_that_gathers_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    assert_eq!(run_relpolicy(&["init", path]).status.code(), Some(0));
    let again = run_relpolicy(&["init", path]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("relpolicy::init::exists"));
    // An empty folder gathers, with one short summary of the patterns that match nothing,
    // and passes nothing.
    let g = gather(dir.path()).unwrap();
    assert_eq!(codes(&g), ["relpolicy::gather::no_match"]);
    let summary = g.problems[0].to_string();
    assert!(
        summary.contains("patterns of relpolicy.yaml match no file"),
        "{summary}"
    );
    let out = run_relpolicy(&["gather", path]);
    assert!(
        String::from_utf8_lossy(&out.stderr).lines().count() < 40,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(check_json(dir.path())["summary"]["pass"], 0);
}

fn check_json(dir: &Path) -> Value {
    let output = run_relpolicy(&["check", dir.to_str().unwrap(), "--format", "json"]);
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn status(report: &Value, id: &str) -> String {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .and_then(|r| r["status"].as_str())
        .unwrap_or("absent")
        .to_owned()
}

/// The message of requirement `id` in a JSON report whose text contains `text`.
fn message_containing<'r>(report: &'r Value, id: &str, text: &str) -> &'r Value {
    let row = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"));
    row["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["text"].as_str().unwrap().contains(text))
        .unwrap_or_else(|| panic!("{row:#}"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Checking a folder keeps its test cases apart from the document tree (`evidence::cases`);
/// the policies must still see exactly the document `gather` writes, cases included, and the
/// report must record that document's digest.
#[test]
fn a_folder_and_the_document_gathered_from_it_are_the_same_input() {
    let context = crate::context();
    let mut folders = vec![
        "examples/payments-2.4.0",
        "examples/failing/rollback-test-failed",
    ];
    // A run from every test reader and producer, in every test section (sections nest to
    // different depths), a rollback rehearsal, and numbers and text that JSON and the engine's
    // values could write differently: `gather` keeps cases as text, a checked folder as values.
    let dir = folder(
        "manifest_version: 1\nevidence:\n  test_reports: reports/*\n  rollback_tests: rollback/*\n  build_verification_tests: build/*\n  verification_tests: verify/*\n",
        &[
            (
                "reports/a.xml",
                "from:testdata/gather/producers/pytest-xunit2.xml",
            ),
            (
                "reports/b.json",
                "from:testdata/gather/producers/pytest-ctrf.json",
            ),
            (
                "reports/c.xml",
                "from:testdata/gather/producers/pytest-xunit1.xml",
            ),
            (
                "reports/d.xml",
                "from:testdata/gather/producers/jest-junit.xml",
            ),
            (
                "reports/e.xml",
                "from:testdata/gather/producers/gotestsum.xml",
            ),
            (
                "reports/f.json",
                "from:testdata/gather/producers/go-test.json",
            ),
            ("reports/g.tap", "from:testdata/gather/producers/node.tap"),
            (
                "reports/h.json",
                "from:testdata/gather/producers/in-toto-test-result.json",
            ),
            (
                "reports/i-result.json",
                "from:testdata/gather/producers/allure-results/24f04549-b465-4198-b3d3-a6eefb971810-result.json",
            ),
            // Hand-made: times JSON and the engine write differently, escapes, a property.
            (
                "reports/j.xml",
                "<testsuite name=\"edge\"><testcase name=\"big &quot;q&quot; &#xA;é\" time=\"1e3\"/><testcase name=\"zero\" time=\"-0.0\"><properties><property name=\"requirements\" value=\"CHG-2 CHG-1\"/></properties></testcase><testcase name=\"exp\" time=\"12345678901234567890\"><failure message=\"  two\nlines\"/></testcase></testsuite>",
            ),
            (
                "rollback/r.xml",
                "from:testdata/gather/producers/node-junit.xml",
            ),
            (
                "build/b.xml",
                "from:testdata/gather/producers/nextest-junit.xml",
            ),
            (
                "verify/v.xml",
                "from:testdata/gather/producers/jest-junit.xml",
            ),
        ],
    );
    let made = dir.path().to_string_lossy().into_owned();
    folders.push(&made);
    for folder in folders {
        let path = repo(folder);
        let (taken, _) = relpolicy::cmd::take_in(&path, &context);
        let (from_folder, _) = taken.expect("the folder gathers");
        let written = run_relpolicy(&["gather", &path.to_string_lossy()]);
        assert_eq!(written.status.code(), Some(0), "{folder}");
        let (from_file, _) =
            relpolicy::evidence::Prepared::from_bytes("gathered.json", written.stdout, &context)
                .expect("the gathered document reads");
        let input = from_folder.input.to_json();
        assert!(
            input
                .pointer("/system_test_report/runs/0/cases/0")
                .is_some(),
            "{folder}: no cases in the input"
        );
        assert_eq!(input, from_file.input.to_json(), "{folder}");
        assert_eq!(from_folder.sha256, from_file.sha256, "{folder}");
    }
}

/// Hand-made: a test's own line is taken as 0-based and made 1-based; a line with no 1-based
/// number (the largest number, or one past it) is left out, never wrapped round or panicked on.
#[test]
fn a_test_line_past_the_largest_number_is_left_out() {
    let report = r#"<testsuite name="s">
<testcase name="last" file="t.py" line="18446744073709551614"/>
<testcase name="wraps" file="t.py" line="18446744073709551615"/>
<testcase name="too big" file="t.py" line="18446744073709551616"/>
</testsuite>"#;
    let (run, _) = run_of(report, "edge.xml");
    assert_eq!(
        case(&run, "last")["code"],
        json!({"path": "t.py", "line": u64::MAX})
    );
    for name in ["wraps", "too big"] {
        assert_eq!(case(&run, name)["code"], json!({"path": "t.py"}), "{name}");
    }
}

const CALENDAR: &str = "manifest_version: 1\ntimezone: \"Z\"\nrelease:\n  id: REL-2026-03-015\n  target_window: {start: \"2026-03-17T20:00:00Z\", end: \"2026-03-17T22:00:00Z\"}\nevidence:\n  calendar: cal/*.ics\n";

/// A calendar written by Python's icalendar: times in UTC and in Europe/Berlin, an all-day
/// event, a duration, a cancelled booking, a weekly series with an exception and a moved
/// instance, expanded around the target window.
#[test]
fn icalendar_from_python_icalendar() {
    let g = gathered(
        CALENDAR,
        &[(
            "cal/team.ics",
            "from:testdata/gather/producers/icalendar-release-calendar.ics",
        )],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let events = g.document["calendar"]["events"].as_array().expect("events");
    let by_summary =
        |s: &str| -> Vec<&Value> { events.iter().filter(|e| e["summary"] == s).collect() };
    let own = by_summary("REL-2026-03-015: payments-api 2.4.0");
    assert_eq!(own[0]["start"], "2026-03-14T20:00:00Z");
    assert_eq!(own[0]["categories"], json!(["release", "payments-api"]));
    assert_eq!(own[0]["source"]["line"], 53);
    // A TZID time keeps its zone's offset.
    let hr = by_summary("REL-2026-03-016: hr-portal patch");
    assert_eq!(hr[0]["start"], "2026-03-15T19:00:00+01:00");
    // The Tuesday series has its occurrence in the window's week, as a series occurrence.
    let series = by_summary("Staging infrastructure maintenance");
    assert_eq!(series.len(), 1, "{series:?}");
    assert_eq!(series[0]["start"], "2026-03-17T22:00:00+01:00");
    assert_eq!(series[0]["end"], "2026-03-18T02:00:00+01:00");
    assert_eq!(series[0]["series"], true);
    // The instance moved to Wednesday is its own event.
    let moved = by_summary("Staging infrastructure maintenance (moved)");
    assert_eq!(moved[0]["start"], "2026-03-11T22:00:00+01:00");
    // All-day dates are read in the manifest's timezone; the end date is exclusive.
    let board = by_summary("Board meeting: no deployments");
    assert_eq!(board[0]["start"], "2026-03-12T00:00:00Z");
    assert_eq!(board[0]["end"], "2026-03-14T00:00:00Z");
    // A duration instead of an end; a cancelled booking keeps its status.
    let network = by_summary("Production network maintenance");
    assert_eq!(network[0]["end"], "2026-03-15T08:00:00Z");
    let cancelled = by_summary("REL-2026-03-014: ledger 5.1.0 (moved to April)");
    assert_eq!(cancelled[0]["status"], "cancelled");
}

#[test]
fn icalendar_all_day_events_need_a_timezone_and_series_need_a_window() {
    let no_zone = CALENDAR.replace("timezone: \"Z\"\n", "");
    let g = gathered(
        &no_zone,
        &[(
            "cal/team.ics",
            "from:testdata/gather/producers/icalendar-release-calendar.ics",
        )],
    );
    let problem = g
        .problems
        .iter()
        .find(|p| p.code() == "relpolicy::gather::icalendar")
        .expect("an all-day event without a timezone is an error");
    assert!(problem.message().contains("Board meeting"), "{problem:?}");
    assert_eq!(problem.location().map(|l| l.1), Some(91));
    assert!(g.document.get("calendar").is_none());

    let no_window = "manifest_version: 1\ntimezone: \"Z\"\nevidence:\n  calendar: cal/*.ics\n";
    let g = gathered(
        no_window,
        &[(
            "cal/team.ics",
            "from:testdata/gather/producers/icalendar-release-calendar.ics",
        )],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let series: Vec<&Value> = g.document["calendar"]["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e.get("recurrence").is_some())
        .collect();
    assert_eq!(series.len(), 1);
    assert_eq!(series[0]["recurrence"], "FREQ=WEEKLY;BYDAY=TU");
    assert_eq!(g.document["calendar"]["unexpanded"], 1);
}

#[test]
fn icalendar_that_cannot_be_placed_is_refused_at_its_line() {
    let head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//edge//EN\r\n";
    for (body, line, said) in [
        (
            "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260314T200000Z\r\n",
            7,
            "closes BEGIN:VEVENT of line 4",
        ),
        (
            "BEGIN:VEVENT\r\nDTSTART;TZID=W. Europe Standard Time:20260314T200000\r\nEND:VEVENT\r\n",
            5,
            "not an IANA time zone",
        ),
        (
            "BEGIN:VEVENT\r\nDTSTART:20260314T200000Z\r\nDTSTART:20260315T200000Z\r\nEND:VEVENT\r\n",
            6,
            "has DTSTART twice",
        ),
        (
            "BEGIN:VEVENT\r\nSUMMARY:no start\r\nEND:VEVENT\r\n",
            4,
            "without DTSTART",
        ),
        (
            "BEGIN:VEVENT\r\nDTSTART:20260314T200000Z\r\nDTEND:20260314T190000Z\r\nEND:VEVENT\r\n",
            4,
            "ends before it starts",
        ),
        (
            "BEGIN:VEVENT\r\nDTSTART:20260314T200000Z\r\nRRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\n",
            6,
            "not a recurrence rule",
        ),
        ("", 4, "never closed"),
    ] {
        // The last case is a calendar cut off in its first event.
        let text = if body.is_empty() {
            format!("{head}BEGIN:VEVENT\r\nUID:a\r\n")
        } else {
            format!("{head}{body}END:VCALENDAR\r\n")
        };
        let g = gathered(CALENDAR, &[("cal/edge.ics", text.as_str())]);
        let problem = g
            .problems
            .iter()
            .find(|p| p.code() == "relpolicy::gather::icalendar")
            .unwrap_or_else(|| panic!("{said}: {:?}", g.problems));
        assert!(
            problem.message().contains(said) || format!("{problem:?}").contains(said),
            "{said}: {problem:?}"
        );
        assert_eq!(
            problem.location().map(|l| l.1),
            Some(line),
            "{said}: {problem:?}"
        );
    }
}

/// RM-11 on a release folder whose calendar books a release of a service payments-api depends
/// on inside the window: the failure points at the event's line in the .ics file.
#[test]
fn a_calendar_conflict_is_located_in_the_ics_file() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo("examples/payments-2.4.0"), dir.path());
    std::fs::copy(
        repo("testdata/gather/producers/icalendar-conflicting.ics"),
        dir.path().join("calendar/release-calendar.ics"),
    )
    .unwrap();
    let report = check_json(dir.path());
    assert_eq!(status(&report, "RM-11"), "fail");
    let message = message_containing(&report, "RM-11", "ledger 5.0.3 hotfix");
    assert!(
        message["text"]
            .as_str()
            .unwrap()
            .contains("another release of ledger")
    );
    let location = &message["evidence"][0]["location"];
    assert_eq!(location["path"], "calendar/release-calendar.ics");
    let ics = std::fs::read_to_string(dir.path().join("calendar/release-calendar.ics")).unwrap();
    let line = ics
        .lines()
        .position(|l| l.starts_with("SUMMARY:REL-2026-03-017"))
        .unwrap();
    // The finding points at the event's BEGIN:VEVENT, the line before its first property.
    assert_eq!(location["line"].as_u64(), Some(line as u64));
}

/// The scans gathered from one SARIF log.
fn scans_of(sarif: &str) -> (Vec<Value>, Gathered) {
    let g = gathered(
        "manifest_version: 1\nevidence:\n  security_scans: scans/*\n",
        &[("scans/scan.sarif", sarif)],
    );
    let scans = g.document["security_scans"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (scans, g)
}

fn results(scan: &Value) -> Vec<(String, String, u64)> {
    scan["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rule"].as_str().unwrap().to_owned(),
                r["level"].as_str().unwrap().to_owned(),
                r["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn bandit_sarif_is_a_security_scan_with_every_result() {
    // bandit 1.9.4 (`bandit -f sarif -r .`) on src/scan_app.py: four results, its own severity
    // kept, each located at its line of the log.
    let (scans, g) = scans_of("from:testdata/gather/producers/bandit.sarif");
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert_eq!(scans.len(), 1);
    let scan = &scans[0];
    assert_eq!(scan["tool"]["name"], "Bandit");
    assert_eq!(scan["rules"], 4);
    assert_eq!(scan["finished_at"], "2026-11-30T08:06:47Z");
    assert_eq!(
        results(scan),
        [
            ("B404", "note", 1),
            ("B602", "error", 7),
            ("B324", "error", 12),
            ("B101", "note", 16)
        ]
        .map(|(r, l, n)| (r.to_owned(), l.to_owned(), n))
    );
    assert_eq!(scan["results"][1]["severity"], "HIGH");
    assert_eq!(scan["results"][1]["path"], "app.py");
    assert_eq!(scan["results"][1]["source"]["path"], "scans/scan.sarif");
    assert_eq!(scan["results"][1]["source"]["line"], 102);
}

#[test]
fn semgrep_sarif_levels_come_from_the_rules_when_results_have_none() {
    // semgrep 1.185.0 (`semgrep --config semgrep-rules.yaml --sarif`): results carry no level;
    // SARIF says the rule's default configuration decides.
    let (scans, g) = scans_of("from:testdata/gather/producers/semgrep.sarif");
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert_eq!(scans[0]["tool"]["name"], "Semgrep OSS");
    assert_eq!(
        results(&scans[0]),
        [("shell-true", "error", 7), ("weak-hash", "warning", 12)].map(|(r, l, n)| (
            r.to_owned(),
            l.to_owned(),
            n
        ))
    );
}

#[test]
fn a_file_under_the_wrong_kind_says_what_it_is_and_where_it_belongs() {
    for (kind, file, name, said, belongs) in [
        (
            "test_reports",
            "semgrep.sarif",
            "scan.json",
            "is a SARIF log",
            "security_scans",
        ),
        (
            "deployments",
            "go-test.json",
            "go.json",
            "is `go test -json` output",
            "test_reports",
        ),
    ] {
        let dir = folder(
            &format!("manifest_version: 1\nevidence:\n  {kind}: in/*\n"),
            &[(
                &format!("in/{name}"),
                &format!("from:testdata/gather/producers/{file}"),
            )],
        );
        let g = gather(dir.path()).unwrap();
        assert_eq!(codes(&g), ["relpolicy::gather::format"], "{kind}");
        let problem = &g.problems[0];
        assert!(problem.message().contains(said), "{}", problem.message());
        assert!(
            problem
                .help_text()
                .unwrap()
                .contains(&format!("`{belongs}`")),
            "{:?}",
            problem.help_text()
        );
        // The message names the file; it does not repeat it.
        assert!(problem.message().len() < 200, "{}", problem.message());
    }
}

#[test]
fn a_scan_of_the_release_decides_its_security_tests_end_to_end() {
    // The example release with its security test removed and a semgrep scan of its revision
    // instead (the revision set in relpolicy.yaml, as a pipeline writes it).
    let dir = tempfile::tempdir().unwrap();
    crate::verify::copy_dir(&repo("examples/payments-2.4.0"), dir.path());
    let manifest = std::fs::read_to_string(dir.path().join("relpolicy.yaml")).unwrap();
    let manifest = manifest
        .replace("  version: \"2.4.0\"\n", "  version: \"2.4.0\"\n  revision: 4f1c2e9\n")
        .replace("evidence:\n", "evidence:\n  security_scans:\n    - files: scans/*.sarif\n      set: {revision: 4f1c2e9}\n");
    std::fs::write(dir.path().join("relpolicy.yaml"), manifest).unwrap();
    std::fs::create_dir_all(dir.path().join("scans")).unwrap();
    // Only the warning: the error-level result is suppressed here, as a reviewed exception.
    let sarif = std::fs::read_to_string(repo("testdata/gather/producers/semgrep.sarif")).unwrap();
    let mut log: Value = serde_json::from_str(&sarif).unwrap();
    log["runs"][0]["results"][0]["suppressions"] =
        serde_json::json!([{"kind": "inSource", "justification": "reviewed"}]);
    std::fs::write(dir.path().join("scans/semgrep.sarif"), log.to_string()).unwrap();
    let check = |dir: &Path| {
        let out = run_relpolicy(&["check", dir.to_str().unwrap(), "-f", "json"]);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let row = report["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "RM-02")
            .unwrap()
            .clone();
        (out.status.code(), row)
    };
    let (code, row) = check(dir.path());
    assert_eq!(
        (code, row["status"].as_str()),
        (Some(0), Some("pass")),
        "{row:#}"
    );
    assert!(
        row["basis"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["what"] == "security scan of this release")
    );
    // Without the suppression the open error fails RM-02, named with its rule and place.
    std::fs::write(dir.path().join("scans/semgrep.sarif"), sarif).unwrap();
    let (code, row) = check(dir.path());
    assert_eq!((code, row["status"].as_str()), (Some(1), Some("fail")));
    let message = row["messages"][0]["text"].as_str().unwrap();
    assert!(
        message.contains("shell-true (error) at app.py:7"),
        "{message}"
    );
    assert_eq!(
        row["messages"][0]["evidence"][0]["location"]["path"],
        "scans/semgrep.sarif"
    );
}

/// The approvals gathered from one platform export, mapped by the hand-made roles file.
fn platform_approvals(export: &str, scope: bool) -> Gathered {
    let set = if scope {
        "\n      set: {scope: production-deployment}"
    } else {
        ""
    };
    gathered(
        &format!(
            "manifest_version: 1\nroles: roles.yaml\nevidence:\n  approvals:\n    - files: platform/*.json{set}\n"
        ),
        &[
            (
                "platform/export.json",
                &format!("from:testdata/gather/edge/{export}"),
            ),
            ("roles.yaml", "from:testdata/gather/edge/roles.yaml"),
        ],
    )
}

#[test]
fn github_reviews_become_approvals_with_the_roles_the_roles_file_gives() {
    let g = platform_approvals("github-pr-reviews.json", true);
    let approvals = g.document["approvals"].as_array().unwrap();
    // The COMMENTED review decides nothing; two approvals remain.
    assert_eq!(approvals.len(), 2, "{approvals:#?}");
    let first = &approvals[0];
    assert_eq!(first["scope"], "production-deployment");
    assert_eq!(first["decision"], "approved");
    assert_eq!(first["approver"]["id"], "l.brandt");
    assert_eq!(first["role"], "Release Manager"); // through the release-managers team
    assert_eq!(first["timestamp"], "2026-03-14T19:00:00Z");
    assert_eq!(first["source"]["line"], 2);
    // The unmapped approver has no role, and gather names them and the roles file.
    assert!(approvals[1].get("role").is_none());
    assert_eq!(approvals[1]["approver"]["id"], "octocat");
    assert_eq!(codes(&g), ["relpolicy::gather::roles"]);
    assert!(
        g.problems[0].message().contains("octocat"),
        "{}",
        g.problems[0].message()
    );
    // The roles file is among the sources, so a report's manifest carries its digest.
    let sources = g.document["sources"].as_array().unwrap();
    assert!(
        sources
            .iter()
            .any(|s| s["path"] == "roles.yaml" && s["kind"] == "roles")
    );
}

#[test]
fn gitlab_and_github_deployment_approvals_keep_their_decisions() {
    let g = platform_approvals("gitlab-deployment.json", true);
    let approvals = g.document["approvals"].as_array().unwrap();
    let decided: Vec<(&str, &str, &str)> = approvals
        .iter()
        .map(|a| {
            (
                a["approver"]["id"].as_str().unwrap(),
                a["decision"].as_str().unwrap(),
                a["role"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        decided,
        [
            ("lena.brandt", "approved", "Release Manager"),
            ("mokafor", "rejected", "Service Owner")
        ]
    );
    assert_eq!(approvals[0]["timestamp"], "2026-03-14T19:10:00Z");
    // GitLab merge request approvals: each approver approved, with no time of their own.
    let g = platform_approvals("gitlab-mr-approvals.json", true);
    let approval = &g.document["approvals"][0];
    assert_eq!(
        (
            approval["approver"]["id"].as_str(),
            approval["decision"].as_str(),
            approval["role"].as_str()
        ),
        (
            Some("lena.brandt"),
            Some("approved"),
            Some("Release Manager")
        )
    );
    assert!(approval.get("timestamp").is_none());
    // GitHub records no time for a deployment approval: the record says so by having none.
    let g = platform_approvals("github-run-approvals.json", true);
    let approval = &g.document["approvals"][0];
    assert_eq!(
        (approval["decision"].as_str(), approval["role"].as_str()),
        (Some("approved"), Some("Release Manager"))
    );
    assert!(approval.get("timestamp").is_none());
}

#[test]
fn a_platform_export_without_a_scope_is_refused() {
    let dir = folder(
        "manifest_version: 1\nevidence:\n  approvals: platform/*.json\n",
        &[(
            "platform/export.json",
            "from:testdata/gather/edge/github-pr-reviews.json",
        )],
    );
    let g = gather(dir.path()).unwrap();
    assert_eq!(codes(&g), ["relpolicy::gather::platform"]);
    assert!(
        g.problems[0]
            .help_text()
            .unwrap()
            .contains("set: {scope: production-deployment}")
    );
}

#[test]
fn argo_cd_history_becomes_deployment_records() {
    let argo = |text: &str| {
        gathered(
            "manifest_version: 1\nevidence:\n  deployments:\n    - files: argocd/*.json\n      set: {environment: production}\n",
            &[("argocd/app.json", text)],
        )
    };
    let g = argo("from:testdata/gather/edge/argocd-application.json");
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let deployments = g.document["deployments"].as_array().unwrap();
    assert_eq!(
        deployments.len(),
        2,
        "the succeeded operation is the last history entry"
    );
    // With the release's revision, only its syncs are its deployments (history spans releases).
    let one = gathered(
        "manifest_version: 1\nrelease: {revision: 4f1c2e9}\nevidence:\n  deployments:\n    - files: argocd/*.json\n      set: {environment: production}\n",
        &[(
            "argocd/app.json",
            "from:testdata/gather/edge/argocd-application.json",
        )],
    );
    let ids: Vec<&str> = one.document["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["payments-api-production-12"]);
    let last = &deployments[1];
    assert_eq!(last["id"], "payments-api-production-12");
    assert_eq!(last["environment"], "production");
    assert_eq!(last["status"], "succeeded");
    assert_eq!(last["revision"], "4f1c2e9d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e");
    assert_eq!(
        (last["started_at"].as_str(), last["finished_at"].as_str()),
        (Some("2026-03-14T20:02:00Z"), Some("2026-03-14T20:31:00Z"))
    );
    assert_eq!(
        last["actor"],
        serde_json::json!({"id": "argocd", "kind": "service"})
    );
    assert_eq!(last["pipeline_run"]["system"], "argocd");
    // The export is the controller's record: each deployment names it, pinned, as its log.
    assert_eq!(last["log"]["path"], "argocd/app.json");
    assert_eq!(last["log"]["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(last["source"]["pointer"], "/status/history/1");
    // The images the application runs, by digest, are what the current sync deployed; an image
    // without a digest names nothing.
    let images: Vec<(&str, &str)> = last["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap(),
                &a["digest"].as_str().unwrap()[..14],
            )
        })
        .collect();
    assert_eq!(
        images,
        [
            ("payments-api", "sha256:90d1151"),
            ("payments-db-migrations", "sha256:5f319fb")
        ]
    );
    assert!(deployments[0].get("artifacts").is_none(), "an older sync");
    // A failed sync that never made the history is one more deployment, failed, by its user.
    let text =
        std::fs::read_to_string(repo("testdata/gather/edge/argocd-application.json")).unwrap();
    let mut app: Value = serde_json::from_str(&text).unwrap();
    app["status"]["operationState"]["phase"] = "Failed".into();
    app["status"]["operationState"]["syncResult"]["revision"] = "0badc0de".into();
    app["status"]["operationState"]["operation"]["initiatedBy"] =
        serde_json::json!({"username": "j.doe"});
    let g = argo(&app.to_string());
    let deployments = g.document["deployments"].as_array().unwrap();
    assert_eq!(deployments.len(), 3);
    assert_eq!(deployments[2]["status"], "failed");
    assert_eq!(
        deployments[2]["actor"],
        serde_json::json!({"id": "j.doe", "kind": "human"})
    );
}

#[test]
fn node_tap_counts_what_node_counts() {
    // node v20.20.2 `--test-reporter=tap` on src/node-release.test.mjs: node's own summary says
    // tests 6, pass 3, fail 1, skipped 1, todo 1; a TODO is a known gap, counted as skipped.
    let (run, g) = run_of("from:testdata/gather/producers/node.tap", "node.tap");
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert_eq!(run["format"], "tap");
    assert_eq!(statuses(&run).len(), 6);
    assert_eq!(
        (
            count(&run, "passed"),
            count(&run, "failed"),
            count(&run, "skipped")
        ),
        (3, 1, 2)
    );
    let failed = case(&run, "fee rounding half even");
    assert_eq!(failed["suite"], "export");
    assert_eq!(failed["message"], "fee rounded \"wrong\"\nsecond line");
    assert_eq!(failed["source"]["line"], 14);
    assert_eq!(case(&run, "deep case")["suite"], "export / nested");
    assert_eq!(
        case(&run, "legacy format")["message"],
        "skip: flaky on shared runners"
    );
    assert_eq!(case(&run, "todo case")["status"], "skipped");
}

#[test]
fn tap_runs_cut_short_or_bailed_out_are_errors() {
    // Hand-made: a plan of 3 with one test point, and a bail out.
    let (run, _) = run_of("TAP version 14\n1..3\nok 1 - first\n", "cut.tap");
    assert_eq!(case(&run, "(plan)")["status"], "error");
    let (run, _) = run_of(
        "TAP version 13\nok 1 - first\nBail out! database unreachable\n",
        "bail.tap",
    );
    assert_eq!(case(&run, "Bail out!")["message"], "database unreachable");
    // TAP under a kind that does not read it says what it is.
    let dir = folder(
        "manifest_version: 1\nevidence:\n  approvals: in/*\n",
        &[("in/x.json", "from:testdata/gather/producers/node.tap")],
    );
    let g = gather(dir.path()).unwrap();
    assert!(
        g.problems[0].message().contains("is a TAP report"),
        "{}",
        g.problems[0]
    );
}

#[test]
fn formats_relpolicy_does_not_read_are_named_not_misread() {
    // Hand-made heads of an in-toto v0.9 link, an OSCAL document and an Allure result, under
    // the kinds they would be mistaken for.
    for (kind, name, text, said) in [
        (
            "approvals",
            "build.link.json",
            r#"{"signed": {"_type": "link", "name": "build", "materials": {}, "products": {}}, "signatures": []}"#,
            "an in-toto v0.9 link file",
        ),
        (
            "approvals",
            "sar.json",
            r#"{"assessment-results": {"uuid": "x", "metadata": {"oscal-version": "1.1.2"}}}"#,
            "an OSCAL document",
        ),
        (
            "approvals",
            "a-result.json",
            r#"{"uuid": "1", "historyId": "h", "name": "t", "status": "passed", "stage": "finished"}"#,
            "an Allure result",
        ),
    ] {
        let dir = folder(
            &format!("manifest_version: 1\nevidence:\n  {kind}: in/*\n"),
            &[(&format!("in/{name}"), text)],
        );
        let g = gather(dir.path()).unwrap();
        assert_eq!(
            codes(&g),
            ["relpolicy::gather::format"],
            "{kind}: {:?}",
            g.problems
        );
        assert!(g.problems[0].message().contains(said), "{}", g.problems[0]);
    }
    // A text deployment log says what a deployment record is.
    let dir = folder(
        "manifest_version: 1\nevidence:\n  deployments: logs/*\n",
        &[("logs/deploy.log", "deploying...\ndone\n")],
    );
    let g = gather(dir.path()).unwrap();
    assert!(
        g.problems[0]
            .help_text()
            .unwrap()
            .contains("log: {path, sha256}"),
        "{:?}",
        g.problems[0].help_text()
    );
    // A failed test report parse adds no follow-on warning about the defects it would have held.
    let dir = folder(
        "manifest_version: 1\nevidence:\n  test_reports: reports/*\n  defects: defects.yaml\n",
        &[
            ("reports/x.xml", "<testsuite><testcase"),
            (
                "defects.yaml",
                "- {id: BUG-1, title: t, severity: low, status: open}\n",
            ),
        ],
    );
    let g = gather(dir.path()).unwrap();
    assert!(
        !codes(&g).contains(&"relpolicy::gather::orphan"),
        "{:?}",
        codes(&g)
    );
}

#[test]
fn in_toto_links_give_their_products_as_artifacts() {
    // in-toto 3 (Python) `in-toto-run --step-name build --signing-key key.pem --materials app.py
    // --products dist/payments-api.tar.gz -- /bin/true`: one product, its digest an artifact's.
    for name in ["build.c0fdb2b8.link", "build-link.json"] {
        let g = gathered(
            "manifest_version: 1\nevidence:\n  artifacts:\n    - files: provenance/*\n      set: {version: 2.4.0}\n",
            &[(
                &format!("provenance/{name}"),
                "from:testdata/gather/producers/in-toto-build.link",
            )],
        );
        assert!(g.problems.is_empty(), "{:?}", g.problems);
        let artifacts = g.document["artifacts"].as_array().unwrap();
        assert_eq!(artifacts.len(), 1, "{name}");
        assert_eq!(artifacts[0]["name"], "payments-api.tar.gz");
        assert_eq!(
            artifacts[0]["digest"],
            "sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
        );
        assert_eq!(artifacts[0]["builder"], "in-toto step build (key c0fdb2b8)");
        assert_eq!(artifacts[0]["version"], "2.4.0");
        assert_eq!(artifacts[0]["source"]["line"], 26);
    }
}

#[test]
fn a_teams_own_evidence_is_read_into_extensions_and_checked_by_its_schema() {
    let schema = r#"{"type": "object", "required": ["component", "reviewed_by", "approved"],
        "properties": {"component": {"type": "string"}, "reviewed_by": {"type": "string"},
        "approved": {"type": "boolean"}}}"#;
    let manifest = "manifest_version: 1\nextensions:\n  - name: sbom_reviews\n    files: sbom/*.yaml\n    schema: schemas/sbom-review.json\n";
    let good = "sbom_reviews:\n  - component: payments-api\n    reviewed_by: s.ito\n    approved: true\n  - component: ledger-client\n    reviewed_by: s.ito\n    approved: false\n";
    let g = gathered(
        manifest,
        &[
            ("sbom/reviews.yaml", good),
            ("schemas/sbom-review.json", schema),
        ],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let reviews = g.document["extensions"]["sbom_reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[1]["approved"], false);
    assert_eq!(reviews[1]["source"]["line"], 5);
    // Each value is located on its own line, as for the built-in kinds.
    let at = g
        .positions
        .get("/extensions/sbom_reviews/1/approved")
        .map(|l| l.line);
    assert_eq!(at, Some(7));
    // The files and the schema are sources, with their digests.
    let sources = g.document["sources"].to_string();
    assert!(sources.contains("schemas/sbom-review.json") && sources.contains("sbom/reviews.yaml"));
    // A record that breaks the schema is an error at its line, and the extension is left out.
    let bad = good.replace("approved: false", "approved: maybe");
    let g = gathered(
        manifest,
        &[
            ("sbom/reviews.yaml", &bad),
            ("schemas/sbom-review.json", schema),
        ],
    );
    assert_eq!(codes(&g), ["relpolicy::gather::extension"]);
    assert_eq!(g.problems[0].location().map(|(_, line)| line), Some(7));
    assert!(g.document.get("extensions").is_none());
    // An unusable name or schema is refused.
    let dir = folder(
        "manifest_version: 1\nextensions:\n  - {name: Bad-Name, files: x/*.yaml, schema: s.json}\n",
        &[],
    );
    assert!(gather(dir.path()).is_err());
}

#[test]
fn in_toto_test_result_attestations_are_test_runs() {
    // in-toto-attestation 0.9.3 (Python): a test-result v0.1 Statement, written with its
    // protobuf bindings; the same statement in an unsigned DSSE envelope reads the same.
    let (run, g) = run_of(
        "from:testdata/gather/producers/in-toto-test-result.json",
        "tests.json",
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert_eq!(
        (run["name"].as_str(), run["format"].as_str()),
        (Some("go test ./..."), Some("in-toto-test-result"))
    );
    assert_eq!(
        (
            statuses(&run).len(),
            count(&run, "passed"),
            count(&run, "failed")
        ),
        (5, 4, 1)
    );
    assert_eq!(case(&run, "TestSmoke/skipped")["message"], "warned");
    assert_eq!(case(&run, "TestDigestUnchanged")["source"]["line"], 19);
    let statement =
        std::fs::read(repo("testdata/gather/producers/in-toto-test-result.json")).unwrap();
    let envelope = serde_json::json!({
        "payloadType": "application/vnd.in-toto+json",
        "payload": data_encoding::BASE64.encode(&statement),
        "signatures": [],
    });
    let (wrapped, _) = run_of(&envelope.to_string(), "tests.json");
    assert_eq!(statuses(&wrapped), statuses(&run));
    // FAILED with no failed test named is an error, not a pass.
    let text = String::from_utf8(statement)
        .unwrap()
        .replace("\"TestDigestUnchanged\"", "")
        .replace("\"failedTests\": [\n      \n    ],", "\"failedTests\": [],");
    let (run, _) = run_of(&text, "tests.json");
    assert_eq!(case(&run, "(result)")["status"], "error");
}

#[test]
fn an_allure_results_folder_counts_what_pytest_ran() {
    // allure-pytest 2.16.2 (`pytest --alluredir=allure-results`) on src/pytest_test_release.py:
    // pytest said 1 failed, 4 passed, 1 skipped, 1 xfailed, 1 error; Allure writes the error as
    // broken and the xfail as skipped. Container files are not results.
    let dir = folder(
        "manifest_version: 1\nevidence:\n  test_reports: allure-results/*-result.json\n",
        &[],
    );
    crate::verify::copy_dir(
        &repo("testdata/gather/producers/allure-results"),
        &dir.path().join("allure-results"),
    );
    let mut g = gather(dir.path()).unwrap();
    g.document = g.document_with_cases();
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let runs = g.document["system_test_report"]["runs"].as_array().unwrap();
    let mut all: Vec<(String, String)> = runs.iter().flat_map(statuses).collect();
    all.sort();
    let count = |s: &str| all.iter().filter(|(_, x)| x == s).count();
    assert_eq!(all.len(), 8);
    assert_eq!(
        (
            count("passed"),
            count("failed"),
            count("skipped"),
            count("error")
        ),
        (4, 1, 2, 1)
    );
    let broken = runs
        .iter()
        .flat_map(|r| r["cases"].as_array().unwrap().clone())
        .find(|c| c["name"] == "test_ledger_sync")
        .unwrap();
    assert_eq!(
        broken["message"],
        "RuntimeError: database fixture could not connect"
    );
    assert_eq!(broken["suite"], "tests / test_release");
    assert_eq!(runs[0]["producer"], "allure-pytest");
}

#[test]
fn github_deployment_statuses_become_one_deployment() {
    let g = gathered(
        "manifest_version: 1\nevidence:\n  deployments: github/*.json\n",
        &[(
            "github/deploy-1042.json",
            "from:testdata/gather/edge/github-deployment-statuses.json",
        )],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let d = &g.document["deployments"][0];
    assert_eq!(d["id"], "github-deployment-1042");
    assert_eq!(
        (d["environment"].as_str(), d["status"].as_str()),
        (Some("production"), Some("succeeded"))
    );
    assert_eq!(
        (d["started_at"].as_str(), d["finished_at"].as_str()),
        (Some("2026-03-14T20:02:00Z"), Some("2026-03-14T20:31:00Z"))
    );
    assert_eq!(
        d["actor"],
        serde_json::json!({"id": "github-actions[bot]", "kind": "service"})
    );
    assert_eq!(
        d["pipeline_run"]["url"],
        "https://github.com/octo-org/payments-api/actions/runs/8861"
    );
    assert_eq!(d["log"]["path"], "github/deploy-1042.json");
    // A failure as the latest final status fails the deployment.
    let failed =
        std::fs::read_to_string(repo("testdata/gather/edge/github-deployment-statuses.json"))
            .unwrap()
            .replacen("\"state\": \"success\"", "\"state\": \"failure\"", 1);
    let g = gathered(
        "manifest_version: 1\nevidence:\n  deployments: github/*.json\n",
        &[("github/d.json", &failed)],
    );
    assert_eq!(g.document["deployments"][0]["status"], "failed");
}

/// Hand-made reports, one per test format: every case, the error cases relpolicy adds for a
/// bailed-out TAP run or a FAILED attestation included, is in the category and depth its
/// entry gives; a report's own category and depth (a JUnit property, a CTRF `extra`, an Allure
/// label) replace them, trimmed and in lower case, the same in every format.
#[test]
fn every_test_format_puts_its_cases_in_the_entrys_category_unless_they_name_their_own() {
    let own = r#"" Smoke ""#;
    let own_depth = r#""Critical-Path ""#;
    let junit = format!(
        r#"<testsuite name="s"><testcase name="junit entry"/><testcase name="junit own"><properties><property name="Category" value={own}/><property name="depth" value={own_depth}/></properties></testcase></testsuite>"#
    );
    let ctrf = format!(
        r#"{{"results": {{"tool": {{"name": "t"}}, "tests": [{{"name": "ctrf entry", "status": "passed"}}, {{"name": "ctrf own", "status": "passed", "extra": {{"category": {own}, "Depth": {own_depth}}}}}]}}}}"#
    );
    let allure = format!(
        r#"{{"uuid": "u", "historyId": "h", "name": "allure own", "status": "passed", "labels": [{{"name": "category", "value": {own}}}, {{"name": "depth", "value": {own_depth}}}]}}"#
    );
    let go = "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"TestGo\"}\n{\"Action\":\"pass\",\"Package\":\"p\",\"Test\":\"TestGo\"}\n";
    let tap = "TAP version 14\n1..2\nok 1 - tap entry\nBail out! database down\n";
    let attestation = r#"{"_type": "https://in-toto.io/Statement/v1", "subject": [], "predicateType": "https://in-toto.io/attestation/test-result/v0.1", "predicate": {"result": "FAILED", "configuration": [{"name": "c"}], "passedTests": ["in-toto entry"], "warnedTests": [], "failedTests": []}}"#;
    let g = gathered(
        "manifest_version: 1\nevidence:\n  test_reports:\n    - files: reports/*\n      category: Regression\n      depth: Full\n",
        &[
            ("reports/junit.xml", &junit),
            ("reports/ctrf.json", &ctrf),
            ("reports/a-result.json", &allure),
            ("reports/go.json", go),
            ("reports/run.tap", tap),
            ("reports/attestation.json", attestation),
        ],
    );
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    let runs = g.document["system_test_report"]["runs"]
        .as_array()
        .expect("runs");
    let mut seen: Vec<(String, String, String)> = runs
        .iter()
        .flat_map(|run| run["cases"].as_array().expect("cases"))
        .map(|c| {
            let text = |k: &str| c[k].as_str().unwrap_or("(none)").to_owned();
            (text("name"), text("category"), text("depth"))
        })
        .collect();
    seen.sort();
    let named = |name: &str, own: bool| {
        let (category, depth) = if own {
            ("smoke", "critical-path")
        } else {
            ("regression", "full")
        };
        (name.to_owned(), category.to_owned(), depth.to_owned())
    };
    let mut expected = vec![
        named("(result)", false),
        named("Bail out!", false),
        named("TestGo", false),
        named("allure own", true),
        named("ctrf entry", false),
        named("ctrf own", true),
        named("in-toto entry", false),
        named("junit entry", false),
        named("junit own", true),
        named("tap entry", false),
    ];
    expected.sort();
    assert_eq!(seen, expected);
}

#[test]
fn go_tests_name_what_they_verify_and_the_entry_gives_their_depth() {
    // Hand-made events: a subtest naming a change, under an entry that sets category and depth
    // (go tests carry no properties).
    let events = concat!(
        "{\"Action\":\"run\",\"Package\":\"p\",\"Test\":\"TestExport/CHG-2026-0892_export_to_CSV\"}\n",
        "{\"Action\":\"pass\",\"Package\":\"p\",\"Test\":\"TestExport/CHG-2026-0892_export_to_CSV\"}\n",
    );
    let g = gathered(
        "manifest_version: 1\nevidence:\n  test_reports:\n    - files: reports/*.json\n      category: regression\n      depth: Full\n",
        &[("reports/go.json", events)],
    );
    let c = &g.document["system_test_report"]["runs"][0]["cases"][0];
    assert_eq!(c["requirements"], json!(["CHG-2026-0892"]));
    assert_eq!(
        (c["category"].as_str(), c["depth"].as_str()),
        (Some("regression"), Some("full"))
    );
    // `depth` applies to test report kinds only.
    let dir = folder(
        "manifest_version: 1\nevidence:\n  approvals:\n    - files: a.yaml\n      depth: full\n",
        &[],
    );
    assert!(gather(dir.path()).is_err());
}
