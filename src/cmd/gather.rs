//! `relpolicy gather`: the evidence document of a release folder, printed or written.

use std::io::Write;

use crate::cli::GatherArgs;
use crate::cmd::{Outcome, emit};
use crate::diagnostics::any_errors;
use crate::evidence::summarise_with;
use crate::gather;
use crate::matrix::Exit;

pub fn run(args: &GatherArgs, stdout: &mut dyn Write) -> Outcome {
    let gathered = match gather::gather_to_write(&args.dir) {
        Ok(gathered) => gathered,
        Err(problems) => return Outcome::failed(problems),
    };
    let mut problems = gathered.problems;
    // A document missing the files that failed would read as complete: write none.
    if any_errors(&problems) {
        return Outcome::failed(problems);
    }
    // The summaries `check` computes, so a reader of the document sees the counts too.
    let (document, _) = summarise_with(gathered.document, &gathered.bulk);
    let written = emit(
        args.output.as_deref(),
        stdout,
        "the evidence document",
        |out| gather::write_json(&document, &gathered.bulk, out),
    );
    // The process ends right after this; freeing a large document's values one by one only
    // delays the exit (as for `check`), so leave that to the operating system.
    std::mem::forget(document);
    std::mem::forget(gathered.bulk);
    if let Err(problem) = written {
        problems.push(problem);
        return Outcome::failed(problems);
    }
    Outcome {
        exit: Exit::Pass,
        problems,
    }
}
