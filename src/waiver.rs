//! Waivers: known, approved deviations, each with an approver, a reason, a ticket and an expiry.
//!
//! A waivers file (`--waivers FILE`, or `waivers:` in a release folder's relpolicy.yaml) lists
//! waivers for requirements. [`Waivers::load`] reads the files and refuses, with a located
//! error, any waiver that names no catalogued requirement, is approved by a role the parameters
//! do not allow for the requirement's severity, or lives longer than the parameters allow.
//! [`Waivers::apply`] then lays the rest over one release's matrix:
//!
//! - a waiver whose scope (release IDs, services, a version range: all that are given) does not
//!   match the release is out of scope and does nothing;
//! - one not yet approved at the evaluation time, or expired by it, does nothing, and the rows
//!   it would have covered say so;
//! - otherwise it covers the findings of its requirement it matches (all, or those under an
//!   evidence pointer and/or matching a message pattern). A `fail`, `warn` or
//!   `missing_evidence` row whose every finding is covered becomes `waived`; a row partly covered
//!   keeps its status, with the covered findings marked. An `error` is never waived.
//!
//! Every finding stays in the report, marked with the waiver that covers it. A waiver that
//! covers nothing is reported as unused.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use miette::SourceSpan;
use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_saphyr::Spanned;

use crate::catalog::Catalog;
use crate::diagnostics::{Problem, yaml_error, yaml_range};
use crate::manifest::FileDigest;
use crate::matrix::{Matrix, Message, MessageKind, ReleaseInfo, Status};
use crate::policy::{PolicySet, Severity, Slot};
use crate::source::SourceFile;

/// The waivers file format this relpolicy reads.
pub const WAIVERS_VERSION: u32 = 1;

/// The longest a waiver may live when the parameters do not say (`waivers.max_days`).
pub const DEFAULT_MAX_DAYS: i64 = 90;

/// Who approved a waiver.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Approver {
    pub id: String,
    pub name: String,
}

/// One waiver, checked and ready to apply.
#[derive(Clone, Debug)]
pub struct Waiver {
    pub id: String,
    pub requirement: String,
    /// Only findings citing evidence at or under this JSON pointer.
    pub evidence: Option<String>,
    /// Only findings whose message matches this pattern.
    pub message: Option<Regex>,
    pub releases: Vec<String>,
    pub services: Vec<String>,
    pub versions: Option<(String, semver::VersionReq)>,
    pub reason: String,
    pub ticket: String,
    pub approved_by: Approver,
    pub role: String,
    pub approved_at: DateTime<Utc>,
    pub expires: DateTime<Utc>,
    /// `expires` as written (a date or a time).
    pub expires_text: String,
    pub file: String,
    pub line: usize,
}

/// What became of a waiver on one release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// It covered every finding of its requirement: the row is `waived`.
    Applied,
    /// It covered some findings; others are not covered, so the row keeps its status.
    Partial,
    /// It is in scope and valid but covered nothing.
    Unused,
    /// It expired before the evaluation time.
    Expired,
    /// Its approval is dated after the evaluation time.
    NotYetValid,
    /// Its scope does not include this release.
    OutOfScope,
    /// It breaks a rule (unknown requirement, unauthorised role, too long a lifetime).
    Refused,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Partial => "partial",
            Self::Unused => "unused",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::OutOfScope => "out_of_scope",
            Self::Refused => "refused",
        }
    }
}

/// A waiver as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub id: String,
    pub requirement: String,
    pub state: State,
    /// How many findings it covers.
    pub covered: usize,
    /// Why it did nothing or was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub reason: String,
    pub ticket: String,
    pub approved_by: Approver,
    pub role: String,
    pub approved_at: String,
    pub expires: String,
    pub file: String,
    pub line: usize,
}

impl Outcome {
    /// "WVR-7 (ticket INC-1, approved by Clara Weber, CAB, until 2026-04-10): the reason".
    pub fn summary(&self) -> String {
        format!(
            "{} (ticket {}, approved by {}, {}, until {}): {}",
            self.id, self.ticket, self.approved_by.name, self.role, self.expires, self.reason
        )
    }
}

