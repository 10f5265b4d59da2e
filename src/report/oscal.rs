//! OSCAL 1.1.2 assessment results (JSON): the verdicts in the form an auditor's compliance
//! tools read.
//!
//! One result for the run: an observation per piece of evidence the verdicts rest on (the
//! evidence document and every file it was gathered from, each linked with its SHA-256), a
//! finding per requirement (the requirement as an objective, `satisfied` or `not-satisfied`,
//! linked to the observations of the evidence it cites), and a risk per requirement that does
//! not pass (open, or `deviation-approved` when waived). Every UUID is a version-5 UUID of
//! what it names, so the same run gives the same document.

use std::io;

use serde_json::{Value, json};

use super::Report;
use crate::matrix::{Row, Status};

/// The OSCAL version the document declares and is validated against.
pub const OSCAL_VERSION: &str = "1.1.2";

/// The namespace of relpolicy's own properties.
const NS: &str = "urn:relpolicy:oscal";

/// The UUID namespace every identifier is derived in.
const UUID_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6b1f_5d3e_8c2a_4f0b_9e47_2d1c_a9f3_0e55);

fn id(parts: &[&str]) -> String {
    uuid::Uuid::new_v5(&UUID_NAMESPACE, parts.join("\u{1f}").as_bytes()).to_string()
}

fn prop(name: &str, value: &str) -> Value {
    json!({"name": name, "ns": NS, "value": value})
}

