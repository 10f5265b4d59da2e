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
    // Outside the working directory, paths are shown whole, as one would type them.
    let shown = |p: &str| release.join(p).display().to_string();
    assert!(
        text(&fine).contains(&format!(
            "  ok       evidence {}",
            shown("approvals/APR-2026-0323.yaml")
        )),
        "{}",
        text(&fine)
    );

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
        out.contains(&format!(
            "  CHANGED  evidence {}",
            shown("approvals/APR-2026-0323.yaml")
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "  MISSING  evidence {}",
            shown("notifications/NOTE-2026-0144.yaml")
        )),
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

    // Hand-made: a recorded time without a zone, or a placeholder, cannot be judged as of; the
    // report (re-judged as of now, which the test clock makes the same moment) does not stand.
    let original = std::fs::read_to_string(report).expect("report");
    for time in ["2026-03-14T22:00:00", "TBD"] {
        let mut edited: serde_json::Value = serde_json::from_str(&original).expect("JSON");
        edited["manifest"]["evaluated_at"] = serde_json::Value::from(time);
        let path = dir.path().join("edited.json");
        std::fs::write(&path, edited.to_string()).expect("write");
        let out = run_relpolicy(&["verify", path.to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(1), "{time}: {}", text(&out));
        assert!(text(&out).contains("evaluated_at: \""), "{}", text(&out));
    }

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

/// Run relpolicy in `dir` rather than the repository.
fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_relpolicy"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1773525600")
        .output()
        .expect("relpolicy runs")
}

#[test]
fn reports_written_elsewhere_resolve_against_their_base_from_any_directory() {
    // A release under one folder, reports written into another, verify run from a third.
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path().join("work");
    copy_dir(&repo("examples/payments-2.4.0"), &work.join("releases/pay"));
    std::fs::create_dir_all(work.join("out")).expect("out");
    std::fs::create_dir_all(dir.path().join("elsewhere")).expect("elsewhere");
    let out = run_in(
        &work,
        &[
            "check",
            "releases/pay",
            "--report",
            "json=out/pass.json",
            "--report",
            "html=out/pass.html",
            "--report",
            "sarif=out/pass.sarif",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The terminal shows paths from the working directory.
    assert!(
        text(&out).contains("release REL-2026-03-015"),
        "{}",
        text(&out)
    );

    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("out/pass.json")).unwrap())
            .unwrap();
    let base = PathBuf::from(report["base"].as_str().expect("base"));
    assert_eq!(base, work.join("releases/pay").canonicalize().unwrap());
    assert_eq!(report["manifest"]["evidence"][0]["path"], ".");
    // Every location names a file that exists under the base, at a line it has.
    let mut located = 0;
    for row in report["requirements"].as_array().unwrap() {
        for e in row["evidence"].as_array().unwrap() {
            if let Some(path) = e["location"]["path"].as_str() {
                let text = std::fs::read_to_string(base.join(path))
                    .unwrap_or_else(|e| panic!("{path}: {e}"));
                let line = e["location"]["line"].as_u64().unwrap() as usize;
                assert!(
                    line >= 1 && line <= text.lines().count().max(1),
                    "{path}:{line}"
                );
                located += 1;
            }
        }
    }
    assert!(located > 40, "{located}");
    // The release's ID is where it is written: the manifest's `id:` line.
    let rm01 = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "RM-01")
        .unwrap();
    let id = rm01["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["pointer"] == "/release/id")
        .unwrap();
    let at = &id["location"];
    let manifest = std::fs::read_to_string(base.join("relpolicy.yaml")).unwrap();
    let line = manifest
        .lines()
        .nth(at["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    assert_eq!(
        (at["path"].as_str(), line.trim()),
        (Some("relpolicy.yaml"), "id: REL-2026-03-015")
    );

    // HTML links are relative to the HTML file's own folder, and lead to files that exist.
    let html = std::fs::read_to_string(work.join("out/pass.html")).unwrap();
    let mut links = 0;
    for href in html
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        if href.starts_with('#') || href.starts_with("data:") {
            continue;
        }
        let file = href.replace("%20", " ");
        assert!(work.join("out").join(&file).is_file(), "broken link {href}");
        links += 1;
    }
    assert!(links > 40, "{links}");
    // SARIF resolves its URIs against the release folder.
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("out/pass.sarif")).unwrap())
            .unwrap();
    let bases = &sarif["runs"][0]["originalUriBaseIds"];
    let uri = bases["RELEASEROOT"]["uri"].as_str().expect("base URI");
    assert!(
        uri.starts_with("file:///") && uri.ends_with("/releases/pay/"),
        "{uri}"
    );

    // verify from another directory: the report stands.
    let report_path = work.join("out/pass.json");
    let out = run_in(
        &dir.path().join("elsewhere"),
        &["verify", report_path.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text(&out).contains("The report stands."));

    // The archive moved: verify says where it looked and how to name the new place (exit 2),
    // and the hint it gives works.
    std::fs::rename(work.join("releases/pay"), dir.path().join("moved")).expect("move");
    let out = run_in(
        &dir.path().join("elsewhere"),
        &["verify", report_path.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("relpolicy verify") && stderr.contains("EVIDENCE"),
        "{stderr}"
    );
    let out = run_in(
        &dir.path().join("elsewhere"),
        &["verify", report_path.to_str().unwrap(), "../moved"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out),
        String::from_utf8_lossy(&out.stderr)
    );
}
