//! The command line: clap derive types, with the help text as doc comments.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::catalog::Phase;
use crate::limits::{Limits, MIB};
use crate::policy::{LibrarySource, Sources};
use crate::report::Format;

const EXIT_CODES: &str = "\
Exit status:
  0  every requirement passed (warn, waived and not_applicable are allowed)
  1  at least one requirement is fail or missing_evidence
  2  relpolicy could not evaluate everything: a usage error, unreadable or schema-invalid
     evidence, a policy that does not compile or errors, or a requirement with no policy.
     The report is still written for the requirements that could be evaluated.";

/// Decide whether a software release may go to production.
///
/// relpolicy checks a release's evidence (test reports, approvals, release notes, rollback tests,
/// promotion and deployment logs, cost reports) against a JSON Schema, evaluates one Rego policy
/// per requirement, and prints a traceability matrix: requirement, policy, evidence, verdict.
/// Verdicts fail closed: only a policy that positively established a requirement on evidence that
/// is present makes it pass.
#[derive(Debug, Parser)]
#[command(name = "relpolicy", version, after_long_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour output: `auto` colours a terminal unless NO_COLOR is set; CLICOLOR_FORCE
    /// (not 0) colours even a pipe; `always` and `never` decide alone.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print nothing but errors: the exit status says the verdict. Reports named with
    /// --output or --report are still written.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// `--color`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether output to a stream that `is_terminal` (or not) gets colour: `always` and
    /// `never` decide alone; `auto` follows CLICOLOR_FORCE (set and not `0`: colour), then
    /// NO_COLOR (set and not empty: none), then whether the stream is a terminal.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto => {
                let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
                if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                    return true;
                }
                set("NO_COLOR").is_none() && is_terminal
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a release's evidence against the policies and print the traceability matrix.
    ///
    /// Prints one row per catalogued requirement (ID, status, title, first reason), then every
    /// finding in full with the file and line of the evidence it points at. Problems with the
    /// inputs themselves are reported on standard error.
    #[command(after_long_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Check an evidence document against the evidence schema, without evaluating policies.
    ///
    /// Prints whether the document is valid; every schema violation is reported on standard error
    /// with its JSON pointer and its line in the file. Exits 0 when valid, 2 when not.
    Validate(ValidateArgs),
    /// Build the evidence document from a release folder, as its relpolicy.yaml describes.
    ///
    /// Reads the test reports, release notes, approvals, promotion and deployment logs, cost
    /// exports and documents the manifest names, and prints one evidence document in which every
    /// item records the file and line it came from. Problems are reported on standard error; when
    /// any file cannot be read, no document is written and the exit status is 2.
    Gather(GatherArgs),
    /// Write a commented starter relpolicy.yaml into a release folder.
    Init(InitArgs),
    /// Run a policy library's unit tests: rules named test_* in files ending in _test.rego.
    ///
    /// Prints every test with its file and line and whether it passed, with what print() wrote
    /// for tests that did not pass. A test passes when its rule is defined and not false. With
    /// --coverage, prints the share of policy and library lines the tests evaluated.
    #[command(after_long_help = TEST_EXIT_CODES)]
    Test(TestArgs),
    /// Check a policy library for what would make its verdicts wrong or unreadable.
    ///
    /// Reports files that do not parse, policies naming unknown or already claimed requirements,
    /// catalogued requirements without a policy, METADATA without title, description, severity
    /// or remediation, evidence pointers the schema does not have, policies that read another
    /// requirement's policy or fail on an empty document, and policies no test mentions.
    #[command(after_long_help = LINT_EXIT_CODES)]
    Lint(LintArgs),
    /// Explain one requirement: its statement, its policy, the evidence and parameters it reads,
    /// and, given evidence, its verdict with the evidence values behind it.
    #[command(after_long_help = EXPLAIN_EXIT_CODES)]
    Explain(ExplainArgs),
    /// Re-check an archived JSON report: recompute the digests of its evidence, schema,
    /// catalogue, parameters and policies, re-evaluate, and say whether the report still stands.
    ///
    /// The evidence, library and phase are those the report names (a release folder is gathered
    /// again); EVIDENCE and the library options point elsewhere when the archive has moved. Every
    /// changed, missing or added file is named, and every verdict that differs.
    #[command(after_long_help = VERIFY_EXIT_CODES)]
    Verify(VerifyArgs),
    /// Evaluate many releases with the library compiled once: release folders, evidence
    /// documents and archived JSON reports, or folders holding them (searched recursively).
    ///
    /// Releases are evaluated on every core (--jobs). The output is the requirement × release
    /// matrix with pass rates per requirement, per service and per month, and the releases that
    /// failed or could not be evaluated with their reasons; or, with --format jsonl, one full
    /// JSON report per release, streamed in a fixed order. A release that cannot be read is an
    /// `error` row, never the end of the run. --merge combines the JSON lines of several runs.
    #[command(after_long_help = AUDIT_EXIT_CODES)]
    Audit(AuditArgs),
    /// Write a Markdown reference of the catalogue and its policies: per requirement its
    /// statement, severity, release types, phase, source, policy, evidence and remediation.
    Doc(DocArgs),
    /// Compare two JSON reports: per requirement, its status before and after, the findings it
    /// gained and lost, the inputs behind it that changed, and its waivers added, removed,
    /// used and expired.
    #[command(after_long_help = DIFF_EXIT_CODES)]
    Diff(DiffArgs),
    /// Print a shell completion script: `relpolicy completions bash > /etc/bash_completion.d/relpolicy`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `relpolicy manpage > relpolicy.1`, or one page per command
    /// with --dir.
    Manpage(ManpageArgs),
}

