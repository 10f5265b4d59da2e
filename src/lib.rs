//! relpolicy decides whether a software release may go to production.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`evidence`] reads the evidence document (one JSON file) and derives the
//!    aggregates policies read (test counts, cost totals) from the items.
//! 2. [`schema`] checks it against the evidence schema, locating every
//!    violation at its line.
//! 3. [`catalog`] reads the requirement catalogue: the rows of the matrix.
//! 4. [`policy`] loads the policy library, compiles one Rego policy per
//!    requirement once, and evaluates it (regorus is confined to
//!    `policy::engine`).
//! 5. [`matrix`] decides each requirement's verdict, failing closed, and
//!    points every message at the evidence behind it.
//! 6. [`report`] renders the matrix, with a [`manifest`] of input digests.
//!
//! Before all of these, [`gather`] can build the evidence document from a release folder
//! of real producers' files (JUnit, CTRF, changelogs, logs, FOCUS CSV), keeping provenance.
//!
//! [`checker`] compiles a library once and checks any number of documents with it.
//! [`cmd`] holds one orchestrator per subcommand; [`run`] dispatches. The library
//! prints nothing: reports go to the writer it is given, problems are returned.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod attest;
pub mod audit;
pub mod catalog;
pub mod checker;
pub mod cli;
pub mod cmd;
pub mod diagnostics;
pub mod evidence;
#[doc(hidden)]
pub mod fuzzing;
pub mod gather;
pub mod json;
pub mod limits;
pub mod manifest;
pub mod matrix;
pub mod parallel;
pub mod paths;
pub mod policy;
pub mod report;
pub mod schema;
pub mod source;
pub mod waiver;
pub mod when;

use std::io::Write;

pub use cmd::Outcome;

/// Run a parsed command line, writing its report to `stdout`.
pub fn run(cli: cli::Cli, stdout: &mut dyn Write) -> Outcome {
    let color = {
        use std::io::IsTerminal;
        cli.color.enabled(std::io::stdout().is_terminal())
    };
    // The commands that judge evidence as of the evaluation time refuse a malformed
    // SOURCE_DATE_EPOCH instead of silently judging as of now.
    let judges = matches!(
        cli.command,
        cli::Command::Check(_)
            | cli::Command::Audit(_)
            | cli::Command::Validate(_)
            | cli::Command::Explain(_)
    );
    if judges && let Err(problem) = manifest::source_date_epoch() {
        return Outcome::failed(vec![problem]);
    }
    match cli.command {
        cli::Command::Check(mut args) => {
            args.color = color;
            cmd::check::run(&args, stdout)
        }
        cli::Command::Audit(mut args) => {
            use std::io::IsTerminal;
            args.progress = !cli.quiet && std::io::stderr().is_terminal();
            cmd::audit::run(&args, stdout)
        }
        cli::Command::Validate(args) => cmd::validate::run(&args, stdout),
        cli::Command::Gather(args) => cmd::gather::run(&args, stdout),
        cli::Command::Init(args) => cmd::init::run(&args, stdout),
        cli::Command::Test(args) => cmd::test::run(&args, stdout),
        cli::Command::Lint(args) => cmd::lint::run(&args, stdout),
        cli::Command::Explain(args) => cmd::explain::run(&args, stdout),
        cli::Command::Doc(args) => cmd::doc::run(&args, stdout),
        cli::Command::Verify(args) => cmd::verify::run(&args, stdout),
        cli::Command::Diff(args) => cmd::diff::run(&args, stdout),
        cli::Command::Completions(args) => cmd::habits::completions(&args, stdout),
        cli::Command::Manpage(args) => cmd::habits::manpage(&args, stdout),
    }
}
