//! `relpolicy validate`: the schema check alone.

use std::io::Write;

use crate::cli::ValidateArgs;
use crate::cmd::{Outcome, read_evidence};
use crate::diagnostics::Problem;
use crate::matrix::Exit;
use crate::schema;

pub fn run(args: &ValidateArgs, out: &mut dyn Write) -> Outcome {
    let evidence = match read_evidence(&args.evidence) {
        Ok(evidence) => evidence,
        Err(problem) => return Outcome::failed(vec![problem]),
    };
    let violations = schema::validate(&evidence.document);
    let name = evidence.file.name();
    let (line, outcome) = if violations.is_empty() {
        let version = evidence
            .document
            .get("schema_version")
            .and_then(|v| v.as_str())
            .unwrap_or("?");
        (
            format!("{name}: valid evidence (schema_version {version})"),
            Outcome {
                exit: Exit::Pass,
                problems: Vec::new(),
            },
        )
    } else {
        let count = violations.len();
        (
            format!(
                "{name}: {count} schema violation{}",
                if count == 1 { "" } else { "s" }
            ),
            Outcome::failed(schema::problems(&violations, &evidence.file)),
        )
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
