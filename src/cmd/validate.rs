//! `relpolicy validate`: the schema check alone.

use std::io::Write;

use crate::cli::ValidateArgs;
use crate::cmd::{Outcome, take_in};
use crate::diagnostics::{Problem, any_errors};
use crate::matrix::Exit;

pub fn run(args: &ValidateArgs, out: &mut dyn Write) -> Outcome {
    let context = crate::evidence::Context {
        as_of: crate::manifest::evaluation_time(),
        limits: args.limits.limits(),
    };
    let (intake, mut problems) = take_in(args.evidence(), &context);
    let (prepared, _) = match intake {
        Ok(prepared) => prepared,
        Err(problem) => {
            problems.push(problem);
            return Outcome::failed(problems);
        }
    };
    let mut violations = prepared.violations.clone();
    violations.extend(prepared.unreadable.iter().cloned());
    let name = prepared.file.name();
    let (line, outcome) = if violations.is_empty() && !any_errors(&problems) {
        let version = prepared
            .document
            .get("schema_version")
            .and_then(|v| v.as_str())
            .unwrap_or("?");
        (
            format!("{name}: valid evidence (schema_version {version})"),
            Outcome {
                exit: Exit::Pass,
                problems,
            },
        )
    } else {
        let count = prepared.violations.len();
        problems.extend(prepared.schema_problems());
        let line = if count == 0 {
            format!("{name}: could not be gathered completely")
        } else {
            format!(
                "{name}: {count} schema violation{}",
                if count == 1 { "" } else { "s" }
            )
        };
        (line, Outcome::failed(problems))
    };
    match writeln!(out, "{line}") {
        Ok(()) => outcome,
        Err(e) => {
            let mut problems = outcome.problems;
            problems.push(Problem::error(
                "relpolicy::report::write",
                format!("cannot write output: {e}"),
            ));
            Outcome::failed(problems)
        }
    }
}