/// OSCAL tokens are letters, digits, `.`, `_` and `-`, starting with a letter or `_`.
fn token(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// Text OSCAL accepts in a string field: not empty, not starting or ending with space.
fn text(value: &str, otherwise: &str) -> String {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        otherwise.to_owned()
    } else {
        trimmed.to_owned()
    }
}

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let matrix = report.matrix;
    let manifest = report.manifest;
    let library = manifest.library_digest();
    let evidence_digest = manifest.evidence.first().map_or("", |f| f.sha256.as_str());
    let at = manifest
        .evaluated_at
        .clone()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned());
    let run = [library.as_str(), evidence_digest, at.as_str()];
    let label = super::release_label(&matrix.release);

    // An observation per file of evidence.
    let observations: Vec<(String, &str, Value)> = manifest
        .evidence
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let uuid = id(&[&run[..], &["observation", &file.path]].concat());
            let what = if i == 0 {
                "The evidence document the verdicts were evaluated on"
            } else {
                "A file the evidence document was gathered from"
            };
            let href = if file.path == "." {
                "./".to_owned()
            } else {
                super::percent_encode(&file.path)
            };
            let observation = json!({
                "uuid": uuid,
                "title": text(&file.path, "evidence"),
                "description": what,
                "props": [prop("sha256", &file.sha256)],
                "methods": ["TEST"],
                "types": ["historic"],
                "relevant-evidence": [{
                    "href": href,
                    "description": format!("{} (SHA-256 {}), relative to {}", file.path, file.sha256, report.paths.base.display()),
                    "props": [prop("sha256", &file.sha256)],
                }],
                "collected": at,
            });
            (uuid, file.path.as_str(), observation)
        })
        .collect();
    let document_observation = observations.first().map(|(u, _, _)| u.clone());

    let mut findings = Vec::new();
    let mut risks = Vec::new();
    for row in &matrix.rows {
        let related = related_observations(row, &observations, document_observation.as_deref());
        let satisfied = matches!(
            row.status,
            Status::Pass | Status::Warn | Status::NotApplicable
        );
        let mut finding = json!({
            "uuid": id(&[&run[..], &["finding", &row.id]].concat()),
            "title": format!("{}: {}", row.id, text(&row.title, &row.id)),
            "description": text(&finding_text(row), row.status.as_str()),
            "props": [prop("status", row.status.as_str())],
            "target": {
                "type": "objective-id",
                "target-id": token(&row.id),
                "title": text(&row.title, &row.id),
                "status": {
                    "state": if satisfied { "satisfied" } else { "not-satisfied" },
                    "reason": token(&row.status.as_str().replace('_', "-")),
                },
            },
        });
        if !related.is_empty() {
            finding["related-observations"] = json!(
                related
                    .iter()
                    .map(|u| json!({"observation-uuid": u}))
                    .collect::<Vec<_>>()
            );
        }
        if !satisfied {
            let risk_uuid = id(&[&run[..], &["risk", &row.id]].concat());
            let status = if row.status == Status::Waived {
                "deviation-approved"
            } else {
                "open"
            };
            let mut risk = json!({
                "uuid": risk_uuid,
                "title": format!("{} is {}", row.id, row.status.as_str().replace('_', " ")),
                "description": text(&finding_text(row), row.status.as_str()),
                "statement": text(row.remediation.as_deref().unwrap_or(""), "see the requirement's policy"),
                "props": [prop("requirement", &row.id)],
                "status": status,
            });
            if !related.is_empty() {
                risk["related-observations"] = finding["related-observations"].clone();
            }
            risks.push(risk);
            finding["related-risks"] = json!([{"risk-uuid": risk_uuid}]);
        }
        findings.push(finding);
    }

    let mut result = json!({
        "uuid": id(&[&run[..], &["result"]].concat()),
        "title": format!("relpolicy verdicts for {label}"),
        "description": format!(
            "Every requirement of the catalogue evaluated on the release's evidence by relpolicy {} ({}): {}.",
            env!("CARGO_PKG_VERSION"),
            matrix.phase.as_str(),
            super::verdict_label(report.exit)
        ),
        "start": at,
        "end": at,
        "props": [
            prop("verdict", report.exit.verdict()),
            prop("library-sha256", &library),
        ],
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
        "findings": findings,
    });
    let observations: Vec<Value> = observations.into_iter().map(|(_, _, o)| o).collect();
    if !observations.is_empty() {
        result["observations"] = json!(observations);
    }
    if !risks.is_empty() {
        result["risks"] = json!(risks);
    }
    let mut resources: Vec<Value> = report
        .attestations
        .iter()
        .map(|a| {
            json!({
                "uuid": id(&[&run[..], &["attestation", &a.path]].concat()),
                "title": "Verification summary attestation (in-toto, SLSA VSA v1) of these verdicts",
                "rlinks": [{
                    "href": super::percent_encode(&a.path),
                    "hashes": [{"algorithm": "SHA-256", "value": a.sha256}],
                }],
            })
        })
        .collect();
    resources.push(json!({
        "uuid": id(&[&run[..], &["library"]].concat()),
        "title": "The policy library the verdicts were decided by",
        "props": [prop("library-sha256", &library)],
        "remarks": "The SHA-256 over the digests of the catalogue, parameters and policy files, as relpolicy's JSON report records them.",
    }));
    let document = json!({
        "assessment-results": {
            "uuid": id(&[&run[..], &["assessment-results"]].concat()),
            "metadata": {
                "title": format!("relpolicy assessment of {label}"),
                "last-modified": at,
                "version": text(matrix.release.version.as_deref().unwrap_or(""), "unversioned"),
                "oscal-version": OSCAL_VERSION,
                "props": [prop("tool", &format!("relpolicy {}", env!("CARGO_PKG_VERSION")))],
            },
            "import-ap": {
                "href": "#",
                "remarks": "relpolicy's catalogue and policies are the assessment plan; the library digest is in back-matter.",
            },
            "results": [result],
            "back-matter": {"resources": resources},
        }
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// The row's first messages, or its status.
fn finding_text(row: &Row) -> String {
    let messages: Vec<&str> = row
        .messages
        .iter()
        .take(5)
        .map(|m| m.text.as_str())
        .collect();
    if messages.is_empty() {
        format!("{} {}", row.id, row.status.as_str().replace('_', " "))
    } else {
        messages.join("\n")
    }
}

/// The observations of the files the row's evidence lies in; the document's when none.
fn related_observations(
    row: &Row,
    observations: &[(String, &str, Value)],
    document: Option<&str>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let files = row
        .evidence
        .iter()
        .chain(row.messages.iter().flat_map(|m| m.evidence.iter()))
        .filter_map(|e| e.location.as_ref())
        .map(|l| l.path.clone());
    // Locations are relative to the report's base, as the manifest's paths are.
    for path in files {
        if let Some((uuid, _, _)) = observations.iter().find(|(_, p, _)| *p == path)
            && !out.contains(uuid)
        {
            out.push(uuid.clone());
        }
    }
    if out.is_empty()
        && let Some(document) = document
    {
        out.push(document.to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_stable_uuids_and_tokens_are_tokens() {
        assert_eq!(id(&["a", "b"]), id(&["a", "b"]));
        assert_ne!(id(&["a", "b"]), id(&["ab"]));
        assert_eq!(&id(&["x"])[14..15], "5", "a version-5 UUID");
        assert_eq!(token("REQ-27"), "REQ-27");
        assert_eq!(token("27 x"), "_27-x");
    }
}
