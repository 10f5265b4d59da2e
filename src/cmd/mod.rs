//! One orchestrator per subcommand: each runs the pipeline stages it needs and
//! returns an [`Outcome`]; none prints to the terminal itself.

pub mod check;
pub mod validate;

use std::io::Read;
use std::path::Path;

use crate::diagnostics::Problem;
use crate::evidence::Evidence;
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

/// Read and parse an evidence document.
pub fn read_evidence(path: &Path) -> Result<Evidence, Problem> {
    let (name, bytes) = read_bytes(path)?;
    Evidence::parse(&name, bytes)
}
