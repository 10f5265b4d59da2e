//! Aggregates computed from the evidence items, written into the policy input.
//!
//! Test summaries are recounted from the cases and cost totals re-added from
//! the lines. If the document already carries a summary that disagrees, the
//! recount wins and a warning says so. The timeline (every time, read and
//! checked once) is added as `timeline`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::cases::{Bulk, Facts, Summarised, member};
use crate::diagnostics::Problem;

/// Test-report sections whose `runs` relpolicy summarises.
pub(crate) const TEST_SECTIONS: [&str; 4] = [
    "/system_test_report",
    "/rollback/tests",
    "/build_verification/tests",
    "/post_release_verification",
];

/// Every section that gets a derived `summary`.
pub const SUMMARISED: [&str; 5] = [
    "/system_test_report",
    "/rollback/tests",
    "/build_verification/tests",
    "/post_release_verification",
    "/cost_report",
];

/// How many case pointers a summary lists under `failing` and `skipped_cases`; the counts
/// are exact whatever their number.
pub const LISTED_CASES: usize = 100;

/// Return the policy input: `document` with every derived summary (re)computed and its
/// timeline read as of `as_of`.
pub fn derive(document: Value, as_of: chrono::DateTime<chrono::Utc>) -> (Value, Vec<Problem>) {
    let (mut document, warnings) = summarise(document);
    let timeline = super::timeline::Timeline::read(&document, as_of).to_json();
    if let Some(root) = document.as_object_mut() {
        root.insert("timeline".to_owned(), timeline);
    }
    (document, warnings)
}

/// `document` with every summary (re)computed.
pub fn summarise(document: Value) -> (Value, Vec<Problem>) {
    summarise_with(document, &Bulk::default())
}

/// `document` with every summary (re)computed, the cases of its test runs taken from `bulk`
/// where they are kept there: what `relpolicy gather` writes.
pub fn summarise_with(mut document: Value, bulk: &Bulk) -> (Value, Vec<Problem>) {
    let mut warnings = Vec::new();
    for pointer in TEST_SECTIONS {
        if let Some(section) = document.pointer_mut(pointer).and_then(Value::as_object_mut) {
            let summary = summarize_tests(section, pointer, bulk);
            replace_summary(section, summary, pointer, &mut warnings);
        }
    }
    if let Some(report) = document
        .pointer_mut("/cost_report")
        .and_then(Value::as_object_mut)
    {
        let summary = summarize_costs(report);
        replace_summary(report, summary, "/cost_report", &mut warnings);
    }
    (document, warnings)
}

fn replace_summary(
    section: &mut Map<String, Value>,
    summary: Value,
    pointer: &str,
    warnings: &mut Vec<Problem>,
) {
    if let Some(given) = section.get("summary")
        && *given != summary
    {
        warnings.push(
            Problem::warning(
                "relpolicy::evidence::summary_replaced",
                format!("{pointer}/summary does not match the items it summarises; relpolicy uses its own recount"),
            )
            .help("summaries are computed by relpolicy; remove the summary from the document or regenerate it with `relpolicy gather`"),
        );
    }
    section.insert("summary".to_owned(), summary);
}

#[derive(Default)]
struct Counts {
    total: u64,
    passed: u64,
    failed: u64,
    error: u64,
    skipped: u64,
}

impl Counts {
    fn add(&mut self, status: &str) {
        self.total += 1;
        match status {
            "passed" => self.passed += 1,
            "failed" => self.failed += 1,
            "skipped" => self.skipped += 1,
            // Anything unrecognised counts against the release, never for it.
            _ => self.error += 1,
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "total": self.total,
            "executed": self.total - self.skipped,
            "passed": self.passed,
            "failed": self.failed,
            "error": self.error,
            "skipped": self.skipped,
        })
    }
}

/// What summaries read of a test case, kept in the document or in a [`Bulk`].
trait TestCase {
    fn text(&self, member: &str) -> Option<&str>;
    fn requirements(&self) -> Vec<&str>;
}

impl TestCase for Value {
    fn text(&self, member: &str) -> Option<&str> {
        self.get(member).and_then(Value::as_str)
    }

    fn requirements(&self) -> Vec<&str> {
        self.get("requirements")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect()
    }
}

impl TestCase for regorus::Value {
    fn text(&self, name: &str) -> Option<&str> {
        engine_text(member(self, name))
    }

    fn requirements(&self) -> Vec<&str> {
        engine_strings(member(self, "requirements"))
    }
}

impl TestCase for Facts {
    fn text(&self, name: &str) -> Option<&str> {
        engine_text(self.get(name))
    }

