//! `relpolicy test`: run a policy library's unit tests and, on request, measure coverage.

use std::fmt::Write as _;
use std::io::Write;

use crate::cli::TestArgs;
use crate::cmd::{Outcome, emit};
use crate::diagnostics::Problem;
use crate::matrix::Exit;
use crate::policy::testing::{self, Options, TestRun, TestStatus, percent};
use crate::policy::{Library, LibrarySource, Sources};

pub fn run(args: &TestArgs, stdout: &mut dyn Write) -> Outcome {
    let sources = Sources {
        library: LibrarySource::Dir(args.dir.clone()),
        catalog: None,
        params: args.params.clone(),
    };
    let library = match Library::read(&sources) {
        Ok(library) => library,
        Err(problems) => return Outcome::failed(problems),
    };
    let options = Options {
        filter: args.run.as_deref(),
        coverage: args.coverage || args.threshold.is_some(),
        limits: crate::limits::Limits {
            time: std::time::Duration::from_secs(args.time_limit),
            print_bytes: args.max_print_kb.saturating_mul(1024),
            ..crate::limits::Limits::DEFAULT
        },
    };
    let run = testing::run(&library, &options);
    let mut problems = run.problems.clone();
    let mut exit = if !problems.is_empty() || run.count(|s| matches!(s, TestStatus::Error(_))) > 0 {
        Exit::Error
    } else if run.count(|s| *s == TestStatus::Fail) > 0 {
        Exit::Violations
    } else {
        Exit::Pass
    };
    if let (Some(threshold), Some((covered, lines))) = (args.threshold, run.total_coverage()) {
        let total = percent(covered, lines);
        if total < threshold {
            problems.push(
                Problem::error(
                    "relpolicy::test::coverage",
                    format!("coverage is {total:.1}%, below the threshold of {threshold}%"),
                )
                .help("add tests that reach the lines listed as not covered, or lower --threshold"),
            );
            exit = exit.max(Exit::Violations);
        }
    }
    if let Err(problem) = emit(None, stdout, "the test results", |out| {
        out.write_all(render(&run).as_bytes())
    }) {
        problems.push(problem);
        exit = Exit::Error;
    }
    Outcome { exit, problems }
}

/// One line per test, what failing tests printed, the totals, then coverage.
fn render(run: &TestRun) -> String {
    let mut out = String::new();
    for r in &run.results {
        let (label, detail) = match &r.status {
            TestStatus::Pass => ("PASS ", String::new()),
            TestStatus::Fail => ("FAIL ", " (undefined or false)".to_owned()),
            TestStatus::Error(e) => ("ERROR", format!(": {e}")),
            TestStatus::Skip => ("SKIP ", String::new()),
        };
        let _ = writeln!(out, "{label} {}:{}: {}{detail}", r.file, r.line, r.name);
        if r.status != TestStatus::Pass {
            for line in &r.prints {
                let _ = writeln!(out, "      print: {line}");
            }
        }
    }
    if run.results.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "\n{} test{}: {} passed, {} failed, {} errored, {} skipped",
        run.results.len(),
        if run.results.len() == 1 { "" } else { "s" },
        run.count(|s| *s == TestStatus::Pass),
        run.count(|s| *s == TestStatus::Fail),
        run.count(|s| matches!(s, TestStatus::Error(_))),
        run.count(|s| *s == TestStatus::Skip),
    );
    if let (Some(files), Some((covered, lines))) = (&run.coverage, run.total_coverage()) {
        let width = files.iter().map(|f| f.file.len()).max().unwrap_or(0).max(5);
        let _ = writeln!(out, "\nCoverage of policy and library lines:");
        for f in files {
            let _ = write!(
                out,
                "  {:<width$}  {:>6.1}%  {:>9}",
                f.file,
                f.percent(),
                format!("{}/{}", f.covered, f.lines())
            );
            if !f.not_covered.is_empty() {
                let _ = write!(out, "  not covered: {}", ranges(&f.not_covered));
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "  {:<width$}  {:>6.1}%  {:>9}",
            "total",
            percent(covered, lines),
            format!("{covered}/{lines}")
        );
    }
    out
}

/// `[3, 4, 5, 9]` as `3-5, 9`.
fn ranges(lines: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = lines[i];
        let mut end = start;
        while i + 1 < lines.len() && lines[i + 1] == end + 1 {
            i += 1;
            end = lines[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_lists_collapse_into_ranges() {
        assert_eq!(ranges(&[3, 4, 5, 9, 11, 12]), "3-5, 9, 11-12");
        assert_eq!(ranges(&[]), "");
    }
}
