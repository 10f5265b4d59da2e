//! CTRF (Common Test Report Format) JSON.
//!
//! Producers do not always follow the CTRF schema to the letter, so the report
//! is read loosely: `results.tests[]` with `name` and `status` is all that is
//! required. `pending` counts as skipped; `other` and unknown statuses count
//! as error, because a status relpolicy cannot read is not a pass.

use serde_json::Value;

use super::File;
use super::manifest::Entry;
use super::text::{self, Stamp};
use crate::diagnostics::Problem;
use crate::evidence::cases::CaseList;
use crate::evidence::test_case::{Status, TestCase};

pub fn read(
    file: &File,
    entry: &Entry,
    timezone: Option<chrono::FixedOffset>,
    warnings: &mut Vec<Problem>,
) -> Result<(Value, CaseList), Problem> {
    let source = file.text.text();
    let report: Value = crate::json::parse(source).map_err(|e| {
        file.error_at(
            "relpolicy::gather::ctrf",
            format!("{} is not valid JSON", file.text.name()),
            file.offset(e.line(), e.column()),
            e.to_string(),
        )
        .help("a CTRF report is one JSON document; regenerate it with the test runner's CTRF reporter")
    })?;
    let Some(tests) = report.pointer("/results/tests").and_then(Value::as_array) else {
        return Err(file
            .error_at(
                "relpolicy::gather::ctrf",
                format!("{} is not a CTRF report: it has no results.tests list", file.text.name()),
                0,
                "expected {\"results\": {\"tests\": [...]}}",
            )
            .help("CTRF reports hold their cases in results.tests (https://ctrf.io); JUnit XML files must end in .xml"));
    };
    let pointers: Vec<String> = (0..tests.len())
        .map(|i| format!("/results/tests/{i}"))
        .collect();
    let mut cases = file.case_list();
    for (test, line) in tests.iter().zip(file.lines_of(&pointers)) {
        cases.push_case(&case(file, test, line, entry));
    }
    let results = &report["results"];
    let tool = results.pointer("/tool/name").and_then(Value::as_str);
    // junit-to-ctrf and others write 0 when the source gave no time: that is no time, not
    // 1970-01-01 (which would make any sign-off look later than the run). A value that is not
    // a positive count of milliseconds within chrono's range is no time either, and said so.
    let mut unusable = Vec::new();
    let mut time = |key: &str| {
        let given = results.pointer(&format!("/summary/{key}"))?;
        let stamp = given
            .as_i64()
            .filter(|ms| *ms > 0)
            .and_then(chrono::DateTime::from_timestamp_millis);
        if stamp.is_none() {
            unusable.push(format!("{key} is {given}"));
        }
        stamp.map(|t| text::stamp(&t))
    };
    let mut started_at = time("start");
    if started_at.is_none()
        && let Some(given) = report.get("timestamp").and_then(Value::as_str)
    {
        match text::timestamp(given, timezone) {
            Stamp::Zoned(t) => started_at = Some(t),
            Stamp::Naive => warnings.push(super::junit::naive_warning(file)),
            Stamp::Invalid => {}
        }
    }
    let finished_at = time("stop");
    if !unusable.is_empty() {
        warnings.push(
            Problem::warning(
                "relpolicy::gather::no_time",
                format!(
                    "{} gives its run no usable time (summary {}); it is left out",
                    file.text.name(),
                    unusable.join(", ")
                ),
            )
            .help("a CTRF time is a positive count of milliseconds since 1970; requirements that order the run against sign-offs fail until the report records when it ran; regenerate it with a reporter that writes start and stop"),
        );
    }
    let run = text::Run {
        name: tool.map_or_else(|| file.path.clone(), |t| format!("{t} tests")),
        format: "ctrf",
        producer: tool.map(str::to_owned),
        started_at,
        finished_at,
        cases,
    };
    Ok(run.into_value(file, entry))
}

fn case<'f>(file: &'f File, test: &Value, line: usize, entry: &Entry) -> TestCase<'f> {
    let get = |k: &str| test.get(k).and_then(Value::as_str);
    let mut case = text::case_at(file, entry, line, None);
    case.name = Some(get("name").unwrap_or_default().to_owned());
    case.suite = match test.get("suite") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(parts)) => Some(
            parts
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" / "),
        ),
        _ => None,
    }
    .filter(|s| !s.is_empty());
    let raw_status = get("status").unwrap_or("");
    case.status = match raw_status {
        "passed" => Status::Passed,
        "failed" => Status::Failed,
        "skipped" | "pending" => Status::Skipped,
        _ => Status::Error,
    };
    case.duration_s = test
        .get("duration")
        .and_then(Value::as_f64)
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
        .map(|ms| ms / 1000.0);
    if let Some(extra) = test.get("extra").and_then(Value::as_object) {
        for (key, value) in extra {
            let Some(value) = value.as_str() else {
                continue;
            };
            text::classify(
                key,
                value,
                &mut case.category,
                &mut case.depth,
                &mut case.requirements,
            );
            case.properties.insert(key.clone(), value.to_owned());
        }
    }
    if case.status != Status::Passed {
        case.message = super::junit::outcome_message(get("message"), get("trace").unwrap_or(""))
            .or_else(|| {
                (case.status == Status::Error && raw_status != "other")
                    .then(|| format!("unknown CTRF status {raw_status:?}"))
            });
    }
    case
}
