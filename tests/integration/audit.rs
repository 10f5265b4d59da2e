//! `relpolicy audit` through the CLI: a mixed archive (passing, failing, broken and
//! unreadable releases, an archived report, a file that is no release), the same output
//! whatever `--jobs`, no progress output when standard error is not a terminal, `--merge`
//! equal to one run over everything, the options meaning what they mean for `check`, and the
//! HTML page in headless Chromium.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::run_relpolicy;
use crate::verify::copy_dir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An archive of every kind of release an audit meets. Returns (archive, outside report).
///
/// - `2026-03/ok`: the bundled example release folder (passes);
/// - `2026-03/rollback`: a release folder whose rollback test failed (fails REL-03, REQ-26);
/// - `2026-03/approved-by-developer.json`: an evidence document (fails REQ-27);
/// - `2026-03/truncated.json`: hand-made, an evidence document cut off mid-way (broken);
/// - `2026-03/gone.json`: hand-made, a link to a file that is not there (unreadable);
/// - `reports/cost.json`: a JSON report written by `check`, on the cost-overrun example
///   outside the archive (re-evaluated from that evidence: fails PM-26);
/// - `reports/ok.json`: a report on `2026-03/ok` itself (the same release: evaluated once);
/// - `tools/package.json`: JSON that is neither (skipped, with a note).
fn archive(dir: &Path) -> PathBuf {
    let archive = dir.join("archive");
    let month = archive.join("2026-03");
    std::fs::create_dir_all(&month).unwrap();
    copy_dir(&root().join("examples/payments-2.4.0"), &month.join("ok"));
    copy_dir(
        &root().join("examples/failing/rollback-test-failed"),
        &month.join("rollback"),
    );
    std::fs::copy(
        root().join("examples/failing/approved-by-developer.json"),
        month.join("approved-by-developer.json"),
    )
    .unwrap();
    let evidence = std::fs::read(root().join("examples/payments-2.4.0/evidence.json")).unwrap();
    std::fs::write(month.join("truncated.json"), &evidence[..700]).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("nowhere.json"), month.join("gone.json")).unwrap();
    let reports = archive.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    for (evidence, report) in [
        (
            root().join("examples/failing/cost-overrun-not-escalated.json"),
            reports.join("cost.json"),
        ),
        (month.join("ok"), reports.join("ok.json")),
    ] {
        let out = run_relpolicy(&[
            "check",
            evidence.to_str().unwrap(),
            "--format",
            "json",
            "-o",
            report.to_str().unwrap(),
        ]);
        assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    }
    std::fs::create_dir_all(archive.join("tools")).unwrap();
    std::fs::write(archive.join("tools/package.json"), r#"{"name": "x"}"#).unwrap();
    archive
}

fn audit(args: &[&str]) -> (Option<i32>, String, String) {
    let out = run_relpolicy(&[&["audit"], args].concat());
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

fn release<'a>(aggregate: &'a Value, path: &str) -> &'a Value {
    aggregate["releases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with(path))
        .unwrap_or_else(|| panic!("no release {path} in {aggregate:#}"))
}

