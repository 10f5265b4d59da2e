//! GitLab's Code Quality report (a JSON array of issues, the CodeClimate subset GitLab reads):
//! one issue per finding of a requirement that did not pass, with a stable fingerprint, a
//! severity from the requirement's, and the file and line of the evidence it points at (as
//! typed from the working directory: the project root in a job). A finding without a place is
//! put on the first line of the evidence document or release manifest, as GitLab needs a path.

use std::io;

use serde_json::{Value, json};

use super::Report;
use crate::matrix::{MessageKind, Row, Status};
use crate::policy::Severity;

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    // Where a finding without a place of its own is put.
    let fallback = match report.manifest.evidence.first().map(|f| f.path.as_str()) {
        Some(".") | None => report.paths.show(crate::gather::MANIFEST_NAME),
        Some(path) => report.paths.show(path),
    };
    let mut issues = Vec::new();
    for row in &report.matrix.rows {
        if matches!(
            row.status,
            Status::Pass | Status::NotApplicable | Status::Waived
        ) {
            continue;
        }
        for message in &row.messages {
            if message.waived_by.is_some()
                || (message.kind == MessageKind::Info && row.status != Status::Warn)
            {
                continue;
            }
            let (path, line) = message
                .evidence
                .iter()
                .find_map(|e| e.location.as_ref())
                .filter(|l| !l.path.starts_with('<'))
                .map_or_else(
                    || (fallback.clone(), 1),
                    |l| (report.paths.show(&l.path), l.line),
                );
            issues.push(json!({
                "type": "issue",
                "check_name": row.id,
                "description": format!("{} {}: {}", row.id, row.title, message.text),
                "categories": ["Compliance"],
                "severity": severity(row, message.kind),
                "fingerprint": fingerprint(row, &message.text, &path),
                "location": {"path": path, "lines": {"begin": line.max(1)}},
            }));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &Value::Array(issues))?;
    writeln!(out)
}

/// GitLab's severities: info, minor, major, critical, blocker.
fn severity(row: &Row, kind: MessageKind) -> &'static str {
    match (row.status, kind) {
        (Status::Error, _) => "blocker",
        (_, MessageKind::Warn | MessageKind::Info) | (Status::Warn, _) => "info",
        _ => match row.severity {
            Some(Severity::Critical) | None => "critical",
            Some(Severity::High) => "major",
            Some(Severity::Medium) => "minor",
            Some(Severity::Low) => "info",
        },
    }
}

/// Stable while the requirement, the finding and its file stay the same: GitLab compares the
/// issues of two pipelines by it.
fn fingerprint(row: &Row, text: &str, path: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{}\0{text}\0{path}", row.id).as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}
