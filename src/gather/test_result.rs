//! in-toto test-result attestations (`https://in-toto.io/attestation/test-result/v0.1`): a
//! Statement, bare or in a DSSE envelope, whose predicate lists `passedTests`, `warnedTests` and
//! `failedTests` with an overall `result`.
//!
//! Each listed test is a case: passed, failed, and warned as passed with a `warned` message (the
//! predicate's meaning: it passed with warnings). A `result` of `FAILED` with no failed test
//! listed is an error case, since the attestation says something failed and names nothing. The
//! run is named after the first `configuration` entry; the predicate records no times.

use serde_json::Value;

use super::File;
use super::manifest::Entry;
use super::text;
use crate::diagnostics::Problem;
use crate::evidence::cases::CaseList;
use crate::evidence::test_case::Status;

const PREDICATE: &str = "https://in-toto.io/attestation/test-result/";

/// The statement in `text` when it is a test-result attestation (bare, or a DSSE envelope's
/// payload), with the pointer prefix under which its predicate sits in the file (`None` when
/// it came from a payload, which has no lines of its own).
fn statement(text: &str) -> Option<(Value, bool)> {
    let value: Value = crate::json::parse(text).ok()?;
    if value["predicateType"]
        .as_str()
        .is_some_and(|p| p.starts_with(PREDICATE))
    {
        return Some((value, true));
    }
    let payload = value["payload"].as_str()?;
    let bytes = data_encoding::BASE64.decode(payload.as_bytes()).ok()?;
    let inner: Value = crate::json::parse_slice(&bytes).ok()?;
    inner["predicateType"]
        .as_str()
        .is_some_and(|p| p.starts_with(PREDICATE))
        .then_some((inner, false))
}

/// True when `text` is a test-result attestation.
pub fn is_test_result(text: &str) -> bool {
    (text.contains("predicateType") || text.contains("payloadType")) && statement(text).is_some()
}

pub fn read(file: &File, entry: &Entry) -> Result<(Value, CaseList), Problem> {
    let Some((statement, located)) = statement(file.text.text()) else {
        return Err(file
            .error_at(
                "relpolicy::gather::in_toto",
                format!("{} is not an in-toto test-result attestation", file.text.name()),
                0,
                "here",
            )
            .help("expected a Statement with predicateType https://in-toto.io/attestation/test-result/v0.1"));
    };
    let predicate = &statement["predicate"];
    let mut cases = file.case_list();
    for (key, status) in [
        ("passedTests", Status::Passed),
        ("warnedTests", Status::Passed),
        ("failedTests", Status::Failed),
    ] {
        let names: Vec<&str> = predicate[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let pointers: Vec<String> = (0..names.len())
            .map(|i| format!("/predicate/{key}/{i}"))
            .collect();
        let lines: Vec<usize> = if located {
            file.lines_of(&pointers)
        } else {
            vec![1; names.len()]
        };
        for (name, line) in names.iter().zip(lines) {
            let mut case = text::case_at(file, entry, line, None);
            case.name = Some((*name).to_owned());
            case.status = status;
            if key == "warnedTests" {
                case.message = Some("warned".to_owned());
            }
            cases.push_case(&case);
        }
    }
    let failed_listed = predicate["failedTests"]
        .as_array()
        .is_some_and(|f| !f.is_empty());
    if predicate["result"] == "FAILED" && !failed_listed {
        let mut case = text::case_at(file, entry, 1, None);
        case.name = Some("(result)".to_owned());
        case.status = Status::Error;
        case.message =
            Some("the attestation's result is FAILED, but it lists no failed test".to_owned());
        cases.push_case(&case);
    }
    let configuration = predicate["configuration"][0]["name"].as_str();
    let run = text::Run {
        name: configuration.map_or_else(|| "in-toto test result".to_owned(), str::to_owned),
        format: "in-toto-test-result",
        producer: Some("in-toto test-result".to_owned()),
        started_at: None,
        finished_at: None,
        cases,
    };
    Ok(run.into_value(file, entry))
}
