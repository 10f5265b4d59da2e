//! One orchestrator per subcommand: each runs the pipeline stages it needs and
//! returns an [`Outcome`]; none prints to the terminal itself.

pub mod audit;
pub mod check;
pub mod diff;
pub mod doc;
pub mod explain;
pub mod gather;
pub mod habits;
pub mod init;
pub mod lint;
pub mod test;
pub mod validate;
pub mod verify;
mod verify_vsa;

use std::path::Path;

use crate::checker::{Intake, prepare};
use crate::diagnostics::Problem;
use crate::evidence::{Context, Prepared};
use crate::matrix::Exit;

/// How a command ended: the exit status, and the problems to report on standard error.
#[derive(Debug)]
pub struct Outcome {
    pub exit: Exit,
    pub problems: Vec<Problem>,
}

impl Outcome {
    /// Nothing could be evaluated.
    pub fn failed(problems: Vec<Problem>) -> Self {
        Self {
            exit: Exit::Error,
            problems,
        }
    }
}

/// Read an evidence document's bytes from a path, or from standard input for `-`, with the
/// name diagnostics should use for it. Only a regular file is read, and neither it nor standard
/// input may hold more than `limit` bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<(String, Vec<u8>), Problem> {
    use crate::source::{ReadError, read_bounded, read_regular};
    let read = if path == Path::new("-") {
        read_bounded(std::io::stdin().lock(), limit).map(|bytes| ("<stdin>".to_owned(), bytes))
    } else {
        read_regular(path, limit).map(|bytes| (path.display().to_string(), bytes))
    };
    read.map_err(|e| {
        let shown = if path == Path::new("-") {
            "standard input".to_owned()
        } else {
            path.display().to_string()
        };
        let (code, help) = match &e {
            ReadError::TooLarge { .. } => (
                "relpolicy::evidence::too_large",
                "raise the limit with --max-evidence-mb if this really is one release's evidence (docs/limits.md)",
            ),
            ReadError::NotRegular(_) => (
                "relpolicy::evidence::not_a_file",
                "pass a regular file, a release folder, or `-` to read standard input",
            ),
            ReadError::Io(_) => (
                "relpolicy::evidence::unreadable",
                "pass the path of an evidence JSON document with --evidence (see docs/evidence.md)",
            ),
        };
        Problem::error(code, format!("cannot read evidence {shown}: {e}")).help(help)
    })
}

/// Take in the evidence at `path`: a JSON document, `-` for standard input, or a release
/// folder, which is gathered first. Returns the prepared evidence (or why there is none) and
/// the problems gathering met, which come before any the document itself has.
pub fn take_in(path: &Path, context: &Context) -> (Intake, Vec<Problem>) {
    if !path.is_dir() {
        return (
            prepare(read_bytes(path, context.limits.evidence_bytes), context),
            Vec::new(),
        );
    }
    match crate::gather::gather(path) {
        Ok(gathered) => {
            let name = format!("{} (gathered)", path.display());
            let (mut prepared, warnings) = Prepared::gathered(
                name,
                gathered.document,
                gathered.bulk,
                path.to_path_buf(),
                context,
            );
            prepared.unreadable = gathered.broken;
            prepared.settings = gathered.settings;
            prepared.positions = gathered.positions;
            (Ok((prepared, warnings)), gathered.problems)
        }
        Err(mut problems) => {
            let first = problems.remove(0);
            (Err(first), problems)
        }
    }
}

/// Why `path` cannot be evidence at all, if it cannot: it does not exist, or it is a folder
/// without a relpolicy.yaml. The help names the nearest existing names beside it.
pub fn not_found(path: &Path) -> Option<Problem> {
    use crate::gather::MANIFEST_NAME;
    if path == Path::new("-") {
        return None;
    }
    let usage = "pass an evidence JSON document, a release folder holding relpolicy.yaml, or `-` for standard input (`relpolicy check EVIDENCE`)";
    if path.is_dir() {
        if path.join(MANIFEST_NAME).exists() {
            return None;
        }
        return Some(
            Problem::error(
                "relpolicy::evidence::not_found",
                format!(
                    "{} is a folder without a {MANIFEST_NAME}: it is not a release folder",
                    path.display()
                ),
            )
            .help(format!(
                "`relpolicy init {}` writes a starter {MANIFEST_NAME}; or {usage}",
                path.display()
            )),
        );
    }
    if std::fs::symlink_metadata(path).is_ok() {
        return None;
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let near: Vec<String> = match (std::fs::read_dir(parent), &name) {
        (Ok(entries), Some(name)) => {
            let mut scored: Vec<(f64, String)> = entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .map(|n| (strsim::jaro_winkler(name, &n), n))
                .filter(|(score, _)| *score > 0.75)
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            scored
                .into_iter()
                .take(3)
                .map(|(_, n)| parent.join(n).display().to_string())
                .collect()
        }
        _ => Vec::new(),
    };
    let help = match near.as_slice() {
        [] => usage.to_owned(),
        names => format!("did you mean {}? Otherwise {usage}", names.join(" or ")),
    };
    Some(
        Problem::error(
            "relpolicy::evidence::not_found",
            format!("{} does not exist", path.display()),
        )
        .help(help),
    )
}

/// True for the names of standard output: `-` and `/dev/stdout`.
pub fn is_stdout(path: &Path) -> bool {
    path == Path::new("-") || path == Path::new("/dev/stdout")
}

/// Write output to `path` (replaced atomically) or to standard output, where a reader that
/// stopped early (`relpolicy ... | head`) is not an error. A failure becomes a problem that
/// names what could not be written where.
pub fn emit(
    path: Option<&Path>,
    stdout: &mut dyn std::io::Write,
    what: &str,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), Problem> {
    // `-o -` and `-o /dev/stdout` mean standard output, written directly.
    let path = path.filter(|p| !is_stdout(p));
    let written = match path {
        Some(path) => crate::report::write_atomically(path, write),
        None => write(stdout).or_else(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Ok(()),
            _ => Err(e),
        }),
    };
    written.map_err(|e| write_problem(what, path.unwrap_or(Path::new("standard output")), &e))
}

/// `what` could not be written to `target` (a path, or "standard output").
pub fn write_problem(what: &str, target: &Path, e: &std::io::Error) -> Problem {
    Problem::error(
        "relpolicy::report::write",
        format!("cannot write {what} to {}: {e}", target.display()),
    )
    .help("write to a regular file (or a new path) in a directory that exists and is writable, or to `-` for standard output")
}
