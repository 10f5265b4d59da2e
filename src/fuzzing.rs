//! Entry points for fuzzing: every reader of untrusted input, callable with arbitrary bytes.
//!
//! Each [`Target`] runs one reader the way relpolicy runs it on a file or document it was given,
//! without the file system. Whatever the bytes, [`run`] must return: no panic, no hang, no abort.
//! `tests/integration/fuzz.rs` drives these targets on stable Rust with mutated real inputs
//! (docs/fuzzing.md); crashes it ever found are kept in `testdata/fuzz/` and replayed.

use crate::catalog::Phase;
use crate::checker::Checker;
use crate::evidence::cases::{Bulk, Keep};
use crate::evidence::{Context, Evidence, Prepared};
use crate::gather::{Kind, Manifest, Part, read_bytes, read_part_of_bytes};
use crate::source::SourceFile;

/// A reader of untrusted input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An evidence document: JSON parsing, the schema, the timeline and summaries, both as
    /// `check` reads a file (cases diverted from the parse) and as a parsed document.
    Evidence,
    /// An evidence document all the way through the bundled policies.
    Check,
    Junit,
    Ctrf,
    /// `go test -json` output.
    GoTest,
    /// A SARIF log from a scanner.
    Sarif,
    /// A TAP 13/14 report.
    Tap,
    /// One Allure result.
    Allure,
    /// An in-toto test-result attestation.
    TestResult,
    /// Approvals as GitHub or GitLab export them.
    PlatformApprovals,
    /// An Argo CD Application with its sync history.
    ArgoCd,
    ReleaseNotes,
    Checklist,
    Document,
    YamlRecords,
    JsonRecords,
    Promotions,
    InToto,
    Focus,
    /// An iCalendar export.
    Calendar,
    /// relpolicy.yaml itself.
    Manifest,
    /// A waivers file, checked against the bundled library and laid over a matrix.
    Waivers,
    /// A manifest's patterns matched against file names (the input is a manifest, then a
    /// line of paths after a `#paths` line).
    Patterns,
    /// A verification summary attestation given to `verify`: an envelope or a statement, its
    /// signature checked with a fixed key.
    Vsa,
    /// A line of `audit --format jsonl` given to `audit --merge`: a JSON report.
    AuditLine,
}

impl Target {
    pub const ALL: [Target; 25] = [
        Self::Evidence,
        Self::Check,
        Self::Junit,
        Self::Ctrf,
        Self::GoTest,
        Self::Sarif,
        Self::Tap,
        Self::Allure,
        Self::TestResult,
        Self::PlatformApprovals,
        Self::ArgoCd,
        Self::ReleaseNotes,
        Self::Checklist,
        Self::Document,
        Self::YamlRecords,
        Self::JsonRecords,
        Self::Promotions,
        Self::InToto,
        Self::Focus,
        Self::Calendar,
        Self::Manifest,
        Self::Waivers,
        Self::Patterns,
        Self::Vsa,
        Self::AuditLine,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Evidence => "evidence",
            Self::Check => "check",
            Self::Junit => "junit",
            Self::Ctrf => "ctrf",
            Self::GoTest => "go-test",
            Self::Sarif => "sarif",
            Self::Tap => "tap",
            Self::Allure => "allure",
            Self::TestResult => "test-result",
            Self::PlatformApprovals => "platform-approvals",
            Self::ArgoCd => "argocd",
            Self::ReleaseNotes => "release-notes",
            Self::Checklist => "checklist",
            Self::Document => "document",
            Self::YamlRecords => "yaml-records",
            Self::JsonRecords => "json-records",
            Self::Promotions => "promotions",
            Self::InToto => "in-toto",
            Self::Focus => "focus",
            Self::Calendar => "calendar",
            Self::Manifest => "manifest",
            Self::Waivers => "waivers",
            Self::Patterns => "patterns",
            Self::Vsa => "vsa",
            Self::AuditLine => "audit-line",
        }
    }
}

const MANIFEST: &str = "manifest_version: 1\nrelease: {version: 2.4.0, revision: 4f1c2e9, target_window: {start: \"2026-03-14T20:00:00Z\", end: \"2026-03-14T22:00:00Z\"}}\ntimezone: \"+01:00\"\nevidence:\n  cost_report:\n    - files: billing/*.csv\n      measure: BilledCost\n  approvals:\n    - files: github/*.json\n      set: {scope: production-deployment}\n  deployments:\n    - files: argocd/*.json\n      set: {environment: production}\n";

/// The evaluation time of fuzzed documents: that of the example release.
fn context() -> Context {
    Context::at(chrono::DateTime::from_timestamp(1_773_525_600, 0).unwrap_or_default())
}

/// Read a test report as `gather` does, its cases kept as values (for `check`) and as text
/// (for writing), and require both to write the same document with the same summaries.
fn tests(bytes: &[u8], path: &str, manifest: &Manifest) -> bool {
    let written = |keep: Keep| {
        let part = read_part_of_bytes(Kind::TestReports, path, bytes.to_vec(), manifest, keep);
        let Ok(Part::Run(run, cases)) = part else {
            return None;
        };
        let mut bulk = Bulk::default();
        bulk.insert("/system_test_report/runs/0/cases".to_owned(), cases);
        let document = serde_json::json!({"system_test_report": {"runs": [run]}});
        let (document, _) = crate::evidence::summarise_with(document, &bulk);
        let mut out = Vec::new();
        crate::gather::write_json(&document, &bulk, &mut out).ok()?;
        Some(out)
    };
    let as_values = written(Keep::Values);
    let as_text = written(Keep::Text);
    assert!(
        as_values == as_text,
        "{path}: cases kept as text are written differently from cases kept as values"
    );
    as_values.is_some()
}

