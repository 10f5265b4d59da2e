//! `relpolicy gather`: the evidence document of a release folder, printed or written.

use std::io::{ErrorKind, Write};

use crate::cli::GatherArgs;
use crate::cmd::Outcome;
use crate::diagnostics::{Problem, any_errors};
use crate::evidence::derive;
use crate::gather;
use crate::matrix::Exit;
use crate::report;

pub fn run(args: &GatherArgs, stdout: &mut dyn Write) -> Outcome {
    let gathered = match gather::gather(&args.dir) {
        Ok(gathered) => gathered,
        Err(problems) => return Outcome::failed(problems),
    };
    let mut problems = gathered.problems;
    // A document missing the files that failed would read as complete: write none.
    if any_errors(&problems) {
        return Outcome::failed(problems);
    }
    // The summaries `check` computes, so a reader of the document sees the counts too.
    let (document, _) = derive(gathered.document);
    let bytes = gather::to_json(&document);
    let written = match &args.output {
        Some(path) => report::write_atomically(path, |out| out.write_all(&bytes)),
        None => stdout.write_all(&bytes).or_else(|e| match e.kind() {
            ErrorKind::BrokenPipe => Ok(()),
            _ => Err(e),
        }),
    };
    if let Err(e) = written {
        let target = args
            .output
            .as_ref()
            .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
        problems.push(
            Problem::error(
                "relpolicy::report::write",
                format!("cannot write the evidence document to {target}: {e}"),
            )
            .help("check that the directory exists and is writable"),
        );
        return Outcome::failed(problems);
    }
    Outcome {
        exit: Exit::Pass,
        problems,
    }
}
