//! `go test -json` output: JSON Lines of test2json events (`{"Time", "Action", "Package",
//! "Test", "Elapsed", "Output"}`), as `go test -json ./...` (or `gotestsum --jsonfile`) writes
//! them.
//!
//! Every test and subtest (`TestX/sub`) with a final action is a case: `pass` passed, `fail`
//! failed, `skip` skipped; its `Output` lines are its message when it did not pass. A test that
//! started (`run`) and never ended (a panic, a timeout killing the binary) is an error, and so is
//! a package that failed without a failing test (a build failure, `TestMain` exiting): what go
//! reported as a failure is never dropped. The run spans the earliest to the latest event time.
//! Requirement and change IDs in a test's name (`TestExport/CHG-2026-0892_csv`) are the
//! requirements it verifies; the manifest entry gives category and depth.

use std::collections::BTreeMap;

use serde_json::Value;

use super::File;
use super::manifest::Entry;
use super::text;
use crate::diagnostics::Problem;
use crate::evidence::cases::CaseList;
use crate::evidence::test_case::{Status, TestCase};

/// True when `text` looks like `go test -json` output: its first line that is a JSON object is
/// an event (go before 1.24 prints `FAIL pkg [build failed]` lines among the events).
pub fn is_go_test_json(text: &str) -> bool {
    let Some(first) = text
        .lines()
        .map(str::trim)
        .take(20)
        .find(|l| l.starts_with('{'))
    else {
        return false;
    };
    serde_json::from_str::<Value>(first)
        .is_ok_and(|v| v.get("Action").is_some_and(Value::is_string))
}

/// `FAIL\tpkg [build failed]` (or `[setup failed]`), which go before 1.24 prints among the
/// events for a package that did not build: the package and why.
fn build_failure(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("FAIL")?.trim_start();
    let (package, why) = rest.split_once(char::is_whitespace)?;
    let why = why.trim();
    (why.starts_with('[') && why.ends_with(']')).then(|| (package, why.trim_matches(['[', ']'])))
}

/// What one test (or a package, with an empty test name) did.
#[derive(Default)]
struct Test {
    /// The final action (`pass`, `fail`, `skip`), if there was one.
    outcome: Option<String>,
    elapsed: Option<f64>,
    output: String,
    /// The line of the final action, else of the first event.
    line: usize,
    ran: bool,
}