const AUDIT_EXIT_CODES: &str = "\
Exit status:
  0  every release passed (as `check` exits 0 for each)
  1  at least one release fails or lacks evidence, and every release could be evaluated
  2  at least one release could not be evaluated completely (unreadable, broken, a policy
     error), no release was found, or the library or the options are unusable. The other
     releases are still evaluated and reported.";

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Release folders (holding relpolicy.yaml), evidence documents, JSON reports written by
    /// `check --format json` (re-evaluated from the evidence they name), or folders holding
    /// any of these. With --merge: JSON Lines files written by `audit --format jsonl`.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Keep only what a folder search finds whose path below the searched folder matches
    /// PATTERN (`2026-*/**`, `**/payments-*`); repeat for several. Paths named on the command
    /// line are always kept.
    #[arg(long = "glob", value_name = "PATTERN", value_parser = parse_glob)]
    pub globs: Vec<glob::Pattern>,

    /// Evaluate this many releases at once (default: the number of cores).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// The PATHs are JSON Lines files of earlier `audit --format jsonl` runs (one per CI
    /// worker, say): combine them, in the order one run over everything would give, without
    /// evaluating anything again.
    #[arg(long)]
    pub merge: bool,

    #[command(flatten)]
    pub library: LibraryArgs,

    /// When the releases are checked (see `relpolicy check --help`).
    #[arg(long, value_enum, default_value_t = Phase::PostDeploy, value_name = "PHASE")]
    pub phase: Phase,

    /// The output format.
    #[arg(short, long, value_enum, default_value_t = AuditFormat::Table, value_name = "FORMAT")]
    pub format: AuditFormat,

    /// Write the output to FILE (replaced atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write FORMAT to FILE; repeat for several, e.g. `--report jsonl=releases.jsonl
    /// --report html=fleet.html`.
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report::<AuditFormat>)]
    pub reports: Vec<(AuditFormat, PathBuf)>,

    /// Judge every release as of this time (see `relpolicy check --help`).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,

    /// Waivers laid over every release, as for `check`; each release folder's own
    /// `waivers:` are added for that release.
    #[arg(long = "waivers", value_name = "FILE")]
    pub waivers: Vec<PathBuf>,

    /// Tailor every release with the catalogue's profile NAME (overrides a folder's
    /// `profile:`).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Show a progress bar (set from the terminal and the global --quiet).
    #[arg(skip)]
    pub progress: bool,

    #[command(flatten)]
    pub limits: LimitArgs,
}

/// An output format for `relpolicy audit`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// Text: verdicts per release, pass rates, the matrix as one letter per requirement.
    Table,
    /// The aggregate as a versioned JSON document (docs/output-formats.md).
    Json,
    /// One full JSON report per release per line, as `check --format json` writes it.
    Jsonl,
    /// The matrix: a row per release, a column per requirement.
    Csv,
    /// Markdown for a summary page or a merge-request comment.
    Markdown,
    /// One self-contained HTML page with charts of pass rates over time.
    Html,
}

impl AuditFormat {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Json => "json",
            Self::Jsonl => "jsonl",
            Self::Csv => "csv",
            Self::Markdown => "markdown",
            Self::Html => "html",
        }
    }
}

