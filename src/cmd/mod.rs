//! One orchestrator per subcommand: each runs the pipeline stages it needs and
//! returns an [`Outcome`]; none prints to the terminal itself.

pub mod check;
pub mod doc;
pub mod explain;
pub mod gather;
pub mod init;
pub mod lint;
pub mod test;
pub mod validate;
pub mod verify;

use std::io::Read;
use std::path::Path;

use crate::checker::{Intake, prepare};
use crate::diagnostics::Problem;
use crate::matrix::{Exit, Prepared};

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
/// name diagnostics should use for it.
pub fn read_bytes(path: &Path) -> Result<(String, Vec<u8>), Problem> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map(|_| ("<stdin>".to_owned(), bytes))
    } else {
        std::fs::read(path).map(|bytes| (path.display().to_string(), bytes))
    }
    .map_err(|e| {
        Problem::error(
            "relpolicy::evidence::unreadable",
            format!("cannot read evidence {}: {e}", path.display()),
        )
        .help("pass the path of an evidence JSON document with --evidence (see docs/evidence.md)")
    })
}

/// Take in the evidence at `path`: a JSON document, `-` for standard input, or a release
/// folder, which is gathered first. Returns the prepared evidence (or why there is none) and
/// the problems gathering met, which come before any the document itself has.
pub fn take_in(path: &Path) -> (Intake, Vec<Problem>) {
    if !path.is_dir() {
        return (prepare(read_bytes(path)), Vec::new());
    }
    match crate::gather::gather(path) {
        Ok(gathered) => {
            let name = format!("{} (gathered)", path.display());
            let intake = Prepared::from_bytes(&name, crate::gather::to_json(&gathered.document))
                .map(|(mut prepared, warnings)| {
                    prepared.unreadable = gathered.broken;
                    prepared.root = Some(path.to_path_buf());
                    (prepared, warnings)
                });
            (intake, gathered.problems)
        }
        Err(mut problems) => {
            let first = problems.remove(0);
            (Err(first), problems)
        }
    }
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
    let written = match path {
        Some(path) => crate::report::write_atomically(path, write),
        None => write(stdout).or_else(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Ok(()),
            _ => Err(e),
        }),
    };
    written.map_err(|e| {
        let target = path.map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
        Problem::error(
            "relpolicy::report::write",
            format!("cannot write {what} to {target}: {e}"),
        )
        .help("check that the directory exists and is writable")
    })
}
