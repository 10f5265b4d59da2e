//! Allure 2 results: the `*-result.json` files of an `allure-results` folder, one test each, as
//! allure-pytest, allure-junit and the other Allure adapters write them.
//!
//! Each file is a run of one case: `passed`, `failed`, `broken` (an error outside the assertion,
//! such as a fixture), `skipped` (pytest's xfail included), and `unknown`, which counts as an
//! error. The case is named by `name`, its suite from the `parentSuite` and `suite` labels, its
//! message from `statusDetails.message`, its time from `start` and `stop` (epoch
//! milliseconds). A `category` or `depth` label is read like the JUnit properties.

use serde_json::Value;

use super::File;
use super::manifest::Entry;
use super::text;
use crate::diagnostics::Problem;
use crate::evidence::cases::CaseList;
use crate::evidence::test_case::Status;

/// True for an Allure result: an object with `uuid`, `historyId`, `status` and `stage` or
/// `start`.
pub fn is_allure_result(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    head.contains("\"historyId\"")
        && head.contains("\"uuid\"")
        && crate::json::parse(text).is_ok_and(|v: Value| v["status"].is_string())
}

pub fn read(file: &File, entry: &Entry) -> Result<(Value, CaseList), Problem> {
    let result: Value = crate::json::parse(file.text.text()).map_err(|e| {
        file.error_at(
            "relpolicy::gather::allure",
            format!("{} is not valid JSON", file.text.name()),
            file.offset(e.line(), e.column()),
            e.to_string(),
        )
        .help("an Allure result is one JSON document per test")
    })?;
    let label = |name: &str| {
        result["labels"]
            .as_array()
            .into_iter()
            .flatten()
            .find_map(|l| {
                (l["name"] == name)
                    .then(|| l["value"].as_str().map(str::to_owned))
                    .flatten()
            })
    };
    let name = result["name"].as_str().unwrap_or("unnamed test");
    let mut case = text::case_at(file, entry, 1, None);
    case.name = Some(name.to_owned());
    case.classname = result["fullName"]
        .as_str()
        .map(|full| full.split_once('#').map_or(full, |(c, _)| c).to_owned());
    let suite: Vec<String> = ["parentSuite", "suite", "subSuite"]
        .iter()
        .filter_map(|l| label(l))
        .collect();
    case.suite = (!suite.is_empty()).then(|| suite.join(" / "));
    case.status = match result["status"].as_str().unwrap_or("") {
        "passed" => Status::Passed,
        "failed" => Status::Failed,
        "skipped" => Status::Skipped,
        _ => Status::Error,
    };
    let ms = |k: &str| result[k].as_i64().filter(|m| *m > 0);
    if let (Some(start), Some(stop)) = (ms("start"), ms("stop"))
        && stop >= start
    {
        case.duration_s = Some((stop - start) as f64 / 1000.0);
    }
    if let Some(category) = label("category") {
        case.category = Some(text::label(&category));
    }
    if let Some(depth) = label("depth") {
        case.depth = Some(text::label(&depth));
    }
    if case.status != Status::Passed
        && let Some(message) = result["statusDetails"]["message"].as_str()
    {
        case.message = Some(message.lines().next().unwrap_or("").trim().to_owned());
    } else if result["status"] == "unknown" {
        case.message = Some("Allure recorded the status as unknown".to_owned());
    }
    let mut cases = file.case_list();
    cases.push_case(&case);
    let time = |k: &str| {
        ms(k)
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|t| text::stamp(&t))
    };
    let run = text::Run {
        name: result["fullName"].as_str().unwrap_or(name).to_owned(),
        format: "allure",
        producer: label("framework").map(|f| format!("allure-{f}")),
        started_at: time("start"),
        finished_at: time("stop"),
        cases,
    };
    Ok(run.into_value(file, entry))
}
