//! `relpolicy lint`: report what is wrong with a policy library, without evidence.

use std::io::Write;

use crate::cli::LintArgs;
use crate::cmd::{Outcome, emit};
use crate::diagnostics::{Severity, any_errors};
use crate::matrix::Exit;
use crate::policy::lint::lint;
use crate::policy::{Library, LibrarySource, Sources};

pub fn run(args: &LintArgs, stdout: &mut dyn Write) -> Outcome {
    let sources = Sources {
        library: LibrarySource::Dir(args.dir.clone()),
        catalog: args.catalog.clone(),
        params: None,
    };
    let library = match Library::read(&sources) {
        Ok(library) => library,
        Err(problems) => return Outcome::failed(problems),
    };
    let result = lint(&library);
    let mut problems = result.problems;
    if result.requirements == 0 && any_errors(&problems) {
        // The catalogue itself could not be read.
        return Outcome::failed(problems);
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity() == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    let summary = format!(
        "{}: {} requirements, {} policies, {} test files: {errors} error{}, {warnings} warning{}\n",
        library.origin,
        result.requirements,
        result.policies,
        library.tests.len(),
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    );
    let mut exit = if errors > 0 {
        Exit::Violations
    } else {
        Exit::Pass
    };
    if let Err(problem) = emit(None, stdout, "the lint summary", |out| {
        out.write_all(summary.as_bytes())
    }) {
        problems.push(problem);
        exit = Exit::Error;
    }
    Outcome { exit, problems }
}
