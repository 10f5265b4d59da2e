//! SARIF 2.1.0, for code-scanning dashboards: each catalogued requirement is a rule (rule ID =
//! requirement ID), each finding of a requirement that did not pass is a result located at the
//! evidence file and line provenance gives, with the JSON pointer as its logical location.
//! A finding a waiver covers is still a result, with an accepted suppression that carries the
//! waiver as its justification.
//! Evidence files are listed as artifacts with their SHA-256.

use std::io;

use serde_json::{Value, json};

use super::Report;
use crate::matrix::{Exit, MessageKind, Status};
use crate::policy::Severity;

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let matrix = report.matrix;
    let rules: Vec<Value> = matrix
        .rows
        .iter()
        .map(|row| {
            let mut rule = json!({
                "id": row.id,
                "name": pascal(&row.title),
                "shortDescription": {"text": row.title},
                "fullDescription": {"text": row.statement},
                "defaultConfiguration": {"level": level_for(row.severity)},
                "properties": {"category": row.category},
            });
            if let Some(fix) = &row.remediation {
                rule["help"] = json!({"text": fix});
            }
            if let Some(severity) = row.severity {
                rule["properties"]["severity"] = json!(severity.to_string());
            }
            rule
        })
        .collect();
    let mut results = Vec::new();
    for (index, row) in matrix.rows.iter().enumerate() {
        let level = match row.status {
            Status::Fail | Status::MissingEvidence | Status::Error | Status::Waived => "error",
            Status::Warn => "warning",
            Status::Pass | Status::NotApplicable => continue,
        };
        for message in &row.messages {
            if message.kind == MessageKind::Info {
                continue;
            }
            let level = if message.kind == MessageKind::Warn {
                "warning"
            } else {
                level
            };
            let locations: Vec<Value> = message
                .evidence
                .iter()
                .map(|e| {
                    let mut location = json!({
                        "logicalLocations": [{"fullyQualifiedName": e.pointer, "kind": "member"}],
                    });
                    if let Some(l) = &e.location
                        && !l.path.starts_with('<')
                    {
                        let mut region = json!({"startLine": l.line});
                        if let Some(c) = l.column {
                            region["startColumn"] = json!(c);
                        }
                        location["physicalLocation"] = json!({
                            "artifactLocation": {"uri": uri(&l.path)},
                            "region": region,
                        });
                    }
                    location
                })
                .collect();
            let mut result = json!({
                "ruleId": row.id,
                "ruleIndex": index,
                "kind": "fail",
                "level": level,
                "message": {"text": message.text},
                "locations": locations,
                "properties": {"status": row.status.as_str()},
            });
            // A finding a waiver covers is a result with an accepted, external suppression:
            // code-scanning dashboards show it as dismissed, with the waiver as justification.
            if let Some(id) = &message.waived_by {
                let waiver = matrix.waivers.iter().find(|w| &w.id == id);
                let mut suppression = json!({
                    "kind": "external",
                    "status": "accepted",
                    "justification": waiver.map_or_else(|| id.clone(), |w| w.summary()),
                    "properties": {"waiver": id},
                });
                if let Some(w) = waiver {
                    suppression["properties"]["expires"] = json!(w.expires);
                    suppression["properties"]["ticket"] = json!(w.ticket);
                    suppression["properties"]["approved_by"] = json!(w.approved_by);
                }
                result["suppressions"] = json!([suppression]);
            }
            results.push(result);
        }
    }
    let artifacts: Vec<Value> = report
        .manifest
        .evidence
        .iter()
        .filter(|f| !f.path.starts_with('<'))
        .map(|f| json!({"location": {"uri": uri(&f.path)}, "hashes": {"sha-256": f.sha256}}))
        .collect();
    let sarif = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "relpolicy",
                "version": report.manifest.tool.version,
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": report.exit != Exit::Error,
                "exitCode": report.exit.code(),
            }],
            "artifacts": artifacts,
            "results": results,
            "properties": {
                "phase": matrix.phase.as_str(),
                "release": matrix.release,
                "profile": matrix.profile,
                "waivers": matrix.waivers,
                "manifest": report.manifest,
            },
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

/// A requirement's severity as SARIF's default level.
fn level_for(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Low) => "note",
        Some(Severity::Medium) => "warning",
        _ => "error",
    }
}

/// A relative path as a URI reference: separators kept, everything outside the unreserved
/// characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// "Release notes prepared" as "ReleaseNotesPrepared", SARIF's style for rule names.
fn pascal(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |f| {
                f.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references_and_titles_rule_names() {
        assert_eq!(
            uri("reports/rollback/re hearsal.xml"),
            "reports/rollback/re%20hearsal.xml"
        );
        assert_eq!(
            pascal("Release notes prepared, reviewed"),
            "ReleaseNotesPreparedReviewed"
        );
    }
}
