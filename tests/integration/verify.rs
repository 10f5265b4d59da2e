//! `relpolicy verify`: an archived report stands while its inputs are untouched, and every
//! tampered, missing or added file and every changed verdict is named when they are not.

use std::path::{Path, PathBuf};

use crate::run_relpolicy;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn text(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A report of `args` (check, then the evidence and options) written into `dir`.
fn report(dir: &Path, args: &[&str]) -> PathBuf {
    let path = dir.join("report.json");
    let mut all = vec!["check"];
    all.extend(args);
    all.extend([
        "--format",
        "json",
        "--output",
        path.to_str().expect("utf-8"),
    ]);
    let out = run_relpolicy(&all);
    assert!(path.is_file(), "{}", String::from_utf8_lossy(&out.stderr));
    path
}

#[test]
fn a_gathered_release_stands_until_a_file_is_changed_or_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let release = dir.path().join("release");
    copy_dir(&repo("examples/payments-2.4.0"), &release);
    let report = report(dir.path(), &[release.to_str().expect("utf-8")]);
    let report = report.to_str().expect("utf-8");

    let fine = run_relpolicy(&["verify", report]);
    assert_eq!(fine.status.code(), Some(0), "{}", text(&fine));
    assert!(text(&fine).contains("The report stands."));
    assert!(text(&fine).contains("  ok       evidence approvals/APR-2026-0323.yaml"));

    let approval = release.join("approvals/APR-2026-0323.yaml");
    let edited = std::fs::read_to_string(&approval)
        .expect("approval")
        .replace("role: Release Manager", "role: Developer");
    std::fs::write(&approval, edited).expect("tamper");
    std::fs::remove_file(release.join("notifications/NOTE-2026-0144.yaml")).expect("remove");
    let tampered = run_relpolicy(&["verify", report]);
    let out = text(&tampered);
    assert_eq!(tampered.status.code(), Some(1), "{out}");
    assert!(
        out.contains("  CHANGED  evidence approvals/APR-2026-0323.yaml"),
        "{out}"
    );
    assert!(
        out.contains("  MISSING  evidence notifications/NOTE-2026-0144.yaml"),
        "{out}"
    );
    assert!(out.contains("  CHANGED  evidence document"), "{out}");
    assert!(out.contains("REQ-27: reported pass, now fail"), "{out}");
    assert!(out.contains("RM-04: reported pass, now fail"), "{out}");
    assert!(out.contains("The report does not stand."), "{out}");
}

#[test]
fn a_document_and_a_policy_library_are_verified_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let evidence = dir.path().join("evidence.json");
    std::fs::copy(repo("examples/payments-2.4.0/evidence.json"), &evidence).expect("copy");
    let library = dir.path().join("policies");
    copy_dir(&repo("policies"), &library);
    let report = report(
        dir.path(),
        &[
            evidence.to_str().expect("utf-8"),
            "--policies",
            library.to_str().expect("utf-8"),
        ],
    );
    let report = report.to_str().expect("utf-8");
    assert_eq!(run_relpolicy(&["verify", report]).status.code(), Some(0));

    // A change that alters no verdict is still a change.
    let policy = library.join("release/rm_05.rego");
    let mut rego = std::fs::read_to_string(&policy).expect("policy");
    rego.push_str("\n# an edit after the report\n");
    std::fs::write(&policy, rego).expect("edit");
    std::fs::write(
        library.join("release/extra.rego"),
        "package relpolicy.lib.extra\n",
    )
    .expect("add");
    let out = run_relpolicy(&["verify", report]);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains(&format!("  CHANGED  policy {}", policy.display())),
        "{printed}"
    );
    assert!(printed.contains("  ADDED    policy"), "{printed}");
    assert!(
        printed.contains("every verdict and message is as reported"),
        "{printed}"
    );
}

#[test]
fn what_is_not_a_report_is_refused() {
    let out = run_relpolicy(&["verify", "examples/payments-2.4.0/evidence.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a relpolicy report"));
}
