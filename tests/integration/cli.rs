//! The command line, end to end: every subcommand, format and exit code, run as a user would.
//! Each case is `tests/cmd/<name>.toml` with its expected `.stdout` and `.stderr`; bless changes
//! with `TRYCMD=overwrite cargo test --test integration` and review the diff like code.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        // Reports record when they were made; fix the time so snapshots are stable.
        .env("SOURCE_DATE_EPOCH", "1773525600")
        .case("tests/cmd/*.toml");
}

/// The table at the width the terminal says (COLUMNS), which the cases above fix at 100.
#[test]
fn cli_table_widths() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1773525600")
        .case("tests/cmd/width/*.toml");
}

/// `SOURCE_DATE_EPOCH` fixes the evaluation time; a value that is set but names no time is an
/// error, never a silent "now" (the reproducible-builds convention), and an empty one is unset.
#[test]
fn a_malformed_source_date_epoch_stops_the_commands_that_judge() {
    let run = |value: &str, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_relpolicy"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", value)
            .output()
            .expect("relpolicy runs")
    };
    let example = "examples/payments-2.4.0/evidence.json";
    for value in [
        "1e9",
        "abc",
        "1773525600.5",
        "99999999999999999999",
        "9223372036854775807",
    ] {
        for args in [
            vec!["check", "--evidence", example],
            vec!["audit", example],
            vec!["validate", example],
            vec!["explain", "REQ-27", "--evidence", example],
        ] {
            let out = run(value, &args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{value} {args:?}: {stderr}");
            assert!(
                stderr.contains("relpolicy::cli::source_date_epoch"),
                "{stderr}"
            );
            assert!(out.stdout.is_empty(), "{value} {args:?}");
        }
    }
    // Whole seconds, surrounding spaces allowed, mean that time; empty means unset.
    let out = run(
        " 1773525600 ",
        &["check", "--evidence", example, "-f", "json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a report");
    assert_eq!(report["manifest"]["evaluated_at"], "2026-03-14T22:00:00Z");
    let out = run(
        "",
        &[
            "check",
            "--evidence",
            example,
            "--as-of",
            "2026-03-14T22:00:00Z",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