/// Every waiver a run was given: those that may apply, and those refused.
#[derive(Clone, Debug, Default)]
pub struct Waivers {
    pub waivers: Vec<Waiver>,
    pub refused: Vec<Outcome>,
    /// Each file read, with its digest, for the report's manifest.
    pub files: Vec<FileDigest>,
    sources: Vec<SourceFile>,
    spans: Vec<(usize, SourceSpan)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    waivers_version: Spanned<u32>,
    waivers: Vec<Spanned<RawWaiver>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    id: Spanned<String>,
    requirement: Spanned<String>,
    #[serde(default)]
    findings: Option<RawFindings>,
    scope: Spanned<RawScope>,
    reason: String,
    ticket: String,
    approved_by: Approver,
    role: Spanned<String>,
    approved_at: Spanned<String>,
    expires: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFindings {
    evidence: Option<Spanned<String>>,
    message: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScope {
    #[serde(default)]
    releases: Vec<String>,
    #[serde(default)]
    services: Vec<String>,
    versions: Option<Spanned<String>>,
}

/// What a waiver may do, from the policy parameters.
struct Rules {
    max_days: i64,
    /// Per severity, the role names allowed to approve a waiver.
    roles: Vec<(Severity, Vec<String>)>,
}

impl Rules {
    fn from_params(params: &Value) -> Self {
        let waivers = &params["waivers"];
        let max_days = waivers["max_days"].as_i64().unwrap_or(DEFAULT_MAX_DAYS);
        let names_of = |group: &str| -> Vec<String> {
            params["roles"][group]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|name| name.trim().to_owned())
                .collect()
        };
        let roles = [
            (Severity::Critical, "critical"),
            (Severity::High, "high"),
            (Severity::Medium, "medium"),
            (Severity::Low, "low"),
        ]
        .into_iter()
        .map(|(severity, key)| {
            let names = waivers["roles"][key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .flat_map(names_of)
                .collect();
            (severity, names)
        })
        .collect();
        Self { max_days, roles }
    }

    fn allowed(&self, severity: Severity) -> &[String] {
        self.roles
            .iter()
            .find(|(s, _)| *s == severity)
            .map_or(&[], |(_, names)| names.as_slice())
    }
}

/// A role or name compared as people write it: case and surrounding space do not matter.
fn norm(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Waivers {
    /// Read waiver files and check every waiver against the catalogue, the severities the
    /// policies declare, and the `waivers` parameters. Refused waivers are kept (to be
    /// listed) and each is an error; a file that cannot be read or parsed is an error too.
    pub fn load(
        paths: &[PathBuf],
        catalog: &Catalog,
        policies: &PolicySet,
        params: &Value,
    ) -> (Self, Vec<Problem>) {
        let rules = Rules::from_params(params);
        let mut out = Self::default();
        let mut problems = Vec::new();
        let mut seen_files: BTreeSet<PathBuf> = BTreeSet::new();
        for path in paths {
            // The same file named twice (on the command line and by the release folder).
            let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if !seen_files.insert(key) {
                continue;
            }
            match read(path) {
                Ok(file) => out.parse(file, catalog, policies, &rules, &mut problems),
                Err(problem) => problems.push(problem),
            }
        }
        (out, problems)
    }

    /// The same as [`Waivers::load`] for files already read.
    pub fn parse_files(
        files: Vec<SourceFile>,
        catalog: &Catalog,
        policies: &PolicySet,
        params: &Value,
    ) -> (Self, Vec<Problem>) {
        let rules = Rules::from_params(params);
        let mut out = Self::default();
        let mut problems = Vec::new();
        for file in files {
            out.parse(file, catalog, policies, &rules, &mut problems);
        }
        (out, problems)
    }

    fn parse(
        &mut self,
        file: SourceFile,
        catalog: &Catalog,
        policies: &PolicySet,
        rules: &Rules,
        problems: &mut Vec<Problem>,
    ) {
        self.files.push(FileDigest::of_file(&file));
        let raw: RawFile = match serde_saphyr::from_str(file.text()) {
            Ok(raw) => raw,
            Err(err) => {
                let (message, span) = yaml_error(&err, &file);
                problems.push(
                    Problem::error(
                        "relpolicy::waiver::invalid",
                        format!("invalid waivers file: {message}"),
                    )
                    .in_file(&file)
                    .label(span, "here")
                    .help("see docs/check.md \"Waivers\" for the format; no waiver of this file applies until it is fixed"),
                );
                return;
            }
        };
        let span = |l: &serde_saphyr::Location| -> SourceSpan {
            let (offset, len) = yaml_range(l);
            let offset = offset.min(file.text().len());
            SourceSpan::from((offset, len.min(file.text().len() - offset)))
        };
        if raw.waivers_version.value != WAIVERS_VERSION {
            problems.push(
                Problem::error(
                    "relpolicy::waiver::invalid",
                    format!(
                        "waivers_version {} is not supported by relpolicy {}",
                        raw.waivers_version.value,
                        env!("CARGO_PKG_VERSION")
                    ),
                )
                .in_file(&file)
                .label(span(&raw.waivers_version.referenced), "this version")
                .help(format!(
                    "this relpolicy reads waivers_version {WAIVERS_VERSION}"
                )),
            );
            return;
        }
        let source_index = self.sources.len();
        self.sources.push(file.clone());
        for entry in raw.waivers {
            let at = span(&entry.referenced);
            let w = entry.value;
            let line = file.line_col(at.offset()).line;
            let mut refuse = |label_at: SourceSpan, message: String, help: &str| {
                problems.push(
                    Problem::error("relpolicy::waiver::refused", message)
                        .in_file(&file)
                        .label(label_at, "here")
                        .help(help.to_owned()),
                );
            };
            let id = w.id.value.trim().to_owned();
            let requirement = w.requirement.value.trim().to_owned();
            let mut wrong: Vec<String> = Vec::new();
            let mut check = |ok: bool, at: SourceSpan, message: String, help: &str| {
                if !ok {
                    refuse(at, message.clone(), help);
                    wrong.push(message);
                }
            };
            check(
                !id.is_empty(),
                span(&w.id.referenced),
                "a waiver has an empty id".to_owned(),
                "give every waiver an id that reports and tickets can cite",
            );
            let duplicate =
                self.waivers.iter().any(|x| x.id == id) || self.refused.iter().any(|x| x.id == id);
            check(
                !duplicate,
                span(&w.id.referenced),
                format!("waiver {id} is defined twice"),
                "waiver ids are unique across all waiver files",
            );
            let catalogued = catalog.get(&requirement).is_some();
            check(
                catalogued,
                span(&w.requirement.referenced),
                format!(
                    "waiver {id} names requirement {requirement}, which is not in the catalogue"
                ),
                "correct the requirement ID (see `relpolicy doc` for the catalogue)",
            );
            for (field, value) in [
                ("reason", &w.reason),
                ("ticket", &w.ticket),
                ("approved_by.id", &w.approved_by.id),
                ("approved_by.name", &w.approved_by.name),
                ("role", &w.role.value),
            ] {
                check(
                    !value.trim().is_empty(),
                    at,
                    format!("waiver {id} has an empty {field}"),
                    "every waiver says why, under which ticket, and who approved it in which role",
                );
            }
            let scope = w.scope.value;
            check(
                !(scope.releases.is_empty()
                    && scope.services.is_empty()
                    && scope.versions.is_none()),
                span(&w.scope.referenced),
                format!("waiver {id} has an empty scope"),
                "name the release IDs, services or version range it covers: a waiver never covers every release",
            );
            let versions =
                scope
                    .versions
                    .as_ref()
                    .and_then(|v| match semver::VersionReq::parse(&v.value) {
                        Ok(req) => Some((v.value.trim().to_owned(), req)),
                        Err(e) => {
                            check(
                                false,
                                span(&v.referenced),
                                format!("waiver {id}: `{}` is not a version range ({e})", v.value),
                                "write a semver range such as `>=2.4.0, <2.5.0`",
                            );
                            None
                        }
                    });
            let findings = w.findings.unwrap_or(RawFindings {
                evidence: None,
                message: None,
            });
            let evidence = findings
                .evidence
                .as_ref()
                .map(|e| e.value.trim().to_owned());
            if let Some(e) = &findings.evidence {
                check(
                    e.value.trim().starts_with('/'),
                    span(&e.referenced),
                    format!(
                        "waiver {id}: findings.evidence `{}` is not a JSON pointer",
                        e.value
                    ),
                    "narrow to findings about evidence under a pointer such as /cost_report",
                );
            }
            let message = findings.message.as_ref().and_then(|m| match Regex::new(&m.value) {
                Ok(r) => Some(r),
                Err(e) => {
                    check(
                        false,
                        span(&m.referenced),
                        format!("waiver {id}: findings.message is not a valid pattern: {e}"),
                        "write a regular expression (Rust regex syntax) the finding's message must match",
                    );
                    None
                }
            });
            let approved_at = crate::when::parse_time(&w.approved_at.value);
            check(
                approved_at.is_some(),
                span(&w.approved_at.referenced),
                format!(
                    "waiver {id}: approved_at `{}` is not an RFC 3339 time",
                    w.approved_at.value
                ),
                "write when the waiver was approved, with its zone, e.g. 2026-03-10T09:00:00Z",
            );
            let expires = crate::when::parse_moment(&w.expires.value);
            check(
                expires.is_some(),
                span(&w.expires.referenced),
                format!(
                    "waiver {id}: expires `{}` is not {}",
                    w.expires.value,
                    crate::when::MOMENT_HELP
                ),
                "every waiver expires; write the last day it covers, e.g. 2026-04-30",
            );
            if let (Some(from), Some(until)) = (approved_at, expires) {
                check(
                    until > from,
                    span(&w.expires.referenced),
                    format!("waiver {id} expires before it was approved"),
                    "an expiry comes after the approval",
                );
                let days = (until - from).num_seconds() as f64 / 86_400.0;
                check(
                    days <= rules.max_days as f64,
                    span(&w.expires.referenced),
                    format!(
                        "waiver {id} would last {} days; waivers may last at most {} days",
                        days.ceil(),
                        rules.max_days
                    ),
                    "shorten it and renew it when it expires, or raise `waivers.max_days` in your params file",
                );
            }
            if catalogued {
                let severity = match policies.get(&requirement) {
                    Some(Slot::Policy(p)) => p.metadata.severity,
                    _ => None,
                };
                // A requirement whose severity is not declared is treated as critical.
                let level = severity.unwrap_or(Severity::Critical);
                let allowed = rules.allowed(level);
                check(
                    allowed.iter().any(|name| norm(name) == norm(&w.role.value)),
                    span(&w.role.referenced),
                    format!(
                        "waiver {id}: a {} may not waive {requirement}, a {level} requirement",
                        w.role.value.trim()
                    ),
                    &format!(
                        "a {level} requirement may be waived by: {}; set `waivers.roles.{level}` in your params file to change who may",
                        if allowed.is_empty() {
                            "nobody".to_owned()
                        } else {
                            allowed.join(", ")
                        }
                    ),
                );
            }
            let show = |t: Option<DateTime<Utc>>, raw: &str| {
                t.map_or_else(|| raw.to_owned(), crate::manifest::show_time)
            };
            if !wrong.is_empty() {
                self.refused.push(Outcome {
                    id,
                    requirement,
                    state: State::Refused,
                    covered: 0,
                    note: Some(wrong.join("; ")),
                    reason: w.reason.trim().to_owned(),
                    ticket: w.ticket.trim().to_owned(),
                    approved_by: w.approved_by,
                    role: w.role.value.trim().to_owned(),
                    approved_at: show(approved_at, &w.approved_at.value),
                    expires: w.expires.value.trim().to_owned(),
                    file: file.name().to_owned(),
                    line,
                });
                continue;
            }
            let (Some(approved_at), Some(expires)) = (approved_at, expires) else {
                continue;
            };
            self.spans.push((source_index, at));
            self.waivers.push(Waiver {
                id,
                requirement,
                evidence,
                message,
                releases: scope.releases.iter().map(|r| r.trim().to_owned()).collect(),
                services: scope.services.iter().map(|s| s.trim().to_owned()).collect(),
                versions,
                reason: w.reason.trim().to_owned(),
                ticket: w.ticket.trim().to_owned(),
                approved_by: w.approved_by,
                role: w.role.value.trim().to_owned(),
                approved_at,
                expires,
                expires_text: w.expires.value.trim().to_owned(),
                file: file.name().to_owned(),
                line,
            });
        }
    }

    /// Lay the waivers over one release's matrix (see the module docs), recording what became of
    /// each in `matrix.waivers`. Returns warnings for waivers that did nothing.
    pub fn apply(&self, matrix: &mut Matrix, as_of: DateTime<Utc>) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut laid: Vec<(State, usize, Option<String>)> = Vec::with_capacity(self.waivers.len());
        for waiver in &self.waivers {
            let row = matrix.rows.iter_mut().find(|r| r.id == waiver.requirement);
            laid.push(match row {
                None => (
                    State::Unused,
                    0,
                    Some("the requirement is not in this run's matrix".to_owned()),
                ),
                Some(row) => waiver.lay_over(row, &matrix.release, as_of),
            });
        }
        // A row whose every finding some waiver covers is waived; then each waiver that covered
        // something is applied or partial by what became of its row.
        for row in &mut matrix.rows {
            let open = matches!(
                row.status,
                Status::Fail | Status::Warn | Status::MissingEvidence
            );
            let mut findings = row.messages.iter().filter(|m| m.is_finding()).peekable();
            if !open || findings.peek().is_none() || !findings.all(|m| m.waived_by.is_some()) {
                continue;
            }
            row.status = Status::Waived;
            let by: Vec<String> = self
                .waivers
                .iter()
                .filter(|w| row.waivers.contains(&w.id))
                .map(|w| w.summary())
                .collect();
            row.messages
                .insert(0, info(format!("waived by {}", by.join("; "))));
        }
        for (waiver, (state, _, note)) in self.waivers.iter().zip(laid.iter_mut()) {
            if *state == State::Applied
                && matrix
                    .rows
                    .iter()
                    .any(|r| r.id == waiver.requirement && r.status != Status::Waived)
            {
                *state = State::Partial;
                *note = Some(
                    "other findings of the requirement are not covered, so it keeps its status"
                        .to_owned(),
                );
            }
        }
        let mut outcomes: Vec<Outcome> = self.refused.clone();
        for (index, (waiver, (state, covered, note))) in self.waivers.iter().zip(laid).enumerate() {
            if matches!(state, State::Unused | State::Expired | State::NotYetValid) {
                problems.push(self.warning(index, state, note.as_deref()));
            }
            outcomes.push(waiver.outcome(state, covered, note));
        }
        outcomes.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        matrix.waivers = outcomes;
        problems
    }

    /// The warning for a waiver that did nothing, located at it.
    fn warning(&self, index: usize, state: State, note: Option<&str>) -> Problem {
        let waiver = &self.waivers[index];
        let (source, span) = self.spans[index];
        let (code, text, help) = match state {
            State::Expired => (
                "relpolicy::waiver::expired",
                format!("waiver {} expired on {}", waiver.id, waiver.expires_text),
                "renew it with a new approval and expiry, or fix what it covered",
            ),
            State::NotYetValid => (
                "relpolicy::waiver::not_yet_valid",
                format!(
                    "waiver {} is approved only from {}",
                    waiver.id,
                    crate::manifest::show_time(waiver.approved_at)
                ),
                "a waiver applies from the time it was approved",
            ),
            _ => (
                "relpolicy::waiver::unused",
                format!(
                    "waiver {} covers no finding of {}",
                    waiver.id, waiver.requirement
                ),
                "remove it if the deviation is gone, or correct its requirement, scope or findings",
            ),
        };
        let text = match note {
            Some(note) => format!("{text}: {note}"),
            None => text,
        };
        Problem::warning(code, text)
            .in_file(&self.sources[source])
            .label(span, "this waiver")
            .help(help)
    }
}

impl Waiver {
    fn in_scope(&self, release: &ReleaseInfo) -> bool {
        let has = |list: &[String], value: &Option<String>| {
            list.is_empty() || value.as_ref().is_some_and(|v| list.iter().any(|x| x == v))
        };
        let version = match &self.versions {
            None => true,
            Some((_, req)) => release
                .version
                .as_deref()
                .and_then(|v| semver::Version::parse(v.trim_start_matches('v')).ok())
                .is_some_and(|v| req.matches(&v)),
        };
        has(&self.releases, &release.id) && has(&self.services, &release.name) && version
    }

    fn covers(&self, message: &Message) -> bool {
        message.is_finding()
            && self.evidence.as_deref().is_none_or(|prefix| {
                let prefix = prefix.trim_end_matches('/');
                message.evidence.iter().any(|e| {
                    e.pointer == prefix
                        || (e.pointer.starts_with(prefix)
                            && e.pointer.as_bytes().get(prefix.len()) == Some(&b'/'))
                })
            })
            && self
                .message
                .as_ref()
                .is_none_or(|r| r.is_match(&message.text))
    }

    /// Cover what this waiver may on its requirement's row; say what became of it.
    fn lay_over(
        &self,
        row: &mut crate::matrix::Row,
        release: &ReleaseInfo,
        as_of: DateTime<Utc>,
    ) -> (State, usize, Option<String>) {
        if !self.in_scope(release) {
            return (State::OutOfScope, 0, None);
        }
        let matching = row.messages.iter().filter(|m| self.covers(m)).count();
        let stale = if as_of > self.expires {
            Some((
                State::Expired,
                format!(
                    "waiver {} expired on {} and no longer covers these findings",
                    self.id, self.expires_text
                ),
            ))
        } else if as_of < self.approved_at {
            Some((
                State::NotYetValid,
                format!(
                    "waiver {} is approved only from {} and does not cover these findings yet",
                    self.id,
                    crate::manifest::show_time(self.approved_at)
                ),
            ))
        } else {
            None
        };
        let open = matches!(
            row.status,
            Status::Fail | Status::Warn | Status::MissingEvidence
        );
        if let Some((state, text)) = stale {
            if open && matching > 0 {
                row.messages.push(info(text));
            }
            return (state, 0, None);
        }
        if row.status == Status::Error {
            if matching > 0 {
                row.messages.push(info(format!(
                    "waiver {} does not apply: an error is never waived",
                    self.id
                )));
            }
            return (
                State::Unused,
                0,
                Some("the requirement is in error, which no waiver covers".to_owned()),
            );
        }
        if !open {
            return (
                State::Unused,
                0,
                Some(format!("the requirement is {}", row.status)),
            );
        }
        let mut covered = 0;
        for m in row.messages.iter_mut() {
            if m.waived_by.is_none() && self.covers(m) {
                m.waived_by = Some(self.id.clone());
                covered += 1;
            }
        }
        if covered == 0 {
            let note = if matching > 0 {
                "its findings are covered by other waivers"
            } else {
                "no finding matches its requirement, evidence and message"
            };
            return (State::Unused, 0, Some(note.to_owned()));
        }
        row.waivers.push(self.id.clone());
        // Applied or partial is settled once every waiver has been laid (`settle`).
        (State::Applied, covered, None)
    }

    /// "WVR-7 (ticket INC-1, approved by Clara Weber, CAB, until 2026-04-10): the reason".
    pub fn summary(&self) -> String {
        format!(
            "{} (ticket {}, approved by {}, {}, until {}): {}",
            self.id, self.ticket, self.approved_by.name, self.role, self.expires_text, self.reason
        )
    }

    fn outcome(&self, state: State, covered: usize, note: Option<String>) -> Outcome {
        Outcome {
            id: self.id.clone(),
            requirement: self.requirement.clone(),
            state,
            covered,
            note,
            reason: self.reason.clone(),
            ticket: self.ticket.clone(),
            approved_by: self.approved_by.clone(),
            role: self.role.clone(),
            approved_at: crate::manifest::show_time(self.approved_at),
            expires: self.expires_text.clone(),
            file: self.file.clone(),
            line: self.line,
        }
    }
}

fn info(text: String) -> Message {
    Message {
        kind: MessageKind::Info,
        text,
        evidence: Vec::new(),
        params: Vec::new(),
        waived_by: None,
    }
}

fn read(path: &Path) -> Result<SourceFile, Problem> {
    let bytes = crate::source::read_regular(path, 16 * 1024 * 1024).map_err(|e| {
        Problem::error(
            "relpolicy::waiver::unreadable",
            format!("cannot read waivers file {}: {e}", path.display()),
        )
        .help("pass the path of a YAML waivers file with --waivers, or fix `waivers:` in relpolicy.yaml")
    })?;
    SourceFile::decode(path.display().to_string(), bytes).map_err(|e| {
        Problem::error(
            "relpolicy::waiver::unreadable",
            format!("waivers file {} is {e}", path.display()),
        )
        .help("save the waivers file as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::EvidenceRef;

    fn waiver(releases: &[&str], services: &[&str], versions: Option<&str>) -> Waiver {
        let time = |t: &str| crate::when::parse_moment(t).unwrap();
        Waiver {
            id: "W-1".into(),
            requirement: "DEP-01".into(),
            evidence: Some("/deployments/1".into()),
            message: None,
            releases: releases.iter().map(|s| (*s).to_owned()).collect(),
            services: services.iter().map(|s| (*s).to_owned()).collect(),
            versions: versions.map(|v| (v.to_owned(), semver::VersionReq::parse(v).unwrap())),
            reason: "r".into(),
            ticket: "t".into(),
            approved_by: Approver {
                id: "a".into(),
                name: "A".into(),
            },
            role: "CAB".into(),
            approved_at: time("2026-03-01T00:00:00Z"),
            expires: time("2026-04-01"),
            expires_text: "2026-04-01".into(),
            file: "w.yaml".into(),
            line: 1,
        }
    }

    fn release(id: &str, name: &str, version: &str) -> ReleaseInfo {
        ReleaseInfo {
            id: Some(id.into()),
            name: Some(name.into()),
            version: Some(version.into()),
            release_type: Some("minor".into()),
            date: None,
        }
    }

    /// Hand-made edge cases of scope: every part given must match.
    #[test]
    fn every_part_of_a_scope_must_match() {
        let r = release("REL-1", "payments-api", "2.4.0");
        assert!(waiver(&["REL-1"], &[], None).in_scope(&r));
        assert!(!waiver(&["REL-2"], &[], None).in_scope(&r));
        assert!(waiver(&[], &["payments-api"], Some(">=2.4.0, <2.5.0")).in_scope(&r));
        assert!(!waiver(&[], &["payments-api"], Some(">=2.5.0")).in_scope(&r));
        assert!(!waiver(&["REL-1"], &["ledger"], None).in_scope(&r));
        assert!(waiver(&[], &[], Some("^2.4")).in_scope(&release("X", "y", "v2.4.1")));
        // A version that is not semver is in no range.
        assert!(!waiver(&[], &[], Some(">=1.0.0")).in_scope(&release("X", "y", "2026.03")));
        let unknown = ReleaseInfo::default();
        assert!(!waiver(&["REL-1"], &[], None).in_scope(&unknown));
    }

    /// An evidence narrowing covers the pointer and what is under it, not its siblings.
    #[test]
    fn an_evidence_narrowing_is_a_pointer_prefix_by_whole_tokens() {
        let w = waiver(&["REL-1"], &[], None);
        let finding = |pointer: &str, kind: MessageKind| Message {
            kind,
            text: "x".into(),
            evidence: vec![EvidenceRef {
                pointer: pointer.into(),
                present: true,
                location: None,
            }],
            params: Vec::new(),
            waived_by: None,
        };
        assert!(w.covers(&finding("/deployments/1", MessageKind::Deny)));
        assert!(w.covers(&finding(
            "/deployments/1/manual_steps",
            MessageKind::Missing
        )));
        assert!(!w.covers(&finding("/deployments/10", MessageKind::Deny)));
        assert!(!w.covers(&finding("/deployments", MessageKind::Deny)));
        assert!(!w.covers(&finding("/deployments/1", MessageKind::Info)));
        assert!(!w.covers(&finding("/deployments/1", MessageKind::Error)));
    }
}
