//! TAP 13 and 14 (the Test Anything Protocol), as node's `--test-reporter=tap`, tape and
//! prove write it: test points (`ok 1 - name`, `not ok 2 - name`) with directives
//! (`# SKIP reason`, `# TODO`), YAML diagnostics between `---` and `...`, and subtests indented
//! under the test point that closes them.
//!
//! Every test point without subtests is a case (node's `# tests` count); a test point that closes
//! subtests is a suite, which names its cases (`suite`). `ok` passed, `not ok` failed, `# SKIP`
//! and `# TODO` skipped (a TODO is a known gap, not a pass). A failure's message is its `error`
//! diagnostic. `Bail out!` ends the run: it is an error case, and so is a top-level plan that
//! promises more test points than the file holds (a run cut short).

use serde_json::{Map, Value};

use super::File;
use super::manifest::Entry;
use super::text;
use crate::diagnostics::Problem;
use crate::evidence::cases::CaseList;
use crate::evidence::test_case::{Status, TestCase};

/// True when `text` starts like TAP: `TAP version 13`/`14`, or a plan or test point first.
pub fn is_tap(text: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    first.starts_with("TAP version ")
}

/// One test point as read.
struct Point {
    depth: usize,
    ok: bool,
    name: String,
    directive: Option<(String, String)>,
    line: usize,
    diagnostics: Map<String, Value>,
    /// Whether test points at a deeper level came right before it: it is a suite.
    suite: bool,
}

pub fn read(file: &File, entry: &Entry) -> Result<(Value, CaseList), Problem> {
    let text = file.text.text();
    let lines: Vec<&str> = text.lines().collect();
    let mut points: Vec<Point> = Vec::new();
    let mut bail: Option<(usize, String)> = None;
    let mut plan: Option<usize> = None;
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        let number = i + 1;
        i += 1;
        if let Some(reason) = line.strip_prefix("Bail out!") {
            bail = Some((number, reason.trim().to_owned()));
            break;
        }
        if indent == 0
            && let Some(count) = line.strip_prefix("1..").and_then(|n| {
                n.split_whitespace()
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
            })
        {
            plan = Some(count);
            continue;
        }
        let (ok, rest) = if let Some(rest) = line.strip_prefix("not ok") {
            (false, rest)
        } else if let Some(rest) = line.strip_prefix("ok") {
            (true, rest)
        } else {
            continue;
        };
        // `ok 1 - name # SKIP reason`: the number, the description, the directive.
        let rest = rest.trim_start();
        let rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        let rest = rest.strip_prefix('-').unwrap_or(rest).trim();
        let (name, directive) = match rest.find(" # ") {
            Some(at) => {
                let (name, directive) = rest.split_at(at);
                let directive = directive[3..].trim();
                let (word, reason) = directive.split_once(' ').unwrap_or((directive, ""));
                let word = word.to_ascii_uppercase();
                if word.starts_with("SKIP") || word == "TODO" {
                    (name.trim(), Some((word, reason.trim().to_owned())))
                } else {
                    (rest, None)
                }
            }
            None => (rest, None),
        };
        // The YAML diagnostics block, if one follows.
        let mut diagnostics = Map::new();
        if i < lines.len() && lines[i].trim() == "---" {
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && lines[end].trim() != "..." {
                end += 1;
            }
            let block: Vec<&str> = lines[start..end.min(lines.len())].to_vec();
            let strip = block
                .iter()
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.len() - l.trim_start().len())
                .min()
                .unwrap_or(0);
            let yaml: String = block
                .iter()
                .map(|l| l.get(strip..).unwrap_or(l.trim_start()))
                .collect::<Vec<_>>()
                .join("\n");
            if let Ok(Value::Object(map)) = serde_saphyr::from_str::<Value>(&yaml) {
                diagnostics = map;
            }
            i = (end + 1).min(lines.len());
        }
        let suite = points.last().is_some_and(|p| p.depth > indent);
        points.push(Point {
            depth: indent,
            ok,
            name: name.to_owned(),
            directive,
            line: number,
            diagnostics,
            suite,
        });
    }
    let top = points.iter().filter(|p| p.depth == 0).count();
    if points.is_empty() && bail.is_none() {
        return Err(file
            .error_at(
                "relpolicy::gather::tap",
                format!("{} holds no TAP test points", file.text.name()),
                0,
                "no `ok` or `not ok` line",
            )
            .help("write the report with the test runner's TAP reporter (node --test --test-reporter=tap)"));
    }
    // Each case's suite: the names of the suites whose subtests it is among.
    let mut cases = file.case_list();
    for (index, point) in points.iter().enumerate() {
        if point.suite {
            continue;
        }
        let mut suites = Vec::new();
        let mut depth = point.depth;
        for later in &points[index + 1..] {
            if later.depth < depth {
                suites.push(later.name.clone());
                depth = later.depth;
            }
        }
        suites.reverse();
        cases.push_case(&case(file, entry, point, &suites.join(" / ")));
    }
    if let Some((line, reason)) = &bail {
        cases.push_case(&error_case(file, entry, "Bail out!", reason, *line));
    }
    if let Some(plan) = plan.filter(|p| top < *p && bail.is_none()) {
        cases.push_case(&error_case(
            file,
            entry,
            "(plan)",
            &format!("the plan promises {plan} tests, {top} ran: the run was cut short"),
            lines.len().max(1),
        ));
    }
    let run = text::Run {
        name: "TAP tests".to_owned(),
        format: "tap",
        producer: None,
        started_at: None,
        finished_at: None,
        cases,
    };
    Ok(run.into_value(file, entry))
}

fn case<'f>(file: &'f File, entry: &Entry, point: &Point, suite: &str) -> TestCase<'f> {
    let mut case = text::case_at(file, entry, point.line, None);
    case.name = Some(point.name.clone());
    case.suite = Some(suite.to_owned()).filter(|s| !s.is_empty());
    case.status = match (&point.directive, point.ok) {
        (Some(_), _) => Status::Skipped,
        (None, true) => Status::Passed,
        (None, false) => Status::Failed,
    };
    case.duration_s = point
        .diagnostics
        .get("duration_ms")
        .and_then(Value::as_f64)
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
        .map(|ms| ms / 1000.0);
    case.message = match (&point.directive, point.ok) {
        (Some((word, reason)), _) => Some(if reason.is_empty() {
            word.to_lowercase()
        } else {
            format!("{}: {reason}", word.to_lowercase())
        }),
        (None, false) => point
            .diagnostics
            .get("error")
            .or_else(|| point.diagnostics.get("message"))
            .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_owned)),
        (None, true) => None,
    };
    case
}

fn error_case<'f>(
    file: &'f File,
    entry: &Entry,
    name: &str,
    message: &str,
    line: usize,
) -> TestCase<'f> {
    let mut case = text::case_at(file, entry, line, None);
    case.name = Some(name.to_owned());
    case.status = Status::Error;
    case.message = Some(message.to_owned()).filter(|m| !m.is_empty());
    case
}