fn parse_glob(text: &str) -> Result<glob::Pattern, String> {
    glob::Pattern::new(text).map_err(|e| format!("`{text}` is not a glob pattern: {e}"))
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManpageArgs {
    /// Write relpolicy.1 and a page per command (relpolicy-check.1, ...) into DIR instead of
    /// printing relpolicy.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

const DIFF_EXIT_CODES: &str = "\
Exit status:
  0  nothing got worse
  1  a requirement got worse: it left pass, gained a finding, or now blocks more (waived to fail)
  2  a report could not be read, or was written by an incompatible report version";

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier JSON report (written by `relpolicy check --format json`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The later JSON report.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// The diff's format.
    #[arg(short, long, value_enum, default_value_t = DiffFormat::Table, value_name = "FORMAT")]
    pub format: DiffFormat,

    /// Write the diff to FILE (replaced atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// An output format for `relpolicy diff`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Text for terminals and CI logs.
    Table,
    /// A versioned JSON document (docs/output-formats.md).
    Json,
    /// Markdown for a merge-request comment.
    Markdown,
}

const VERIFY_EXIT_CODES: &str = "\
Exit status:
  0  the report stands: every digest matches and re-evaluation gives the same verdicts
     (for a VSA: the signature is the key's, the subjects are the release's artifacts,
     and re-evaluation gives the same result and levels)
  1  it does not: a file changed, is missing or was added, or a verdict differs; for a
     VSA also a wrong or missing signature, or other subjects
  2  the report could not be read, or the evidence or library could not be evaluated";

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The JSON report (`check --format json`) or verification summary attestation
    /// (`check --report vsa=FILE`) to verify.
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,

    /// The archived evidence (document or release folder), if not where the report says.
    #[arg(value_name = "EVIDENCE")]
    pub evidence: Option<PathBuf>,

    /// The policy library, if the report was not made with the built-in one or it moved.
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// The catalogue, if it was given separately.
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// The parameters file laid over params.yaml, if the report names one and it moved.
    #[arg(long, value_name = "FILE")]
    pub params: Option<PathBuf>,

    /// REPORT is a signed verification summary attestation: check its signature with this
    /// public key (PEM: Ed25519 or ECDSA P-256), then its subjects and verdict.
    #[arg(long, value_name = "PUB")]
    pub key: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DocArgs {
    #[command(flatten)]
    pub library: LibraryArgs,

    /// Write the reference to FILE (replaced atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

const EXPLAIN_EXIT_CODES: &str = "\
Exit status:
  0  explained; with evidence, the requirement passes (or warn, waived, not_applicable)
  1  with evidence, the requirement fails or lacks evidence
  2  unknown requirement, unreadable library or evidence, or the requirement is in error";

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The requirement ID, e.g. REQ-27.
    #[arg(value_name = "ID")]
    pub id: String,

    /// Evidence to decide the requirement on: a JSON document, a release folder, or `-`.
    #[arg(value_name = "EVIDENCE")]
    pub path: Option<PathBuf>,

    /// The same as EVIDENCE, as an option.
    #[arg(short, long, value_name = "PATH", conflicts_with = "path")]
    pub evidence: Option<PathBuf>,

    #[command(flatten)]
    pub library: LibraryArgs,

    /// The phase to decide in (see `relpolicy check --help`).
    #[arg(long, value_enum, default_value_t = Phase::PostDeploy, value_name = "PHASE")]
    pub phase: Phase,

    #[command(flatten)]
    pub limits: LimitArgs,
}

impl ExplainArgs {
    /// The evidence path, if any was given.
    pub fn evidence(&self) -> Option<&Path> {
        self.path.as_deref().or(self.evidence.as_deref())
    }
}

const LINT_EXIT_CODES: &str = "\
Exit status:
  0  no errors (warnings are printed but allowed)
  1  the library has errors
  2  the library or its catalogue could not be read";

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The policy library: a directory with catalog.yaml and .rego files.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// A requirement catalogue to use instead of the library's catalog.yaml.
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
}

const TEST_EXIT_CODES: &str = "\
Exit status:
  0  every test passed (and coverage reached the threshold, if one was given)
  1  a test failed, or coverage is below the threshold
  2  a test errored, or the library or its tests could not be loaded";

#[derive(Debug, Args)]
pub struct TestArgs {
    /// The policy library: a directory with catalog.yaml, params.yaml, policies and
    /// *_test.rego files.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Run only the tests whose name (package.rule) contains PATTERN.
    #[arg(long, value_name = "PATTERN")]
    pub run: Option<String>,

    /// Report the share of policy and library lines the tests evaluated, per file and in total.
    #[arg(long)]
    pub coverage: bool,

    /// Fail when total coverage is below PERCENT (implies --coverage).
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub threshold: Option<f64>,

    /// A YAML file of policy parameters laid over the library's params.yaml.
    #[arg(long, value_name = "FILE")]
    pub params: Option<PathBuf>,

    /// A test whose print() output exceeds this is an error.
    #[arg(long, value_name = "KIB", default_value_t = Limits::DEFAULT.print_bytes / 1024)]
    pub max_print_kb: usize,

    /// Stop a test that runs longer than this; it is an error.
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::DEFAULT.time.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub time_limit: u64,
}

fn parse_percent(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!("`{text}` is not a percentage between 0 and 100")),
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The evidence: a JSON document, a release folder with a relpolicy.yaml (gathered first,
    /// see `relpolicy gather`), or `-` for a document on standard input. Without it, the
    /// current folder.
    #[arg(value_name = "EVIDENCE")]
    pub path: Option<PathBuf>,

    /// The same as EVIDENCE, as an option.
    #[arg(short, long, value_name = "PATH", conflicts_with = "path")]
    pub evidence: Option<PathBuf>,

    #[command(flatten)]
    pub library: LibraryArgs,

    /// When this check runs: `pre-deploy` gates a production deployment (requirements verified
    /// only afterwards are not_applicable); `post-deploy` audits a deployed release and needs
    /// everything, production deployment records included.
    #[arg(long, value_enum, default_value_t = Phase::PostDeploy, value_name = "PHASE")]
    pub phase: Phase,

    /// The report format.
    #[arg(short, long, value_enum, default_value_t = Format::Table, value_name = "FORMAT")]
    pub format: Format,

    /// Write the report to FILE (replaced atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write the report in FORMAT to FILE (replaced atomically); repeat for several, e.g.
    /// `--report junit=matrix.xml --report sarif=matrix.sarif`.
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report::<Format>)]
    pub reports: Vec<(Format, PathBuf)>,

    /// Judge the evidence as of this time instead of now: RFC 3339 with a zone, or a date
    /// (the end of that day, UTC). Nothing in the evidence may be dated after it; waivers and
    /// effective dates are judged at it. The report records it as `evaluated_at`, and
    /// `relpolicy verify` re-checks an archived report as of the time it was made.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,

    /// A YAML file of waivers: approved, expiring deviations that turn the findings they cover
    /// into `waived` (docs/check.md). Repeat for several; a release folder's relpolicy.yaml
    /// can name more under `waivers:`.
    #[arg(long = "waivers", value_name = "FILE")]
    pub waivers: Vec<PathBuf>,

    /// Tailor the catalogue with its profile NAME: the requirements it leaves out are
    /// `not_applicable`, with the profile's reason. Overrides the folder's `profile:`.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Show what each verdict rests on under every row of the table, passes included (the
    /// other formats always carry it).
    #[arg(short, long)]
    pub verbose: bool,

    /// Sign the verification summary attestation (`--report vsa=FILE`) with this private key
    /// (PEM: Ed25519, or ECDSA P-256), as a DSSE envelope (docs/attestations.md).
    #[arg(long, value_name = "KEY")]
    pub sign_key: Option<PathBuf>,

    /// Colour the table (set from the global --color).
    #[arg(skip)]
    pub color: bool,

    #[command(flatten)]
    pub limits: LimitArgs,
}

