//! Invariants of the built-in library and the check pipeline that no single scenario shows:
//! nothing passes without its evidence, runs do not influence each other, output is stable.

use crate::run_relpolicy;
use relpolicy::catalog::{Phase, ReleaseType};
use relpolicy::checker::Checker;
use relpolicy::evidence::Evidence;
use relpolicy::matrix::Status;
use relpolicy::policy::{Slot, Sources};
use serde_json::{Value, json};

const EXAMPLE: &str = "examples/payments-2.4.0/evidence.json";

fn example() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    serde_json::from_str(&std::fs::read_to_string(path).expect("example exists"))
        .expect("example is JSON")
}

fn checker(phase: Phase) -> Checker {
    Checker::new(&Sources::builtin(), phase, crate::context()).expect("built-in library loads")
}

fn statuses(checker: &Checker, doc: &Value) -> Vec<(String, Status)> {
    let bytes = serde_json::to_vec(doc).expect("serialisable");
    checker
        .check(Evidence::parse("doc.json", bytes))
        .matrix
        .rows
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect()
}

fn status_of(checker: &Checker, doc: &Value, id: &str) -> Option<Status> {
    statuses(checker, doc)
        .into_iter()
        .find(|(row, _)| row == id)
        .map(|(_, s)| s)
}

#[test]
fn the_catalogue_holds_the_release_step_and_the_procedure_requirements() {
    let ids: Vec<String> = checker(Phase::PostDeploy)
        .catalog
        .requirements
        .iter()
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(
        ids,
        [
            "DEP-01", "PM-12", "PM-23", "PM-24", "PM-25", "PM-26", "PM-27", "REL-01", "REL-02",
            "REL-03", "REL-04", "REQ-12", "REQ-17", "REQ-24", "REQ-25", "REQ-26", "REQ-27",
            "RM-01", "RM-02", "RM-03", "RM-04", "RM-05", "RM-06", "RM-07", "RM-08", "RM-09",
            "RM-10", "RM-11", "RM-12", "RM-13", "RM-14", "RM-15"
        ]
    );
}

#[test]
fn documents_without_evidence_pass_nothing() {
    for phase in [Phase::PreDeploy, Phase::PostDeploy] {
        let checker = checker(phase);
        for doc in [
            json!({}),
            json!({"schema_version": "1.0"}),
            json!({"schema_version": "1.0", "release": {"type": "minor"}}),
        ] {
            let passing: Vec<_> = statuses(&checker, &doc)
                .into_iter()
                .filter(|(_, s)| *s == Status::Pass)
                .collect();
            assert!(passing.is_empty(), "{doc} passes {passing:?} in {phase}");
        }
    }
}