pub fn read(
    file: &File,
    entry: &Entry,
    warnings: &mut Vec<Problem>,
) -> Result<(Value, CaseList), Problem> {
    // (package, test) in first-seen order, so the cases keep go's order.
    let mut order: Vec<(String, String)> = Vec::new();
    let mut tests: BTreeMap<(String, String), Test> = BTreeMap::new();
    let (mut first, mut last): (Option<chrono::DateTime<chrono::FixedOffset>>, _) = (None, None);
    for (index, line) in file.text.text().lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        // go prints a line that is not an event when the test binary writes to its stdout
        // outside a test (or `go vet` complains): test2json wraps those as output events, but
        // a file put together by hand may hold them raw. They are not evidence of anything.
        let event: Value = match crate::json::parse(trimmed) {
            Ok(Value::Object(map)) => Value::Object(map),
            _ if build_failure(trimmed).is_some() => {
                let (package, why) = build_failure(trimmed).unwrap_or_default();
                let key = (package.to_owned(), String::new());
                let test = tests.entry(key.clone()).or_insert_with(|| {
                    order.push(key.clone());
                    Test::default()
                });
                test.outcome = Some("fail".to_owned());
                test.line = number;
                test.output.push_str(&format!("{why}\n"));
                continue;
            }
            _ => {
                return Err(file
                    .error_at(
                        "relpolicy::gather::go_test",
                        format!("line {number} of {} is not a go test event", file.text.name()),
                        file.offset(number, 1),
                        "expected {\"Action\": ..., \"Package\": ..., \"Test\": ...}",
                    )
                    .help("`go test -json` writes one JSON event per line; write the file with `go test -json ./... > report.json` and nothing else in it"));
            }
        };
        let get = |k: &str| event.get(k).and_then(Value::as_str);
        let Some(action) = get("Action") else {
            return Err(file
                .error_at(
                    "relpolicy::gather::go_test",
                    format!("line {number} of {} has no Action", file.text.name()),
                    file.offset(number, 1),
                    "this event",
                )
                .help("every `go test -json` event has an Action (run, output, pass, fail, skip, ...)"));
        };
        if let Some(time) = get("Time").and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()) {
            first = Some(first.map_or(time, |f: chrono::DateTime<_>| f.min(time)));
            last = Some(last.map_or(time, |l: chrono::DateTime<_>| l.max(time)));
        }
        let key = (
            get("Package").unwrap_or_default().to_owned(),
            get("Test").unwrap_or_default().to_owned(),
        );
        let test = tests.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Test {
                line: number,
                ..Test::default()
            }
        });
        match action {
            "run" => test.ran = true,
            "output" | "build-output" => {
                if let Some(output) = get("Output") {
                    test.output.push_str(output);
                }
            }
            "pass" | "fail" | "skip" | "build-fail" => {
                test.outcome = Some(
                    if action == "build-fail" {
                        "fail"
                    } else {
                        action
                    }
                    .to_owned(),
                );
                test.elapsed = event.get("Elapsed").and_then(Value::as_f64);
                test.line = number;
            }
            // start, pause, cont, bench: nothing to count.
            _ => {}
        }
    }
    if tests.is_empty() {
        return Err(file
            .error_at(
                "relpolicy::gather::go_test",
                format!("{} holds no go test events", file.text.name()),
                0,
                "empty",
            )
            .help("write the report with `go test -json ./...`"));
    }
    let mut cases = file.case_list();
    let mut packages_failing_alone = 0;
    for key in &order {
        let (package, name) = key;
        let test = &tests[key];
        if name.is_empty() {
            // A package: its own verdict matters only when no test of it explains a failure.
            let failed_test = tests.iter().any(|((p, t), x)| {
                p == package && !t.is_empty() && x.outcome.as_deref() == Some("fail")
            });
            if test.outcome.as_deref() == Some("fail") && !failed_test {
                packages_failing_alone += 1;
                cases.push_case(&case(
                    file,
                    entry,
                    package,
                    "(package)",
                    Status::Error,
                    test,
                    Some(format!("package {package} failed without a failing test")),
                ));
            }
            continue;
        }
        let status = match test.outcome.as_deref() {
            Some("pass") => Status::Passed,
            Some("skip") => Status::Skipped,
            Some("fail") => Status::Failed,
            _ => Status::Error,
        };
        let missing = (status == Status::Error).then(|| {
            "the test started but go reported no result for it (a panic or a timeout?)".to_owned()
        });
        cases.push_case(&case(file, entry, package, name, status, test, missing));
    }
    if packages_failing_alone > 0 {
        warnings.push(
            Problem::warning(
                "relpolicy::gather::go_test",
                format!(
                    "{}: {packages_failing_alone} package(s) failed without a failing test (a build failure?); each is an error case",
                    file.text.name()
                ),
            )
            .help("fix the build, or run `go test -json` where it compiles; the package's output is the case's message"),
        );
    }
    let run = text::Run {
        name: "go test".to_owned(),
        format: "go-test-json",
        producer: Some("go test".to_owned()),
        started_at: first.map(|t| text::stamp(&t)),
        finished_at: last.map(|t| text::stamp(&t)),
        cases,
    };
    Ok(run.into_value(file, entry))
}

fn case<'f>(
    file: &'f File,
    entry: &Entry,
    package: &str,
    name: &str,
    status: Status,
    test: &Test,
    note: Option<String>,
) -> TestCase<'f> {
    let mut case = text::case_at(file, entry, test.line, None);
    case.name = Some(name.to_owned());
    case.classname = Some(package.to_owned()).filter(|p| !p.is_empty());
    case.status = status;
    case.duration_s = test.elapsed.filter(|e| e.is_finite() && *e >= 0.0);
    if status != Status::Passed {
        let output = test.output.trim();
        case.message = match (note, output.is_empty()) {
            (Some(note), true) => Some(note),
            (Some(note), false) => Some(format!("{note}: {}", last_lines(output))),
            (None, false) => Some(last_lines(output)),
            (None, true) => None,
        };
    }
    // Go has no test properties: a test names what it verifies in its name, as a subtest
    // `t.Run("CHG-2026-0892 export to CSV", ...)` (go writes the spaces as `_`).
    case.requirements = name
        .split(['/', '_', ' '])
        .filter(|t| crate::catalog::is_requirement_id(t))
        .map(str::to_owned)
        .collect();
    case
}

/// What a test said: its output without the `=== RUN` and `--- FAIL: ...` lines go adds around
/// it, at most 20 lines (a panic's first lines name it; its stack trace follows).
fn last_lines(output: &str) -> String {
    let lines: Vec<&str> = output
        .lines()
        .map(str::trim_end)
        .filter(|l| {
            let t = l.trim_start();
            !(t.is_empty()
                || t.starts_with("=== ")
                || t.starts_with("--- PASS")
                || t.starts_with("--- FAIL")
                || t.starts_with("--- SKIP"))
        })
        .collect();
    let shown = lines.len().min(20);
    // go indents what a test logs; keep the indentation relative to the first line's.
    let indent = lines
        .iter()
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut text = lines[..shown]
        .iter()
        .map(|l| l.get(indent..).unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > shown {
        text.push_str(&format!("\n… ({} more lines)", lines.len() - shown));
    }
    text
}