#[test]
fn a_mixed_archive_is_audited_whole_and_broken_releases_are_error_rows() {
    let dir = tempfile::tempdir().unwrap();
    let archive = archive(dir.path());
    let (code, stdout, stderr) = audit(&[archive.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(2), "{stderr}");
    let aggregate: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(aggregate["audit_version"], "1.0");
    assert_eq!(
        aggregate["summary"],
        json!({"total": 6, "pass": 1, "fail": 3, "error": 2, "pass_rate": 0.1667})
    );
    assert_eq!(aggregate["verdict"], "error");
    assert_eq!(release(&aggregate, "2026-03/ok")["verdict"], "pass");
    let rollback = release(&aggregate, "2026-03/rollback");
    assert_eq!(rollback["verdict"], "fail");
    assert_eq!(
        rollback["reasons"],
        json!([{"requirements": ["REL-03", "REQ-26"], "status": "fail",
                "text": "1 of 4 rollback tests failed or errored"}])
    );
    assert_eq!(
        release(&aggregate, "approved-by-developer.json")["requirements"]["REQ-27"],
        "fail"
    );
    // The archived report is re-evaluated from the evidence it names, outside the archive.
    let cost = release(
        &aggregate,
        "examples/failing/cost-overrun-not-escalated.json",
    );
    assert_eq!(cost["requirements"]["PM-26"], "fail");
    for broken in ["truncated.json", "gone.json"] {
        let row = release(&aggregate, broken);
        assert_eq!(row["verdict"], "error", "{broken}");
        let reasons = row["reasons"].as_array().unwrap();
        assert_eq!(reasons.len(), 1, "one reason for all requirements: {row:#}");
        assert_eq!(reasons[0]["requirements"].as_array().unwrap().len(), 32);
    }
    // Requirement pass rates count what each applies to; RM-07 applies to no minor release.
    let rm07 = aggregate["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "RM-07")
        .unwrap();
    assert_eq!(rm07["total"], 2, "only the unreadable releases, as errors");
    assert_eq!(rm07["error"], 2);
    assert_eq!(rm07["statuses"]["not_applicable"], 4);
    assert_eq!(aggregate["months"][0]["month"], "2026-03");
    assert_eq!(aggregate["months"][1]["month"], "undated");
    // Standard error names what was skipped and what could not be evaluated.
    assert!(stderr.contains("relpolicy::audit::skipped"), "{stderr}");
    assert!(stderr.contains("package.json"), "{stderr}");
    assert!(
        stderr.contains("2 of 6 releases could not be evaluated"),
        "{stderr}"
    );

    // A path that does not exist is one more error row, not the end of the run.
    let missing = dir.path().join("not-there");
    let (code, stdout, _) = audit(&[
        archive.join("2026-03/ok").to_str().unwrap(),
        missing.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(2));
    let aggregate: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(aggregate["summary"]["pass"], 1);
    assert_eq!(release(&aggregate, "not-there")["verdict"], "error");
}

#[test]
fn the_output_is_the_same_whatever_the_number_of_jobs_and_each_line_is_checks_report() {
    let dir = tempfile::tempdir().unwrap();
    let archive = archive(dir.path());
    let path = archive.to_str().unwrap();
    let one = audit(&[path, "--format", "jsonl", "--jobs", "1"]);
    let two = audit(&[path, "--format", "jsonl", "--jobs", "2"]);
    let many = audit(&[path, "--format", "jsonl", "--jobs", "7"]);
    assert_eq!(one.1, two.1);
    assert_eq!(one.1, many.1);
    assert_eq!(one.0, two.0);
    let lines: Vec<Value> = one
        .1
        .lines()
        .map(|l| serde_json::from_str(l).expect("one report per line"))
        .collect();
    assert_eq!(lines.len(), 6);
    // In order of the evidence's path.
    let keys: Vec<String> = lines
        .iter()
        .map(|l| {
            format!(
                "{}/{}",
                l["base"].as_str().unwrap(),
                l["manifest"]["evidence"][0]["path"].as_str().unwrap_or("")
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // Each line is exactly what `check --format json` writes for that release.
    let rollback = archive.join("2026-03/rollback");
    let check = run_relpolicy(&["check", rollback.to_str().unwrap(), "--format", "json"]);
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(lines.contains(&check), "check's report is among the lines");
    // The aggregates are the same too.
    for format in ["json", "table", "csv", "markdown", "html"] {
        let one = audit(&[path, "--format", format, "--jobs", "1"]);
        let two = audit(&[path, "--format", format, "--jobs", "2"]);
        assert_eq!(one.1, two.1, "{format}");
    }
}

#[test]
fn no_progress_output_when_standard_error_is_not_a_terminal() {
    let (code, stdout, stderr) = audit(&["examples", "--format", "csv", "--jobs", "2"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stdout.lines().count(), 8, "a header and seven releases");
    assert_eq!(stderr, "", "nothing but problems go to standard error");
}

#[test]
fn merging_the_lines_of_several_runs_equals_one_run_over_everything() {
    let dir = tempfile::tempdir().unwrap();
    let archive = archive(dir.path());
    let (a, b) = (archive.join("2026-03"), archive.join("reports"));
    let whole = audit(&[
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    let (part_a, part_b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    // The second worker also writes its aggregate; the lines go to a file as they stream.
    let (code, _, _) = audit(&[
        b.to_str().unwrap(),
        "--report",
        &format!("jsonl={}", part_b.display()),
    ]);
    assert_eq!(code, Some(1));
    let (code, _, _) = audit(&[
        a.to_str().unwrap(),
        "-o",
        part_a.to_str().unwrap(),
        "-f",
        "jsonl",
    ]);
    assert_eq!(code, Some(2));
    // Given in either order, the merge is one run's order, and its exit status is the worst.
    let merged = audit(&[
        "--merge",
        part_b.to_str().unwrap(),
        part_a.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert_eq!(merged.0, Some(2));
    assert_eq!(merged.1, whole.1);
    for format in ["json", "table", "csv", "markdown"] {
        let one = audit(&[a.to_str().unwrap(), b.to_str().unwrap(), "--format", format]);
        let merged = audit(&[
            "--merge",
            part_a.to_str().unwrap(),
            part_b.to_str().unwrap(),
            "--format",
            format,
        ]);
        assert_eq!(one.1, merged.1, "{format}");
    }
    // A line that is not a report is an error named by file and line; the rest is merged.
    let mut text = std::fs::read_to_string(&part_b).unwrap();
    text.push_str("{\"not\": \"a report\"}\n");
    std::fs::write(&part_b, text).unwrap();
    let (code, stdout, stderr) = audit(&[
        "--merge",
        part_a.to_str().unwrap(),
        part_b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains(&format!("{}:3 is not a relpolicy report", part_b.display())),
        "{stderr}"
    );
    let aggregate: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(aggregate["summary"]["total"], 6);
}

#[test]
fn exit_status_glob_and_options_mean_what_they_mean_for_check() {
    // Every release passing: 0; one failing: 1.
    assert_eq!(
        audit(&[
            "examples/payments-2.4.0",
            "examples/payments-2.4.0-platforms"
        ])
        .0,
        Some(0)
    );
    assert_eq!(audit(&["examples/failing"]).0, Some(1));
    // --glob narrows a search, matched below the searched folder.
    let (code, stdout, _) = audit(&["examples", "--glob", "failing/*.json", "--format", "csv"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    let (code, _, stderr) = audit(&["examples", "--glob", "nothing/**"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no release found"), "{stderr}");
    // --profile and --as-of give each release the verdicts `check` gives it.
    for extra in [
        &["--profile", "internal-tool"][..],
        &["--as-of", "2026-03-13"][..],
    ] {
        let (_, lines, _) = audit(
            &[
                &["examples/failing/approved-by-developer.json", "-f", "jsonl"],
                extra,
            ]
            .concat(),
        );
        let check = run_relpolicy(
            &[
                &[
                    "check",
                    "examples/failing/approved-by-developer.json",
                    "-f",
                    "json",
                ],
                extra,
            ]
            .concat(),
        );
        let check: Value = serde_json::from_slice(&check.stdout).unwrap();
        let line: Value = serde_json::from_str(lines.trim()).unwrap();
        assert_eq!(line, check, "{extra:?}");
    }
}

#[test]
// Saying why the browser part did not run is the point of the message.
#[allow(clippy::print_stderr)]
fn the_html_page_renders_its_charts_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let archive = archive(dir.path());
    let html = dir.path().join("fleet.html");
    let (code, _, _) = audit(&[
        archive.to_str().unwrap(),
        "--report",
        &format!("html={}", html.display()),
        "-q",
    ]);
    assert_eq!(code, Some(2));
    let text = std::fs::read_to_string(&html).unwrap();
    for fetch in ["src=\"http", "href=\"http", "<link", "url(", "@import"] {
        assert!(!text.contains(fetch), "the page loads {fetch}…");
    }
    assert_eq!(text.matches("<tr data-verdict=").count(), 6);
    let Some(browser) = crate::html::chromium() else {
        eprintln!(
            "SKIPPED: no headless browser; install Debian's chromium to render the audit page"
        );
        return;
    };
    let url = format!("file://{}", html.display());
    let dom = crate::html::headless(&browser, &["--dump-dom", &url]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("data-ready=\"true\""),
        "the script did not run:\n{dom}"
    );
    // A cell per requirement and month, each drawn with a size; 62 with a rate: in 2026-03
    // every requirement but RM-07 and RM-12 (no major or emergency release), and in the
    // undated month (the unreadable releases) all 32, as errors.
    assert!(
        dom.contains("data-cells=\"64\""),
        "{}",
        &dom[..dom.len().min(600)]
    );
    assert!(dom.contains("data-rated=\"62\""));
    assert!(dom.contains("data-bars=\"2\""), "one bar per month");
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("relpolicy-audit.png");
    let _ = std::fs::remove_file(&shot);
    crate::html::headless(
        &browser,
        &[
            "--window-size=1200,1600",
            &format!("--screenshot={}", shot.display()),
            &url,
        ],
    );
    assert!(shot.exists(), "a screenshot of the page");
}