fn parse_time(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    crate::when::parse_moment(text)
        .ok_or_else(|| format!("`{text}` is not {}", crate::when::MOMENT_HELP))
}

/// The limits on evidence and policies (docs/limits.md).
#[derive(Clone, Debug, Args)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Refuse an evidence document (file or standard input) larger than this.
    #[arg(long, value_name = "MIB", default_value_t = Limits::DEFAULT.evidence_bytes / MIB)]
    pub max_evidence_mb: u64,

    /// Refuse evidence in which one list holds more items than this (the test cases of one
    /// run, the approvals, ...); the requirements resting on that section are `error`.
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT.items)]
    pub max_items: usize,

    /// Stop the policies when they have run this long on one document; the requirements not
    /// decided by then are `error`.
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::DEFAULT.time.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub time_limit: u64,

    /// A policy finding whose message is longer than this is a policy error.
    #[arg(long, value_name = "KIB", default_value_t = Limits::DEFAULT.message_bytes / 1024)]
    pub max_message_kb: usize,

    /// Policies that write more than this with print() on one document are an error.
    #[arg(long, value_name = "KIB", default_value_t = Limits::DEFAULT.print_bytes / 1024)]
    pub max_print_kb: usize,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            evidence_bytes: self.max_evidence_mb.saturating_mul(MIB),
            items: self.max_items,
            time: std::time::Duration::from_secs(self.time_limit),
            message_bytes: self.max_message_kb.saturating_mul(1024),
            print_bytes: self.max_print_kb.saturating_mul(1024),
        }
    }
}

