//! The JSON report: the versioned contract pipelines and auditors parse.
//!
//! ## Wire format (report_version 1.4)
//!
//! ```text
//! {
//!   "report_version": "1.4",
//!   "tool": {"name": "relpolicy", "version": "0.1.0"},
//!   "base": string,                 // 1.3: the absolute folder every path below is relative to
//!   "phase": "pre-deploy" | "post-deploy",
//!   "profile": string | null,                               // 1.2: the catalogue profile used
//!   "release": {"id", "name", "version", "type",           // null where not recorded
//!               "date"},                                 // 1.4: the target window's day
//!   "verdict": "pass" | "fail" | "error",                   // from the exit code
//!   "exit_code": 0 | 1 | 2,
//!   "summary": {"total", "pass", "fail", "warn", "waived", "not_applicable",
//!               "missing_evidence", "error"},
//!   "requirements": [{                                      // ordered by requirement ID
//!     "id", "title", "statement", "category", "severity",
//!     "status": "pass" | "fail" | "warn" | "waived" | "not_applicable"
//!               | "missing_evidence" | "error",
//!     "policy": {"file", "package", "rule"} | null,
//!     "evidence": [{"pointer", "present", "location": {"path", "line", "column"?} | null}],
//!     "messages": [{"kind": "deny" | "missing" | "error" | "warn" | "info",
//!                   "text", "evidence": [...as above],
//!                   "params"?: [string],                    // 1.2: parameters that decided it
//!                   "waived_by"?: string}],                 // 1.2: the waiver covering it
//!     "remediation",
//!     "effective_on": "YYYY-MM-DD" | null,                  // 1.2
//!     "waivers": [string],                                  // 1.2: waivers covering findings
//!     "basis": [{"pointer", "what"?, "values": {name: value},   // 1.3: what the verdict rests on
//!                "location": {"path", "line", "column"?} | null}],
//!     "basis_omitted"?: integer                             // 1.3: entries past the first 100
//!   }],
//!   "waivers": [{"id", "requirement", "state": "applied" | "partial" | "unused" | "expired"
//!                | "not_yet_valid" | "out_of_scope" | "refused", "covered", "note"?,
//!                "reason", "ticket", "approved_by": {"id", "name"}, "role", "approved_at",
//!                "expires", "file", "line"}],            // 1.2
//!   "diagnostics": [{"code", "severity", "message", "location": {"path", "line"} | null, "help"}],
//!   "manifest": {"tool", "evaluated_at", "evidence": [{"path", "sha256"}], "schema",
//!                "catalog", "params", "params_override", "policies": [{"path", "sha256"}],
//!                "profile", "waivers": [{"path", "sha256"}]},      // 1.2: profile, waivers
//!   "attestations"?: [{"path", "sha256"}]     // 1.4: the VSA written in the same run, if any
//! }
//! ```
//!
//! Versioning: a minor version adds fields; a major version changes or removes them. The same
//! contract as a JSON Schema: `schemas/report.schema.json`.

use std::io;

use serde::Serialize;

use super::Report;
use crate::diagnostics::Problem;
use crate::manifest::{Manifest, Tool};
use crate::matrix::{EvidenceRef, Message, PolicyRef, ReleaseInfo, Row, Status, Summary};
use crate::policy::Severity as PolicySeverity;

/// The JSON report format version.
pub const REPORT_VERSION: &str = "1.4";

#[derive(Serialize)]
struct Wire<'a> {
    report_version: &'static str,
    tool: Tool,
    base: String,
    phase: &'static str,
    profile: Option<&'a str>,
    release: &'a ReleaseInfo,
    verdict: &'static str,
    exit_code: u8,
    summary: Summary,
    requirements: Vec<Requirement<'a>>,
    waivers: &'a [crate::waiver::Outcome],
    diagnostics: Vec<Diagnostic<'a>>,
    manifest: &'a Manifest,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    attestations: &'a [crate::manifest::FileDigest],
}

#[derive(Serialize)]
struct Requirement<'a> {
    id: &'a str,
    title: &'a str,
    statement: &'a str,
    category: &'a str,
    severity: Option<PolicySeverity>,
    status: Status,
    policy: Option<&'a PolicyRef>,
    evidence: &'a [EvidenceRef],
    messages: &'a [Message],
    remediation: Option<&'a str>,
    effective_on: Option<String>,
    waivers: &'a [String],
    basis: &'a [crate::matrix::BasisRef],
    #[serde(skip_serializing_if = "is_zero")]
    basis_omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    location: Option<DiagnosticLocation>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct DiagnosticLocation {
    path: String,
    line: usize,
}

fn requirement(row: &Row) -> Requirement<'_> {
    Requirement {
        id: &row.id,
        title: &row.title,
        statement: &row.statement,
        category: &row.category,
        severity: row.severity,
        status: row.status,
        policy: row.policy.as_ref(),
        evidence: &row.evidence,
        messages: &row.messages,
        remediation: row.remediation.as_deref(),
        effective_on: row.effective_on.map(|d| d.to_string()),
        waivers: &row.waivers,
        basis: &row.basis,
        basis_omitted: row.basis_omitted,
    }
}

fn diagnostic<'a>(problem: &'a Problem, base: &std::path::Path) -> Diagnostic<'a> {
    Diagnostic {
        code: problem.code(),
        severity: problem.severity().as_str(),
        message: problem.message(),
        location: problem.location().map(|(path, line)| DiagnosticLocation {
            path: crate::paths::relative_to(&path, base),
            line,
        }),
        help: problem.help_text(),
    }
}

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &wire(report))?;
    writeln!(out)
}

/// The same report on one line, as `relpolicy audit --format jsonl` streams it.
pub fn render_line(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &wire(report))?;
    writeln!(out)
}

fn wire<'a>(report: &'a Report<'a>) -> Wire<'a> {
    Wire {
        report_version: REPORT_VERSION,
        tool: Tool::default(),
        base: report.paths.base.to_string_lossy().into_owned(),
        phase: report.matrix.phase.as_str(),
        profile: report.matrix.profile.as_deref(),
        release: &report.matrix.release,
        verdict: report.exit.verdict(),
        exit_code: report.exit.code(),
        summary: report.matrix.summary(),
        requirements: report.matrix.rows.iter().map(requirement).collect(),
        waivers: &report.matrix.waivers,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|p| diagnostic(p, &report.paths.base))
            .collect(),
        manifest: report.manifest,
        attestations: report.attestations,
    }
}
