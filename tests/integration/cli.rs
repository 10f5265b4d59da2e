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