/// Every evidence pointer a policy declares is needed: without it the requirement cannot pass.
#[test]
fn removing_any_declared_evidence_stops_the_pass() {
    let checker = checker(Phase::PostDeploy);
    let base = example();
    let mut checked = 0;
    for requirement in &checker.catalog.requirements {
        let Some(Slot::Policy(policy)) = checker.policies.get(&requirement.id) else {
            panic!("no policy for {}", requirement.id)
        };
        // The example is a minor release; requirements of other types get the example made one.
        let base = if requirement.applies_to_type(ReleaseType::Minor) {
            base.clone()
        } else if requirement.applies_to_type(ReleaseType::Major) {
            major(&base)
        } else {
            emergency(&base)
        };
        for pointer in &policy.metadata.evidence {
            let mut doc = base.clone();
            let (parent, key) = pointer.rsplit_once('/').expect("pointer");
            doc.pointer_mut(parent)
                .and_then(Value::as_object_mut)
                .and_then(|o| o.remove(key))
                .unwrap_or_else(|| panic!("the example has no {pointer}"));
            let status = status_of(&checker, &doc, &requirement.id);
            assert_eq!(
                status,
                Some(Status::MissingEvidence),
                "{} without {pointer}",
                requirement.id
            );
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} declared pointers");
}

/// The example as a major release that has had its post-implementation review.
fn major(example: &Value) -> Value {
    let mut doc = example.clone();
    doc["release"]["type"] = json!("major");
    doc["post_implementation_review"] =
        json!({"status": "held", "held_at": "2026-03-18T10:00:00Z"});
    doc
}

/// The example as an emergency release under control: an incident, the emergency CAB's approval,
/// the change manager's approval of its deployment, a scheduled review.
fn emergency(example: &Value) -> Value {
    let mut doc = example.clone();
    doc["release"]["type"] = json!("emergency");
    doc["release_notes"]["type"] = json!("emergency");
    doc["release"]["emergency"] = json!({"incident": "INC-2026-0412"});
    doc["approvals"][1]["role"] = json!("ECAB");
    if let Some(approvals) = doc["approvals"].as_array_mut() {
        approvals.push(json!({"scope": "emergency-iteration", "decision": "approved", "approver": {"id": "c.weber"}, "role": "Change Manager", "deployment": "deploy-prod-232", "timestamp": "2026-03-14T19:45:00Z"}));
    }
    doc["post_implementation_review"] =
        json!({"status": "scheduled", "scheduled_for": "2026-03-19T10:00:00Z"});
    doc
}

#[test]
fn the_example_made_an_emergency_passes_the_emergency_rule() {
    let checker = checker(Phase::PostDeploy);
    assert_eq!(
        status_of(&checker, &emergency(&example()), "RM-12"),
        Some(Status::Pass)
    );
}

/// An empty list is present but proves nothing: no requirement reading it may pass.
#[test]
fn empty_lists_prove_nothing() {
    let checker = checker(Phase::PostDeploy);
    let base = example();
    for requirement in &checker.catalog.requirements {
        let Some(Slot::Policy(policy)) = checker.policies.get(&requirement.id) else {
            continue;
        };
        for pointer in &policy.metadata.evidence {
            if !base.pointer(pointer).is_some_and(Value::is_array) {
                continue;
            }
            let mut doc = base.clone();
            *doc.pointer_mut(pointer).expect("present") = json!([]);
            let status = status_of(&checker, &doc, &requirement.id);
            assert_ne!(
                status,
                Some(Status::Pass),
                "{} passes with {pointer} = []",
                requirement.id
            );
        }
    }
}

#[test]
fn one_checker_evaluates_documents_independently() {
    let checker = checker(Phase::PostDeploy);
    let good = example();
    let mut bad = good.clone();
    bad["approvals"][3]["role"] = json!("Developer");
    let first = statuses(&checker, &good);
    let failing = statuses(&checker, &bad);
    let again = statuses(&checker, &good);
    assert_eq!(first, again);
    assert!(
        first
            .iter()
            .all(|(_, s)| matches!(s, Status::Pass | Status::NotApplicable))
    );
    assert!(failing.contains(&("REQ-27".to_owned(), Status::Fail)));
}

#[test]
fn reports_are_identical_run_to_run() {
    for format in ["table", "json"] {
        let a = run_relpolicy(&[
            "check",
            "-e",
            "examples/failing/rebuilt-before-staging.json",
            "--format",
            format,
        ]);
        let b = run_relpolicy(&[
            "check",
            "-e",
            "examples/failing/rebuilt-before-staging.json",
            "--format",
            format,
        ]);
        assert_eq!(a.stdout, b.stdout, "{format} output differs between runs");
        assert_eq!(a.status.code(), Some(1));
    }
}

#[test]
fn output_goes_to_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    let out = run_relpolicy(&[
        "check",
        "-e",
        EXAMPLE,
        "--format",
        "json",
        "-o",
        report.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let written: Value = serde_json::from_slice(&std::fs::read(&report).expect("report written"))
        .expect("report is JSON");
    assert_eq!(written["summary"]["pass"], json!(30));
    // Only the report is left behind: the temporary file was renamed into place.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["report.json"]);
}

#[test]
fn an_unwritable_output_is_an_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("missing-dir").join("report.json");
    let out = run_relpolicy(&[
        "check",
        "-e",
        EXAMPLE,
        "-o",
        report.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("relpolicy::report::write"));
    assert!(!report.exists());
}

#[test]
fn no_output_replaces_a_file_the_run_read() {
    // A typo in -o or --report must not destroy the evidence, manifest, policy or waivers a
    // report is the record of. Each case names an input as the output; the input must be left
    // as it was, the run must end in exit 2, and the other reports asked for are still written.
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let release = dir.path().join("release");
    crate::verify::copy_dir(&repo.join("examples/payments-2.4.0"), &release);
    let library = dir.path().join("library");
    crate::verify::copy_dir(&repo.join("policies"), &library);
    let waivers = dir.path().join("waivers.yaml");
    std::fs::copy(repo.join("testdata/waivers/kinds.yaml"), &waivers).expect("copy");
    let document = dir.path().join("evidence.json");
    std::fs::copy(repo.join(EXAMPLE), &document).expect("copy");
    let path = |p: &std::path::Path| p.to_str().expect("utf-8").to_owned();
    let (release_s, library_s, waivers_s, document_s) = (
        path(&release),
        path(&library),
        path(&waivers),
        path(&document),
    );
    let approval = path(&release.join("approvals/APR-2026-0323.yaml"));
    let manifest = path(&release.join("relpolicy.yaml"));
    let catalog = path(&library.join("catalog.yaml"));
    let other = path(&dir.path().join("other.json"));
    let (json_other, sarif_approval) = (format!("json={other}"), format!("sarif={approval}"));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "check",
                "--evidence",
                &document_s,
                "-f",
                "json",
                "-o",
                &document_s,
            ],
            &document_s,
        ),
        (
            vec![
                "check",
                &release_s,
                "--report",
                &json_other,
                "--report",
                &sarif_approval,
            ],
            &approval,
        ),
        (vec!["check", &release_s, "-o", &manifest], &manifest),
        (vec!["gather", &release_s, "-o", &approval], &approval),
        (
            vec![
                "check",
                "--evidence",
                &document_s,
                "--policies",
                &library_s,
                "-o",
                &catalog,
            ],
            &catalog,
        ),
        (
            vec![
                "check",
                "--evidence",
                &document_s,
                "--waivers",
                &waivers_s,
                "-o",
                &waivers_s,
            ],
            &waivers_s,
        ),
        (
            vec!["audit", &document_s, "-f", "jsonl", "-o", &document_s],
            &document_s,
        ),
    ];
    for (args, input) in &cases {
        let before = std::fs::read(input).expect("input");
        let out = run_relpolicy(args);
        // As one line: miette wraps long messages.
        let stderr = String::from_utf8_lossy(&out.stderr).replace('│', " ");
        let stderr = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("is an input of this run"),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            std::fs::read(input).expect("input"),
            before,
            "{args:?} replaced {input}"
        );
    }
    // The report beside the refused one was written.
    assert!(std::path::Path::new(&other).exists());
    // A path in the release folder that no pattern gathers is not an input: written twice.
    let report = path(&release.join("report.json"));
    for _ in 0..2 {
        let out = run_relpolicy(&["check", &release_s, "-f", "json", "-o", &report]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_json_report_names_the_evidence_behind_each_verdict() {
    let out = run_relpolicy(&[
        "check",
        "-e",
        "examples/failing/approved-by-developer.json",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["report_version"], json!("1.4"));
    assert_eq!(report["exit_code"], json!(1));
    let req27 = report["requirements"]
        .as_array()
        .expect("requirements")
        .iter()
        .find(|r| r["id"] == "REQ-27")
        .expect("REQ-27 row");
    assert_eq!(req27["status"], json!("fail"));
    assert_eq!(req27["policy"]["rule"], json!("deny"));
    let evidence = &req27["messages"][0]["evidence"][0];
    assert_eq!(evidence["pointer"], json!("/approvals/3"));
    // Relative to the report's base, the folder the document is in.
    assert_eq!(
        evidence["location"]["path"],
        json!("approved-by-developer.json")
    );
    assert!(
        report["base"]
            .as_str()
            .is_some_and(|b| b.ends_with("/examples/failing")),
        "{}",
        report["base"]
    );
    assert_eq!(evidence["location"]["line"], json!(529));
    // Every manifest digest is 64 hex digits.
    let manifest = &report["manifest"];
    let mut digests = vec![
        &manifest["schema"]["sha256"],
        &manifest["catalog"]["sha256"],
        &manifest["params"]["sha256"],
    ];
    digests.extend(
        manifest["policies"]
            .as_array()
            .expect("policies")
            .iter()
            .map(|p| &p["sha256"]),
    );
    digests.extend(
        manifest["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .map(|p| &p["sha256"]),
    );
    assert!(digests.len() >= 21);
    for d in digests {
        let d = d.as_str().expect("digest string");
        assert!(
            d.len() == 64 && d.chars().all(|c| c.is_ascii_hexdigit()),
            "{d}"
        );
    }
}

/// Items gathered from other files carry `source`; messages then point at that file and line,
/// and an item without its own `source` inherits its nearest ancestor's.
#[test]
fn findings_point_at_the_recorded_source_of_the_evidence() {
    let checker = checker(Phase::PostDeploy);
    let mut doc = example();
    doc["approvals"][3]["role"] = json!("Developer");
    doc["approvals"][3]["source"] =
        json!({"path": "approvals/production.yaml", "line": 12, "column": 3});
    doc["system_test_report"]["runs"][0]["source"] =
        json!({"path": "reports/junit.xml", "line": 2});
    doc["system_test_report"]["runs"][0]["cases"][6]["status"] = json!("failed");
    let bytes = serde_json::to_vec(&doc).expect("serialisable");
    let matrix = checker.check(Evidence::parse("doc.json", bytes)).matrix;
    let location = |id: &str, needle: &str| {
        let row = matrix.rows.iter().find(|r| r.id == id).expect("row");
        let message = row
            .messages
            .iter()
            .find(|m| m.text.contains(needle))
            .expect("message");
        message.evidence[0].location.clone().map(|l| l.to_string())
    };
    assert_eq!(
        location("REQ-27", "has role 'Developer'"),
        Some("approvals/production.yaml:12:3".to_owned())
    );
    assert_eq!(
        location("REQ-17", "test_card_payment_end_to_end"),
        Some("reports/junit.xml:2".to_owned())
    );
    // Without provenance, the position in the evidence document itself.
    let row = matrix.rows.iter().find(|r| r.id == "REQ-17").expect("row");
    let pointer = row
        .evidence
        .iter()
        .find(|e| e.pointer == "/approvals")
        .expect("declared evidence");
    assert_eq!(
        pointer.location.as_ref().map(|l| l.path.as_str()),
        Some("doc.json")
    );
}