    fn requirements(&self) -> Vec<&str> {
        engine_strings(self.get("requirements"))
    }
}

fn engine_text(value: Option<&regorus::Value>) -> Option<&str> {
    match value {
        Some(regorus::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The strings in an engine list.
fn engine_strings(value: Option<&regorus::Value>) -> Vec<&str> {
    match value {
        Some(regorus::Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v {
                regorus::Value::String(s) => Some(&**s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn summarize_tests(section: &Map<String, Value>, pointer: &str, bulk: &Bulk) -> Value {
    let mut all = Counts::default();
    let mut by_category: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_requirement: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_depth: BTreeMap<&str, BTreeMap<&str, Counts>> = BTreeMap::new();
    let mut failing = Vec::new();
    let mut skipped = Vec::new();
    let runs = section
        .get("runs")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    for (r, run) in runs.iter().enumerate() {
        let kept = bulk.summarised(&format!("{pointer}/runs/{r}/cases"));
        let inline = run
            .get("cases")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let cases: Vec<&dyn TestCase> = match kept {
            Some(Summarised::Values(kept)) => kept.iter().map(|c| c as &dyn TestCase).collect(),
            Some(Summarised::Facts(kept)) => kept.iter().map(|c| c as &dyn TestCase).collect(),
            None => inline.iter().map(|c| c as &dyn TestCase).collect(),
        };
        for (c, case) in cases.into_iter().enumerate() {
            let status = case.text("status").unwrap_or("");
            let category = case
                .text("category")
                .filter(|c| !c.is_empty())
                .unwrap_or("uncategorized");
            all.add(status);
            by_category.entry(category).or_default().add(status);
            if let Some(depth) = case.text("depth").filter(|d| !d.is_empty()) {
                by_depth
                    .entry(category)
                    .or_default()
                    .entry(depth)
                    .or_default()
                    .add(status);
            }
            let mut named: Vec<&str> = case.requirements();
            named.sort_unstable();
            named.dedup();
            for requirement in named {
                by_requirement.entry(requirement).or_default().add(status);
            }
            let list = match status {
                "passed" => None,
                "skipped" => Some(&mut skipped),
                _ => Some(&mut failing),
            };
            if let Some(list) = list
                && list.len() < LISTED_CASES
            {
                list.push(Value::String(format!("{pointer}/runs/{r}/cases/{c}")));
            }
        }
    }
    let mut summary = all.to_json();
    summary["by_category"] = by_category
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_json()))
        .collect::<Map<_, _>>()
        .into();
    summary["by_requirement"] = by_requirement
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_json()))
        .collect::<Map<_, _>>()
        .into();
    summary["by_depth"] = by_depth
        .into_iter()
        .map(|(category, depths)| {
            let depths: Map<String, Value> = depths
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_json()))
                .collect();
            (category.to_owned(), Value::Object(depths))
        })
        .collect::<Map<_, _>>()
        .into();
    summary["failing"] = Value::Array(failing);
    summary["skipped_cases"] = Value::Array(skipped);
    summary
}

fn summarize_costs(report: &Map<String, Value>) -> Value {
    let mut total = 0.0;
    let mut by_period: BTreeMap<&str, f64> = BTreeMap::new();
    for line in report
        .get("lines")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let cost = line.get("cost").and_then(Value::as_f64).unwrap_or(0.0);
        total += cost;
        let period = line.get("period").and_then(Value::as_str).unwrap_or("");
        *by_period.entry(period).or_default() += cost;
    }
    json!({
        "total": money(total),
        "by_period": by_period.into_iter().map(|(k, v)| (k.to_owned(), money(v))).collect::<Map<_, _>>(),
    })
}

/// Sums of decimal amounts in binary floating point drift (0.1 + 0.2); six decimals
/// are more than any currency uses and hide the drift.
fn money(x: f64) -> Value {
    json!((x * 1e6).round() / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derive(doc: Value) -> (Value, Vec<Problem>) {
        let as_of = chrono::DateTime::from_timestamp(1_773_525_600, 0).unwrap_or_default();
        super::derive(doc, as_of)
    }

    fn case(status: &str, category: Option<&str>) -> Value {
        let mut c = json!({"name": "t", "status": status});
        if let Some(cat) = category {
            c["category"] = json!(cat);
        }
        c
    }

    #[test]
    fn counts_cases_per_named_requirement_once_each() {
        let named = |status: &str, refs: Value| json!({"name": "t", "status": status, "requirements": refs});
        let doc = json!({"system_test_report": {"runs": [{"cases": [
            named("passed", json!(["CHG-1", "CHG-2", "CHG-1"])),
            named("failed", json!(["CHG-2"])),
            case("passed", None),
        ]}]}});
        let (input, _) = derive(doc);
        let by = &input["system_test_report"]["summary"]["by_requirement"];
        assert_eq!(
            by["CHG-1"]["total"],
            json!(1),
            "named twice in one case counts once"
        );
        assert_eq!(
            (
                by["CHG-2"]["passed"].as_u64(),
                by["CHG-2"]["failed"].as_u64()
            ),
            (Some(1), Some(1))
        );
        assert_eq!(by.as_object().map(Map::len), Some(2));
    }

    #[test]
    fn recounts_tests_by_outcome_and_category() {
        let doc = json!({"system_test_report": {"runs": [
            {"cases": [case("passed", Some("smoke")), case("failed", Some("smoke")), case("skipped", None)]},
            {"cases": [case("error", Some("regression")), case("weird", None)]}
        ]}});
        let (input, warnings) = derive(doc);
        assert!(warnings.is_empty());
        let s = &input["system_test_report"]["summary"];
        assert_eq!(
            (
                s["total"].as_u64(),
                s["passed"].as_u64(),
                s["failed"].as_u64()
            ),
            (Some(5), Some(1), Some(1))
        );
        // An unknown status counts as an error, never as a pass.
        assert_eq!(s["error"], json!(2));
        assert_eq!(
            s["by_category"]["smoke"],
            json!({"total": 2, "executed": 2, "passed": 1, "failed": 1, "error": 0, "skipped": 0})
        );
        assert_eq!(s["by_category"]["uncategorized"]["total"], json!(2));
        assert_eq!(
            s["failing"],
            json!([
                "/system_test_report/runs/0/cases/1",
                "/system_test_report/runs/1/cases/0",
                "/system_test_report/runs/1/cases/1"
            ])
        );
        assert_eq!(s["executed"], json!(4), "skipped cases did not run");
        assert_eq!(
            s["skipped_cases"],
            json!(["/system_test_report/runs/0/cases/2"])
        );
    }

    #[test]
    fn case_lists_are_capped_but_counts_are_exact() {
        let cases: Vec<Value> = (0..LISTED_CASES + 5)
            .map(|_| case("skipped", None))
            .collect();
        let (input, _) = derive(json!({"rollback": {"tests": {"runs": [{"cases": cases}]}}}));
        let s = &input["rollback"]["tests"]["summary"];
        assert_eq!(s["skipped"], json!(LISTED_CASES + 5));
        assert_eq!(s["executed"], json!(0));
        assert_eq!(
            s["skipped_cases"].as_array().map(Vec::len),
            Some(LISTED_CASES)
        );
    }

    #[test]
    fn a_summary_that_lies_is_replaced_with_a_warning() {
        let doc = json!({"rollback": {"tests": {"runs": [{"cases": [case("failed", None)]}],
            "summary": {"total": 1, "passed": 1, "failed": 0, "error": 0, "skipped": 0}}}});
        let (input, warnings) = derive(doc);
        assert_eq!(input["rollback"]["tests"]["summary"]["failed"], json!(1));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].code(), "relpolicy::evidence::summary_replaced");
    }

    #[test]
    fn an_empty_report_summarises_to_zero() {
        let (input, _) = derive(json!({"system_test_report": {"runs": []}}));
        assert_eq!(input["system_test_report"]["summary"]["total"], json!(0));
    }

    #[test]
    fn sums_costs_by_period_without_float_drift() {
        let doc = json!({"cost_report": {"currency": "EUR", "lines": [
            {"period": "2026-02", "cost": 0.1}, {"period": "2026-03", "cost": 0.2}, {"period": "2026-03", "cost": 100}
        ]}});
        let (input, _) = derive(doc);
        let s = &input["cost_report"]["summary"];
        assert_eq!(s["total"], json!(100.3));
        assert_eq!(s["by_period"], json!({"2026-02": 0.1, "2026-03": 100.2}));
    }

    #[test]
    fn documents_without_those_sections_only_gain_a_timeline() {
        let doc = json!({"release": {"id": "REL-2026-03-001"}});
        let (mut derived, _) = derive(doc.clone());
        let timeline = derived.as_object_mut().and_then(|d| d.remove("timeline"));
        assert_eq!(derived, doc);
        assert_eq!(
            timeline,
            Some(
                json!({"as_of": 1_773_525_600_000_000_000_i64, "times": {}, "days": {}, "flaws": {}, "promotions": {}})
            )
        );
    }
}