/// Run `target` on `bytes`. Returns whether the input was accepted (it may well be refused:
/// that is an answer too).
pub fn run(target: Target, bytes: &[u8], checker: Option<&Checker>) -> bool {
    use std::sync::OnceLock;
    static MANIFEST_PARSED: OnceLock<Option<Manifest>> = OnceLock::new();
    let manifest = MANIFEST_PARSED
        .get_or_init(|| Manifest::parse(SourceFile::new("relpolicy.yaml", MANIFEST)).ok());
    let Some(manifest) = manifest else {
        return false;
    };
    let read = |kind: Kind, path: &str| read_bytes(kind, path, bytes.to_vec(), manifest).is_ok();
    match target {
        Target::Evidence => {
            if let Ok((prepared, _)) = Prepared::from_bytes("fuzz.json", bytes.to_vec(), &context())
            {
                let _ = prepared.schema_problems();
            }
            match Evidence::parse("fuzz.json", bytes.to_vec()) {
                Ok(evidence) => {
                    let (prepared, _) = Prepared::new(evidence, &context());
                    let _ = prepared.schema_problems();
                    true
                }
                Err(_) => false,
            }
        }
        Target::Check => match checker {
            Some(checker) => {
                let checked = checker.check(Evidence::parse("fuzz.json", bytes.to_vec()));
                let _ = checked.matrix.exit();
                checked.prepared.is_some()
            }
            None => false,
        },
        Target::Junit => tests(bytes, "reports/fuzz.xml", manifest),
        Target::Ctrf => tests(bytes, "reports/fuzz.json", manifest),
        Target::GoTest => tests(bytes, "reports/fuzz.jsonl", manifest),
        Target::Sarif => read(Kind::SecurityScans, "scans/fuzz.sarif"),
        Target::Tap => tests(bytes, "reports/fuzz.tap", manifest),
        Target::Allure => tests(bytes, "allure-results/fuzz-result.json", manifest),
        Target::TestResult => tests(bytes, "reports/fuzz.json", manifest),
        Target::PlatformApprovals => read(Kind::Approvals, "github/fuzz.json"),
        Target::ArgoCd => read(Kind::Deployments, "argocd/fuzz.json"),
        Target::ReleaseNotes => read(Kind::ReleaseNotes, "RELEASE_NOTES.md"),
        Target::Checklist => read(Kind::GoLiveChecklist, "go-live.md"),
        Target::Document => read(Kind::DeploymentGuide, "docs/runbook.md"),
        Target::YamlRecords => read(Kind::Approvals, "approvals/fuzz.yaml"),
        Target::JsonRecords => read(Kind::Deployments, "deployments/fuzz.json"),
        Target::Promotions => read(Kind::Promotions, "promotions/fuzz.jsonl"),
        Target::InToto => read(Kind::Artifacts, "provenance/fuzz.intoto.jsonl"),
        Target::Focus => read(Kind::CostReport, "billing/fuzz.csv"),
        Target::Calendar => read(Kind::Calendar, "calendar/fuzz.ics"),
        Target::Manifest => {
            let text = String::from_utf8_lossy(bytes);
            Manifest::parse(SourceFile::new("relpolicy.yaml", text.into_owned())).is_ok()
        }
        Target::Waivers => match checker {
            Some(checker) => waivers(checker, bytes),
            None => false,
        },
        Target::Vsa => match crate::attest::read(bytes) {
            Ok(crate::attest::Read::Signed(envelope, _)) => {
                let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
                let key = crate::attest::PublicKey::Ed25519(key.verifying_key());
                let _ = crate::attest::signed_by(&envelope, &key);
                true
            }
            Ok(crate::attest::Read::Unsigned(_)) => true,
            Err(_) => false,
        },
        Target::AuditLine => crate::audit::Entry::from_report(bytes).is_ok(),
        Target::Patterns => {
            let text = String::from_utf8_lossy(bytes);
            let (manifest_text, paths) = text.split_once("#paths").unwrap_or((&text, ""));
            match Manifest::parse(SourceFile::new("relpolicy.yaml", manifest_text)) {
                Ok(manifest) => {
                    let paths: Vec<&str> = paths.split_whitespace().collect();
                    crate::gather::match_paths(&manifest, &paths) > 0
                }
                Err(_) => false,
            }
        }
    }
}

/// Read `bytes` as a waivers file and lay it over the matrix of an empty document of the example
/// release (every row not passing, so waivers have findings to cover).
fn waivers(checker: &Checker, bytes: &[u8]) -> bool {
    use std::sync::OnceLock;
    static MATRIX: OnceLock<crate::matrix::Matrix> = OnceLock::new();
    let matrix = MATRIX.get_or_init(|| {
        let document = br#"{"release": {"id": "REL-2026-03-015", "name": "payments-api", "version": "2.4.0", "type": "minor"}}"#;
        checker
            .check(Evidence::parse("fuzz.json", document.to_vec()))
            .matrix
    });
    let params = checker.library.params_json().unwrap_or_default();
    let file = SourceFile::new("waivers.yaml", String::from_utf8_lossy(bytes).into_owned());
    let (waivers, problems) = crate::waiver::Waivers::parse_files(
        vec![file],
        &checker.catalog,
        &checker.policies,
        &params,
    );
    let mut matrix = matrix.clone();
    let _ = waivers.apply(&mut matrix, context().as_of);
    let _ = matrix.exit();
    problems.is_empty()
}

/// A checker with the bundled library, for [`Target::Check`] and [`Target::Waivers`].
pub fn checker() -> Option<Checker> {
    Checker::new(
        &crate::policy::Sources::builtin(),
        Phase::PostDeploy,
        context(),
    )
    .ok()
}
