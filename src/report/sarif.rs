//! SARIF 2.1.0, as viewers and code-scanning services read it: each catalogued requirement is
//! a rule (rule ID = requirement ID) and has exactly one result, whatever its verdict:
//!
//! | status                      | `kind`          | `level`               |
//! |-----------------------------|-----------------|-----------------------|
//! | pass                        | `pass`          | `none`                |
//! | not_applicable              | `notApplicable` | `none`                |
//! | warn (not yet effective)    | `informational` | `none`                |
//! | warn                        | `review`        | `none`                |
//! | fail, missing_evidence      | `fail`          | from the severity     |
//! | error                       | `fail`          | `error`               |
//! | waived                      | `fail`          | from the severity, with accepted suppressions |
//!
//! A result is located where its findings point (a pass where the evidence it rests on is),
//! relative to the `RELEASEROOT` base in `originalUriBaseIds`, with the JSON pointer as the
//! logical location; its `partialFingerprints` stay the same while the requirement, the release
//! and the findings do. Evidence files are artifacts with their SHA-256; problems with the
//! inputs are tool execution notifications.

use std::io;

use serde_json::{Value, json};

use super::Report;
use crate::matrix::{EvidenceRef, Exit, MessageKind, Row, Status};
use crate::policy::Severity;

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `uriBaseId` every location is relative to: the report's base.
const BASE_ID: &str = "RELEASEROOT";

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let matrix = report.matrix;
    let rules: Vec<Value> = matrix.rows.iter().map(rule).collect();
    let results: Vec<Value> = matrix
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| result(report, index, row))
        .collect();
    let artifacts: Vec<Value> = report
        .manifest
        .evidence
        .iter()
        .filter(|f| !f.path.starts_with('<') && f.path != ".")
        .map(|f| {
            json!({
                "location": {"uri": uri(&f.path), "uriBaseId": BASE_ID},
                "hashes": {"sha-256": f.sha256},
            })
        })
        .collect();
    let notifications: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|p| {
            let mut n = json!({
                "level": match p.severity() {
                    crate::diagnostics::Severity::Error => "error",
                    crate::diagnostics::Severity::Warning => "warning",
                    crate::diagnostics::Severity::Note => "note",
                },
                "message": {"text": p.message()},
                "descriptor": {"id": p.code()},
            });
            if let Some((path, line)) = p.location() {
                n["locations"] = json!([{"physicalLocation": {
                    "artifactLocation": {
                        "uri": uri(&crate::paths::relative_to(&path, &report.paths.base)),
                        "uriBaseId": BASE_ID,
                    },
                    "region": {"startLine": line.max(1)},
                }}]);
            }
            n
        })
        .collect();
    let mut sarif = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "relpolicy",
                "version": report.manifest.tool.version,
                "semanticVersion": report.manifest.tool.version,
                "rules": rules,
            }},
            "originalUriBaseIds": {
                BASE_ID: {
                    "uri": report.paths.base_uri(),
                    "description": {"text": "The release folder, or the folder the evidence document is in: every location is relative to it."},
                },
            },
            "invocations": [{
                "executionSuccessful": report.exit != Exit::Error,
                "exitCode": report.exit.code(),
                "toolExecutionNotifications": notifications,
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
    if !report.attestations.is_empty() {
        sarif["runs"][0]["properties"]["attestations"] = json!(report.attestations);
    }
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

/// A requirement as a rule: its statement, its remediation as help, its category and severity.
fn rule(row: &Row) -> Value {
    let mut rule = json!({
        "id": row.id,
        "name": pascal(&row.title),
        "shortDescription": {"text": row.title},
        "fullDescription": {"text": row.statement},
        "defaultConfiguration": {"level": level_for(row.severity)},
        "properties": {"category": row.category, "tags": ["release", row.category]},
    });
    let help = row.remediation.as_deref().unwrap_or(&row.statement);
    rule["help"] = json!({
        "text": help,
        "markdown": format!("**{}** {}\n\n{}", row.id, row.statement, help),
    });
    if let Some(severity) = row.severity {
        rule["properties"]["severity"] = json!(severity.to_string());
    }
    if let Some(policy) = &row.policy {
        rule["properties"]["policy"] = json!(policy.file);
    }
    rule
}

/// The one result of a requirement.
fn result(report: &Report<'_>, index: usize, row: &Row) -> Value {
    let not_yet = row.effective_on.is_some()
        && row
            .messages
            .first()
            .is_some_and(|m| m.text.starts_with("blocking from "));
    let (kind, level) = match row.status {
        Status::Pass => ("pass", "none"),
        Status::NotApplicable => ("notApplicable", "none"),
        Status::Warn if not_yet => ("informational", "none"),
        Status::Warn => ("review", "none"),
        Status::Error => ("fail", "error"),
        Status::Fail | Status::MissingEvidence | Status::Waived => {
            ("fail", level_for(row.severity))
        }
    };
    // Where the findings point; for a row without located findings, what it rests on.
    let findings: Vec<&crate::matrix::Message> = row
        .messages
        .iter()
        .filter(|m| m.kind != MessageKind::Info)
        .collect();
    let mut cited: Vec<&EvidenceRef> = findings.iter().flat_map(|m| &m.evidence).collect();
    if cited.iter().all(|e| e.location.is_none()) {
        cited = row.evidence.iter().collect();
    }
    let mut seen = std::collections::BTreeSet::new();
    let locations: Vec<Value> = cited
        .into_iter()
        .filter(|e| seen.insert(e.pointer.as_str()))
        .map(location)
        .collect();
    let text = match row.messages.as_slice() {
        [] => format!("{} {}: {}", row.id, row.status.as_str(), row.title),
        messages => messages
            .iter()
            .map(|m| match &m.waived_by {
                Some(w) => format!("{} (waived by {w})", m.text),
                None => m.text.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let mut result = json!({
        "ruleId": row.id,
        "ruleIndex": index,
        "kind": kind,
        "level": level,
        "message": {"text": text},
        "locations": locations,
        "partialFingerprints": {"relpolicyFinding/v1": fingerprint(report, row)},
        "properties": {"status": row.status.as_str()},
    });
    if !row.basis.is_empty() {
        result["properties"]["basis"] = json!(row.basis);
    }
    // Waived findings: accepted, external suppressions carrying the waiver as justification.
    if row.status == Status::Waived || !row.waivers.is_empty() {
        let suppressions: Vec<Value> = row
            .waivers
            .iter()
            .map(|id| {
                let waiver = report.matrix.waivers.iter().find(|w| &w.id == id);
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
                suppression
            })
            .collect();
        if row.status == Status::Waived {
            result["suppressions"] = json!(suppressions);
        } else if !suppressions.is_empty() {
            // Partly waived: still failing; the waivers are noted, not suppressing.
            result["properties"]["waivers"] = json!(row.waivers);
        }
    }
    result
}

/// A place in the evidence: the file and line relative to the base, and the JSON pointer.
fn location(e: &EvidenceRef) -> Value {
    let mut location = json!({
        "logicalLocations": [{"fullyQualifiedName": e.pointer, "kind": "member"}],
    });
    if let Some(l) = &e.location
        && !l.path.starts_with('<')
    {
        let mut region = json!({"startLine": l.line.max(1)});
        if let Some(c) = l.column {
            region["startColumn"] = json!(c.max(1));
        }
        location["physicalLocation"] = json!({
            "artifactLocation": {"uri": uri(&l.path), "uriBaseId": BASE_ID},
            "region": region,
        });
    }
    location
}

/// Stable while the requirement, the release (its name, not its version) and the findings stay
/// the same: code-scanning services match results across runs by it.
fn fingerprint(report: &Report<'_>, row: &Row) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(row.id.as_bytes());
    hash.update([0]);
    hash.update(
        report
            .matrix
            .release
            .name
            .as_deref()
            .unwrap_or("")
            .as_bytes(),
    );
    hash.update([0]);
    hash.update(row.status.as_str().as_bytes());
    let mut texts: Vec<&str> = row.messages.iter().map(|m| m.text.as_str()).collect();
    texts.sort_unstable();
    for text in texts {
        hash.update([0]);
        hash.update(text.as_bytes());
    }
    let digest = hash.finalize();
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// A requirement's severity as SARIF's default level.
fn level_for(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Low) => "note",
        Some(Severity::Medium) => "warning",
        _ => "error",
    }
}

use super::percent_encode as uri;

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
