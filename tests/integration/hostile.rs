//! Inputs that are ambiguous, unreadable or built to hang or exhaust relpolicy (issue 10): each
//! ends in a located error and exit status 2, never a hang, a signal or a silent choice, and a
//! policy that misbehaves costs only its own requirement.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::run_relpolicy;
use serde_json::Value;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Run relpolicy, killing it if it has not ended after `limit`: a hang fails the test instead
/// of stalling the suite. Its output is read while it runs, so a report larger than a pipe's
/// buffer cannot block it.
fn run_within(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_relpolicy"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1773525600")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("relpolicy starts");
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waitable") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("relpolicy {args:?} did not end within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The example release's evidence with `edit` applied, written to a temporary file.
fn example_with(edit: impl FnOnce(&mut Value)) -> (tempfile::TempDir, PathBuf) {
    let mut doc: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("examples/payments-2.4.0/evidence.json")).expect("example"),
    )
    .expect("JSON");
    edit(&mut doc);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("evidence.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).expect("JSON")).expect("write");
    (dir, path)
}

/// A copy of the bundled library with `extra` appended to the DEP-01 policy.
fn library_with(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in walkdir::WalkDir::new(repo("policies")) {
        let entry = entry.expect("walk");
        let relative = entry.path().strip_prefix(repo("policies")).expect("inside");
        let target = dir.path().join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    let policy = dir.path().join("release/dep_01.rego");
    let mut text = std::fs::read_to_string(&policy).expect("policy");
    text.push_str(extra);
    std::fs::write(&policy, text).expect("write policy");
    dir
}

fn statuses(report: &[u8]) -> Vec<(String, String)> {
    let report: Value = serde_json::from_slice(report).expect("a JSON report");
    report["requirements"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_owned(),
                r["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn status<'a>(rows: &'a [(String, String)], id: &str) -> &'a str {
    rows.iter()
        .find(|(r, _)| r == id)
        .map(|(_, s)| s.as_str())
        .unwrap_or("absent")
}

#[test]
fn a_member_named_twice_is_an_error_at_its_line_not_a_silent_choice() {
    let text = std::fs::read_to_string(repo("examples/payments-2.4.0/evidence.json"))
        .expect("example")
        .replacen(
            "\"status\": \"succeeded\",",
            "\"status\": \"failed\",\n      \"status\": \"succeeded\",",
            1,
        );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("twice.json");
    std::fs::write(&path, &text).expect("write");
    let out = run_relpolicy(&["check", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("relpolicy::evidence::invalid_json"), "{err}");
    assert!(err.contains("duplicate member `status`"), "{err}");
    let line = text
        .lines()
        .position(|l| l.contains("\"status\": \"succeeded\""))
        .expect("the duplicate")
        + 1;
    assert!(err.contains(&format!("twice.json:{line}:")), "{err}");
}

#[test]
fn duplicate_members_in_gathered_json_files_break_their_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = "manifest_version: 1\nevidence:\n  deployments: deployments/*.json\n  promotions: promotions/*.jsonl\n  test_reports: reports/*.json\n";
    std::fs::write(dir.path().join("relpolicy.yaml"), manifest).expect("manifest");
    for (path, text) in [
        (
            "deployments/prod.json",
            r#"{"environment": "production", "status": "succeeded", "manual_steps": ["restarted by hand"], "manual_steps": []}"#,
        ),
        (
            "promotions/log.jsonl",
            "{\"artifact\": \"a\", \"digest\": \"sha256:1\", \"from\": \"dev\", \"to\": \"test\", \"to\": \"production\"}\n",
        ),
        (
            "reports/ctrf.json",
            r#"{"results": {"tool": {"name": "x"}, "tests": [{"name": "t", "status": "failed", "status": "passed"}]}}"#,
        ),
    ] {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(target, text).expect("write");
    }
    let out = run_relpolicy(&["gather", dir.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.matches("duplicate member").count(), 3, "{err}");
    assert!(out.stdout.is_empty(), "no document is written");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_by_its_type_without_blocking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("evidence.json");
    make_fifo(&fifo);
    for path in [fifo.to_str().expect("utf-8"), "/dev/zero"] {
        let out = run_within(&["check", path, "-f", "json"], Duration::from_secs(20));
        assert_eq!(out.status.code(), Some(2), "{path}");
        let err = stderr(&out);
        assert!(err.contains("relpolicy::evidence::not_a_file"), "{err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
}

/// Make a named pipe at `path`.
#[cfg(unix)]
fn make_fifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_in_place_of_a_named_file_is_refused_without_blocking() {
    // Files relpolicy reads because a path names them, not because a pattern matched them:
    // relpolicy.yaml, the library's files given on the command line, an archived report. A
    // FIFO there would wait for a writer forever; a link to /dev/zero would be read forever.
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("fifo");
    make_fifo(&fifo);
    let release = dir.path().join("release");
    crate::verify::copy_dir(&repo("examples/payments-2.4.0"), &release);
    let manifest = release.join("relpolicy.yaml");
    let release = release.to_str().expect("utf-8").to_owned();
    let example = repo("examples/payments-2.4.0/evidence.json");
    for target in [fifo.as_path(), Path::new("/dev/zero")] {
        std::fs::remove_file(&manifest).expect("remove");
        std::os::unix::fs::symlink(target, &manifest).expect("symlink");
        let named = target.to_str().expect("utf-8");
        let runs: [Vec<&str>; 4] = [
            vec!["check", &release],
            vec!["gather", &release],
            vec![
                "check",
                "--evidence",
                example.to_str().expect("utf-8"),
                "--catalog",
                named,
            ],
            vec!["verify", named],
        ];
        for args in runs {
            let out = run_within(&args, Duration::from_secs(20));
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            // As one line: miette wraps long messages.
            let err = stderr(&out).replace('│', " ");
            let err = err.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(err.contains("not a regular file"), "{args:?}: {err}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_directory_a_pattern_matches_breaks_its_section() {
    let dir = tempfile::tempdir().expect("tempdir");
    let manifest = "manifest_version: 1\nevidence:\n  approvals: approvals/*.yaml\n  milestone_acceptance: acceptance.yaml\n";
    std::fs::write(dir.path().join("relpolicy.yaml"), manifest).expect("manifest");
    std::fs::create_dir_all(dir.path().join("approvals")).expect("mkdir");
    std::fs::write(
        dir.path().join("approvals/ok.yaml"),
        "scope: release\ndecision: approved\napprover: {id: a}\nrole: Service Owner\ntimestamp: 2026-03-12T17:00:00Z\n",
    )
    .expect("write");
    make_fifo(&dir.path().join("approvals/withdrawal.yaml"));
    std::fs::create_dir_all(dir.path().join("acceptance.yaml")).expect("a directory");
    let out = run_within(
        &["check", dir.path().to_str().expect("utf-8"), "-f", "json"],
        Duration::from_secs(20),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("which is a FIFO (named pipe), not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("which is a directory, not a regular file"),
        "{err}"
    );
    let rows = statuses(&out.stdout);
    for id in ["REQ-27", "REL-01", "PM-23"] {
        assert_eq!(status(&rows, id), "error", "{id}: {rows:?}");
    }
}

#[test]
fn all_files_together_over_the_total_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("relpolicy.yaml"),
        "manifest_version: 1\nmax_total_mb: 0\nevidence:\n  approvals: approvals/*.yaml\n",
    )
    .expect("manifest");
    std::fs::create_dir_all(dir.path().join("approvals")).expect("mkdir");
    std::fs::write(dir.path().join("approvals/a.yaml"), "scope: release\n").expect("write");
    let out = run_relpolicy(&["gather", dir.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("relpolicy::gather::too_much"));
}

#[cfg(unix)]
#[test]
fn reports_never_replace_a_link_or_a_device() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("elsewhere.json");
    std::fs::write(&target, "keep").expect("write");
    let link = dir.path().join("report.json");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let evidence = "examples/payments-2.4.0/evidence.json";
    let out = run_relpolicy(&[
        "check",
        evidence,
        "-f",
        "json",
        "-o",
        link.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is a symbolic link"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("still there")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&target).expect("target"), "keep");
    let out = run_relpolicy(&["check", evidence, "-f", "json", "-o", "/dev/null"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    // `-` and /dev/stdout are standard output.
    for name in ["-", "/dev/stdout"] {
        let out = run_relpolicy(&["check", evidence, "-f", "json", "-o", name]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(out.stdout.starts_with(b"{"), "{name}");
    }
}

#[test]
fn an_evidence_document_over_the_size_limit_is_not_read() {
    let out = run_relpolicy(&[
        "check",
        "examples/payments-2.4.0/evidence.json",
        "--max-evidence-mb",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("relpolicy::evidence::too_large"));
}

#[test]
fn a_list_over_the_item_limit_makes_the_requirements_on_it_error() {
    let out = run_relpolicy(&[
        "check",
        "examples/payments-2.4.0/evidence.json",
        "--max-items",
        "6",
        "-f",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let rows = statuses(&out.stdout);
    // The approvals hold 6 items and the promotions 6: at the limit, not over it; the system
    // test run holds 12 cases.
    assert_eq!(status(&rows, "REQ-27"), "pass");
    assert_eq!(status(&rows, "REL-04"), "pass");
    assert_eq!(status(&rows, "REQ-17"), "error");
    assert!(
        stderr(&out).contains("holds 12 items, over the limit of 6"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_recursive_policy_is_an_error_for_its_own_requirement_only() {
    let library = library_with("\nf(n) := f(n + 1)\n\nwarn contains \"x\" if f(1) > 0\n");
    let out = run_within(
        &[
            "check",
            "examples/payments-2.4.0/evidence.json",
            "--policies",
            library.path().to_str().expect("utf-8"),
            "-f",
            "json",
        ],
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let rows = statuses(&out.stdout);
    assert_eq!(status(&rows, "DEP-01"), "error");
    assert_eq!(
        rows.iter().filter(|(_, s)| s == "pass").count(),
        29,
        "{rows:?}"
    );
    assert!(
        stderr(&out).contains("function f calls itself"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_time_limit_holds_inside_a_long_comprehension() {
    let library = library_with(
        "\nbig := count([x | some x in numbers.range(1, 200000000); x % 7 == 0])\n\nwarn contains \"x\" if big > 0\n",
    );
    let start = Instant::now();
    let out = run_within(
        &[
            "check",
            "examples/payments-2.4.0/evidence.json",
            "--policies",
            library.path().to_str().expect("utf-8"),
            "--time-limit",
            "2",
            "-f",
            "json",
            "-o",
            "-",
        ],
        Duration::from_secs(60),
    );
    // Two seconds of policies, and the rest of a check; never twice the limit and more.
    assert!(
        start.elapsed() < Duration::from_secs(12),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out.status.code(), Some(2));
    let rows = statuses(&out.stdout);
    assert_eq!(status(&rows, "DEP-01"), "error");
    assert_eq!(status(&rows, "REQ-27"), "pass");
    assert!(
        stderr(&out).contains("time limit of 2 s"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn oversized_messages_and_print_floods_are_errors_of_their_policy() {
    for (extra, said) in [
        (
            "\nwarn contains concat(\"\", [sprintf(\"%d\", [x]) | some x in numbers.range(1, 100000)]) if true\n",
            "over the limit of 64.0 KiB (--max-message-kb)",
        ),
        (
            "\nprinted := count([x | some x in numbers.range(1, 20000); print(\"spam spam spam spam\", x)])\n\nwarn contains \"x\" if printed > 0\n",
            "(--max-print-kb)",
        ),
    ] {
        let library = library_with(extra);
        let out = run_relpolicy(&[
            "check",
            "examples/payments-2.4.0/evidence.json",
            "--policies",
            library.path().to_str().expect("utf-8"),
            "-f",
            "json",
            "-o",
            "-",
        ]);
        assert_eq!(out.status.code(), Some(2));
        let rows = statuses(&out.stdout);
        assert_eq!(status(&rows, "DEP-01"), "error");
        assert_eq!(status(&rows, "REQ-27"), "pass");
        assert!(stderr(&out).contains(said), "{}", stderr(&out));
    }
}

#[test]
fn every_exit_2_explains_itself_on_standard_error_also_with_output_to_a_file() {
    let library = library_with("\nwarn contains x if x := nosuch(1)\n");
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    let out = run_relpolicy(&[
        "check",
        "examples/payments-2.4.0/evidence.json",
        "--policies",
        library.path().to_str().expect("utf-8"),
        "-o",
        report.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("relpolicy::check::undecided"), "{err}");
    assert!(
        err.contains("1 of 32 requirements could not be decided: DEP-01"),
        "{err}"
    );
    assert!(err.contains("nosuch"), "{err}");
}

#[test]
fn an_amount_too_large_to_compute_with_is_a_schema_error_at_its_line() {
    let (_dir, path) =
        example_with(|doc| doc["budget_baseline"]["total"] = serde_json::json!(1.0e308));
    let out = run_relpolicy(&["check", path.to_str().expect("utf-8"), "-f", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("relpolicy::schema::violation"), "{err}");
    assert!(err.contains("/budget_baseline/total"), "{err}");
    assert!(!err.contains("numeric overflow"), "{err}");
}

#[test]
fn a_retention_date_centuries_ahead_is_a_date_not_an_overflow() {
    let (_dir, path) = example_with(|doc| {
        doc["release_notes"]["retention"]["retain_until"] = serde_json::json!("2828-03-31");
    });
    let out = run_relpolicy(&["check", path.to_str().expect("utf-8"), "-f", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(status(&statuses(&out.stdout), "REL-02"), "pass");
}

#[test]
fn a_policy_naming_thousands_of_items_as_its_basis_is_capped() {
    // A team policy that names every item it looked at: the report keeps the first 100 (by
    // pointer) and says how many more there were; the verdict is unchanged.
    let library = library_with(
        "\nbasis contains {\"evidence\": sprintf(\"/deployments/%05d\", [i]), \"values\": {\"i\": i}} if some i in numbers.range(0, 4999)\n",
    );
    let out = run_within(
        &[
            "check",
            "examples/payments-2.4.0/evidence.json",
            "--policies",
            library.path().to_str().expect("utf-8"),
            "-f",
            "json",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let dep01 = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "DEP-01")
        .unwrap();
    assert_eq!(dep01["status"], "pass");
    let basis = dep01["basis"].as_array().unwrap();
    assert_eq!(basis.len(), 100);
    assert_eq!(basis[0]["pointer"], "/deployments/00000");
    // The bundled policy's own two entries sort after /deployments/0…: 5,002 in all.
    assert_eq!(dep01["basis_omitted"], 4902);
}

/// The characters in `bytes` that a terminal would act on instead of showing: control
/// characters other than a line break and a tab (escape sequences, carriage returns, bells),
/// and Unicode bidirectional controls.
fn acted_on(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// The example with `hostile` in the release's name and as the production approver's ID, so
/// that REQ-27 fails with a message quoting it.
fn example_holding(hostile: &str) -> (tempfile::TempDir, PathBuf) {
    example_with(|doc| {
        doc["release"]["name"] = Value::from(format!("payments{hostile}"));
        for approval in doc["approvals"].as_array_mut().expect("approvals") {
            if approval["scope"] == "production-deployment" {
                approval["approver"]["id"] = Value::from(hostile);
            }
        }
    })
}

#[test]
fn escape_sequences_in_evidence_never_reach_the_terminal() {
    // A value that moves the cursor up and erases a line could hide a failing row from the
    // release manager reading the table; a bidirectional override could make text read in
    // another order. Values reach people through the table, standard error, Markdown, GitHub
    // annotations and the audit table: each shows them as visible escapes.
    let (dir, path) =
        example_holding("x\u{1b}[1A\u{1b}[2K\r\u{7}\u{9b}2K\u{202e}evil\nREQ-27  pass  forged");
    let path = path.to_str().expect("path");
    for format in ["table", "markdown", "github"] {
        let out = run_relpolicy(&["check", "--evidence", path, "--verbose", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("u{1b}"), "{format}: {stdout}");
        // A line break in a value cannot start a line that looks like the table's own.
        assert!(
            !stdout.lines().any(|l| l.starts_with("REQ-27  pass")),
            "{format}: {stdout}"
        );
        assert_eq!(
            acted_on(&out.stdout),
            Vec::<char>::new(),
            "{format}: {stdout}"
        );
        assert_eq!(
            acted_on(&out.stderr),
            Vec::<char>::new(),
            "{format}: {}",
            stderr(&out)
        );
    }
    // The JSON report keeps the values exact (escaped by JSON); diff and verify read it back.
    let report = dir.path().join("report.json");
    let report = report.to_str().expect("path");
    run_relpolicy(&[
        "check",
        "--evidence",
        path,
        "--format",
        "json",
        "-o",
        report,
    ]);
    assert!(
        std::fs::read_to_string(report)
            .expect("report")
            .contains("\\u001b[1A")
    );
    let before = dir.path().join("before.json");
    let before = before.to_str().expect("path");
    let example = repo("examples/payments-2.4.0/evidence.json");
    let example = example.to_str().expect("path");
    run_relpolicy(&[
        "check",
        "--evidence",
        example,
        "--format",
        "json",
        "-o",
        before,
    ]);
    for args in [vec!["diff", before, report], vec!["verify", report]] {
        let out = run_relpolicy(&args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        // diff shows the findings the value is in; a report that stands shows none.
        assert!(args[0] != "diff" || stdout.contains("u{1b}"), "{stdout}");
        assert_eq!(
            acted_on(&out.stdout),
            Vec::<char>::new(),
            "{args:?}: {stdout}"
        );
    }
    let out = run_relpolicy(&["audit", dir.path().to_str().expect("dir")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout
            .lines()
            .any(|l| l.trim_start().starts_with("REQ-27  pass")),
        "{stdout}"
    );
    assert_eq!(
        acted_on(&out.stdout),
        Vec::<char>::new(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // Raw control characters in a file a release folder gathers: quoted in a finding, and on
    // the line drawn under it.
    let release = tempfile::tempdir().expect("tempdir");
    crate::verify::copy_dir(&repo("examples/payments-2.4.0"), release.path());
    let notes = release.path().join("RELEASE_NOTES.md");
    let text = std::fs::read_to_string(&notes).expect("notes").replace(
        "- CHG-2026-0915: Payment",
        "- CHG-2026-0915: Payment\n- CHG-2026-9999: \u{1b}[2K\u{1b}[1Aall clear",
    );
    std::fs::write(&notes, text).expect("write");
    let out = run_relpolicy(&["check", release.path().to_str().expect("dir")]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("CHG-2026-9999"), "{stdout}");
    assert_eq!(acted_on(&out.stdout), Vec::<char>::new(), "{stdout}");
    assert_eq!(
        acted_on(&out.stderr),
        Vec::<char>::new(),
        "{}",
        stderr(&out)
    );
}

/// Whether `c` is a character XML 1.0 can hold (its `Char` production).
fn xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

#[test]
fn reports_stay_readable_by_their_parsers_whatever_the_evidence_holds() {
    // A CI server that cannot parse the JUnit report shows none of its failures. Characters
    // XML cannot hold (NUL, ESC, U+FFFE, U+FFFF), as text or as character references, must not
    // reach it from the evidence; the JSON formats must stay JSON.
    let (dir, path) = example_holding("x\u{0}\u{1b}[1A\u{b}\u{fffe}\u{ffff}\u{202e}evil");
    let path = path.to_str().expect("path");
    let junit = dir.path().join("matrix.xml");
    let out = run_relpolicy(&[
        "check",
        "--evidence",
        path,
        "--report",
        &format!("junit={}", junit.display()),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let xml = std::fs::read_to_string(&junit).expect("junit report");
    let bad: Vec<char> = xml.chars().filter(|&c| !xml_char(c as u32)).collect();
    assert_eq!(bad, Vec::<char>::new(), "{xml}");
    for reference in xml.split("&#").skip(1) {
        let number = reference.split(';').next().unwrap_or("");
        let value = match number.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => number.parse(),
        };
        assert!(value.is_ok_and(xml_char), "&#{number}; in {xml}");
    }
    assert!(xml.contains("REQ-27") && xml.contains("<failure"), "{xml}");
    for format in ["json", "sarif", "codequality", "oscal"] {
        let out = run_relpolicy(&["check", "--evidence", path, "--format", format]);
        let parsed: Result<Value, _> = serde_json::from_slice(&out.stdout);
        assert!(
            parsed.is_ok(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