impl Default for LimitArgs {
    fn default() -> Self {
        let d = Limits::DEFAULT;
        Self {
            max_evidence_mb: d.evidence_bytes / MIB,
            max_items: d.items,
            time_limit: d.time.as_secs(),
            max_message_kb: d.message_bytes / 1024,
            max_print_kb: d.print_bytes / 1024,
        }
    }
}

/// `FORMAT=FILE` of `--report`, for `check`'s formats and `audit`'s.
fn parse_report<F: clap::ValueEnum>(text: &str) -> Result<(F, PathBuf), String> {
    let (format, file) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not FORMAT=FILE"))?;
    let format = F::from_str(format, true).map_err(|_| {
        let names: Vec<String> = F::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value())
            .map(|v| v.get_name().to_owned())
            .collect();
        format!("unknown format `{format}`; one of {}", names.join(", "))
    })?;
    if file.is_empty() {
        return Err(format!("`{text}` names no file"));
    }
    Ok((format, PathBuf::from(file)))
}

#[derive(Debug, Args)]
pub struct LibraryArgs {
    /// A policy library directory (catalog.yaml, params.yaml, *.rego) instead of the built-in
    /// library.
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// A requirement catalogue to use instead of the library's catalog.yaml.
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// A YAML file of policy parameters laid over the library's params.yaml: thresholds,
    /// windows, role names. Only the keys it sets change (docs/policies.md).
    #[arg(long, value_name = "FILE")]
    pub params: Option<PathBuf>,
}

impl LibraryArgs {
    pub fn sources(&self) -> Sources {
        Sources {
            library: self
                .policies
                .clone()
                .map_or(LibrarySource::Builtin, LibrarySource::Dir),
            catalog: self.catalog.clone(),
            params: self.params.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The evidence: a JSON document, a release folder with a relpolicy.yaml (gathered first),
    /// or `-` for a document on standard input.
    #[arg(value_name = "EVIDENCE", required_unless_present = "evidence")]
    pub path: Option<PathBuf>,

    /// The same as EVIDENCE, as an option.
    #[arg(short, long, value_name = "PATH", conflicts_with = "path")]
    pub evidence: Option<PathBuf>,

    #[command(flatten)]
    pub limits: LimitArgs,
}

impl CheckArgs {
    /// A check `verify` runs again to compare with what was recorded: `evidence` with
    /// `library` in `phase`, written as `format` to standard output, with default limits and
    /// nothing else set; the caller sets the time, waivers and profile that were recorded.
    pub fn again(evidence: PathBuf, library: LibraryArgs, phase: Phase, format: Format) -> Self {
        Self {
            path: Some(evidence),
            evidence: None,
            library,
            phase,
            format,
            output: None,
            reports: Vec::new(),
            as_of: None,
            waivers: Vec::new(),
            profile: None,
            verbose: false,
            sign_key: None,
            color: false,
            limits: LimitArgs::default(),
        }
    }

    /// The evidence path, whichever way it was given; the current folder without one.
    pub fn evidence(&self) -> &Path {
        self.path
            .as_deref()
            .or(self.evidence.as_deref())
            .unwrap_or(Path::new("."))
    }
}

impl ValidateArgs {
    /// The evidence path, whichever way it was given.
    pub fn evidence(&self) -> &Path {
        evidence_path(self.path.as_deref(), self.evidence.as_deref())
    }
}

fn evidence_path<'a>(path: Option<&'a Path>, option: Option<&'a Path>) -> &'a Path {
    // clap requires one of the two.
    path.or(option).unwrap_or(Path::new("-"))
}

#[derive(Debug, Args)]
pub struct GatherArgs {
    /// The release folder: it holds relpolicy.yaml and the files it names.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Write the evidence document to FILE (replaced atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The release folder to write relpolicy.yaml into (the current one unless --policies is
    /// given alone).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Write the built-in policy library (catalogue, parameters, helpers, policies and their
    /// tests) into DIR, for a team to version and fit to its process: then `relpolicy test DIR`,
    /// `relpolicy lint DIR` and `relpolicy check --policies DIR`.
    #[arg(long, value_name = "DIR")]
    pub policies: Option<PathBuf>,

    /// Replace an existing relpolicy.yaml, or the library's files in a non-empty DIR.
    #[arg(long)]
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
