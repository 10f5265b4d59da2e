//! SARIF 2.1.0 from any scanner (bandit, semgrep, trivy, grype, CodeQL) as security scans:
//! one scan per SARIF run, with the tool and its version, what it scanned (the revision from
//! `versionControlProvenance`, image digests from `artifacts[].hashes`), when (the invocation's
//! start and end), how many rules it declared, and every result: rule, level, the tool's own
//! severity, message, file and line, and whether an accepted suppression covers it.
//!
//! A result's `level` defaults as SARIF says: the rule's `defaultConfiguration.level`, else
//! `warning`. Each result keeps the line of the SARIF file it is on, so a finding about it points
//! there.

use serde_json::{Map, Value, json};

use super::File;
use super::text;
use crate::diagnostics::Problem;

/// True when `text` is a SARIF log: a JSON object with `runs` and a 2.x `version`.
pub fn is_sarif(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect();
    head.contains("\"runs\"") && (head.contains("sarif") || head.contains("\"2.1.0\""))
}

pub fn read(file: &File) -> Result<Vec<Value>, Problem> {
    let source = file.text.text();
    let log: Value = crate::json::parse(source).map_err(|e| {
        file.error_at(
            "relpolicy::gather::sarif",
            format!("{} is not valid JSON", file.text.name()),
            file.offset(e.line(), e.column()),
            e.to_string(),
        )
        .help("a SARIF log is one JSON document; write it with the scanner's SARIF output (bandit -f sarif, semgrep --sarif, trivy --format sarif)")
    })?;
    let Some(runs) = log.get("runs").and_then(Value::as_array) else {
        return Err(file
            .error_at(
                "relpolicy::gather::sarif",
                format!("{} is not a SARIF log: it has no runs", file.text.name()),
                0,
                "expected {\"version\": \"2.1.0\", \"runs\": [...]}",
            )
            .help("security_scans are read from SARIF 2.1.0 logs (https://sarifweb.azurewebsites.net)"));
    };
    let version = log.get("version").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("2.") {
        return Err(file
            .error_at(
                "relpolicy::gather::sarif",
                format!(
                    "{} is SARIF version `{version}`, not 2.1.0",
                    file.text.name()
                ),
                0,
                "this log",
            )
            .help("write the log as SARIF 2.1.0, which every current scanner writes"));
    }
    // The line of every run and every result, in one pass over the text.
    let mut pointers = Vec::new();
    for (r, run) in runs.iter().enumerate() {
        pointers.push(format!("/runs/{r}"));
        for i in 0..run
            .get("results")
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
        {
            pointers.push(format!("/runs/{r}/results/{i}"));
        }
    }
    let lines: std::collections::HashMap<&str, usize> = pointers
        .iter()
        .map(String::as_str)
        .zip(file.lines_of(&pointers))
        .collect();
    let line_of = |p: &str| lines.get(p).copied().unwrap_or(1);
    Ok(runs
        .iter()
        .enumerate()
        .map(|(r, run)| scan(file, run, r, &line_of))
        .collect())
}

fn scan(file: &File, run: &Value, r: usize, line_of: &dyn Fn(&str) -> usize) -> Value {
    let driver = &run["tool"]["driver"];
    let mut tool = Map::new();
    tool.insert(
        "name".into(),
        json!(driver["name"].as_str().unwrap_or("unnamed scanner")),
    );
    if let Some(version) = driver["semanticVersion"]
        .as_str()
        .or_else(|| driver["version"].as_str())
    {
        tool.insert("version".into(), json!(version));
    }
    let rules = driver["rules"].as_array();
    let mut fields = Map::new();
    fields.insert("tool".into(), Value::Object(tool));
    if let Some(revision) = run["versionControlProvenance"]
        .as_array()
        .and_then(|v| v.iter().find_map(|p| p["revisionId"].as_str()))
    {
        fields.insert("revision".into(), json!(revision));
    }
    let subjects: Vec<String> = run["artifacts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["hashes"]["sha-256"].as_str())
        .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|h| format!("sha256:{}", h.to_ascii_lowercase()))
        .collect();
    if !subjects.is_empty() {
        fields.insert("subjects".into(), json!(subjects));
    }
    let invocation = &run["invocations"][0];
    for (key, sarif_key) in [
        ("started_at", "startTimeUtc"),
        ("finished_at", "endTimeUtc"),
    ] {
        if let Some(t) = invocation[sarif_key]
            .as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        {
            fields.insert(key.into(), json!(text::stamp(&t)));
        }
    }
    if let Some(rules) = rules {
        fields.insert("rules".into(), json!(rules.len()));
    }
    let results: Vec<Value> = run["results"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, result)| {
            let line = line_of(&format!("/runs/{r}/results/{i}"));
            scan_result(file, result, rules, line)
        })
        .collect();
    fields.insert("results".into(), Value::Array(results));
    let mut source = text::source_at(file, line_of(&format!("/runs/{r}")), None);
    source["pointer"] = json!(format!("/runs/{r}"));
    source["format"] = json!("sarif");
    fields.insert("source".into(), source);
    Value::Object(fields)
}

fn scan_result(file: &File, result: &Value, rules: Option<&Vec<Value>>, line: usize) -> Value {
    let rule_id = result["ruleId"]
        .as_str()
        .or_else(|| result["rule"]["id"].as_str())
        .map(str::to_owned)
        .or_else(|| {
            let index = result["ruleIndex"].as_u64()?;
            rules?.get(usize::try_from(index).ok()?)?["id"]
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "(no rule)".to_owned());
    let rule = rules.and_then(|rules| rules.iter().find(|r| r["id"] == rule_id.as_str()));
    // SARIF §3.27.10: the result's level, else the rule's default, else warning.
    let level = result["level"]
        .as_str()
        .or_else(|| rule.and_then(|r| r["defaultConfiguration"]["level"].as_str()))
        .filter(|l| matches!(*l, "error" | "warning" | "note" | "none"))
        .unwrap_or("warning");
    let mut fields = Map::new();
    fields.insert("rule".into(), json!(rule_id));
    fields.insert("level".into(), json!(level));
    let severity = result["properties"]["security-severity"]
        .as_str()
        .or_else(|| result["properties"]["issue_severity"].as_str())
        .or_else(|| rule.and_then(|r| r["properties"]["security-severity"].as_str()))
        .map(str::to_owned)
        .or_else(|| {
            result["properties"]["security-severity"]
                .as_f64()
                .map(|n| n.to_string())
        });
    if let Some(severity) = severity {
        fields.insert("severity".into(), json!(severity));
    }
    if let Some(message) = result["message"]["text"].as_str() {
        fields.insert("message".into(), json!(message.trim()));
    }
    let physical = &result["locations"][0]["physicalLocation"];
    if let Some(path) = physical["artifactLocation"]["uri"].as_str() {
        fields.insert("path".into(), json!(path));
    }
    if let Some(line) = physical["region"]["startLine"].as_u64().filter(|l| *l > 0) {
        fields.insert("line".into(), json!(line));
    }
    let suppressed = result["suppressions"].as_array().is_some_and(|s| {
        s.iter().any(|s| {
            // SARIF §3.35.3: a suppression without a status is accepted.
            matches!(s["status"].as_str(), None | Some("accepted"))
        })
    });
    if suppressed {
        fields.insert("suppressed".into(), json!(true));
    }
    fields.insert("source".into(), text::source_at(file, line, None));
    Value::Object(fields)
}
