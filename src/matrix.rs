//! The traceability matrix: requirement → policy → evidence → verdict.
//!
//! [`Matrix::build`] decides one row per catalogued requirement. The order of
//! the checks is the fail-closed contract (docs/design.md), and each step can
//! only keep a row from passing, never make it pass:
//!
//! 1. no policy, or two policies claiming the requirement → `error`; the
//!    chosen profile leaves the requirement out (and it is not critical) →
//!    `not_applicable`;
//! 2. the release type is unknown and the requirement depends on it →
//!    `missing_evidence`; the requirement does not apply to the type →
//!    `not_applicable`;
//! 3. the requirement is verified after deployment and this run is before →
//!    `not_applicable`;
//! 4. the evidence could not be read, or a section the policy declares is
//!    schema-invalid → `error`;
//! 5. evidence the policy declares is absent → `missing_evidence`;
//! 6. the policy fails to compile or errors → `error`;
//! 7. the policy's `missing` findings → `missing_evidence`; `deny` findings →
//!    `fail`; `satisfied` not true → `fail`; `warn` findings → `warn`;
//! 8. otherwise `pass`.
//!
//! Then a requirement that is not yet effective (`effective_on` after the
//! evaluation time) turns `fail` and `missing_evidence` into `warn`, saying
//! from when it blocks; and waivers (`crate::waiver`) may turn rows whose every
//! finding they cover into `waived`. Neither ever touches an `error`.
//!
//! Every report format renders this one model.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::catalog::{Catalog, Phase, Profile, ReleaseType, Requirement};
use crate::evidence::Prepared;
use crate::policy::{Finding, PolicySet, Severity, Slot, Verdict};
use crate::schema::Violation;
use crate::source::{locate_pointers, pointer_tokens};

/// A requirement's verdict, spelled as in every machine format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    Warn,
    Waived,
    NotApplicable,
    MissingEvidence,
    Error,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Self::Pass,
        Self::Fail,
        Self::Warn,
        Self::Waived,
        Self::NotApplicable,
        Self::MissingEvidence,
        Self::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Warn => "warn",
            Self::Waived => "waived",
            Self::NotApplicable => "not_applicable",
            Self::MissingEvidence => "missing_evidence",
            Self::Error => "error",
        }
    }

    /// The status spelled `text` (as [`Status::as_str`] spells it).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// relpolicy's exit status, computed on the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Every requirement passed (warn, waived and not_applicable allowed).
    Pass = 0,
    /// At least one requirement failed or lacks evidence.
    Violations = 1,
    /// relpolicy could not evaluate everything: bad input, a broken policy, a requirement
    /// without a policy. Takes precedence over violations, because a release whose
    /// evaluation is incomplete must not read as merely "failing a few checks".
    Error = 2,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The exit status a code stands for; an unknown code is `Error`.
    pub fn from_code(code: u8) -> Self {
        match code {
            0 => Self::Pass,
            1 => Self::Violations,
            _ => Self::Error,
        }
    }

    /// The verdict as the machine formats spell it: `pass`, `fail` or `error`.
    pub fn verdict(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Violations => "fail",
            Self::Error => "error",
        }
    }
}

/// Why a message is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// A violation found by the policy's `deny` rule.
    Deny,
    /// Evidence the requirement needs and the release lacks.
    Missing,
    /// A problem that kept relpolicy from deciding the requirement.
    Error,
    /// A concern from the policy's `warn` rule.
    Warn,
    /// Why the requirement does not apply, or how the verdict was reached.
    Info,
}

/// One message on a row, with the evidence it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    pub kind: MessageKind,
    pub text: String,
    pub evidence: Vec<EvidenceRef>,
    /// The policy parameters that decided this finding: change them to fit your process.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<String>,
    /// The waiver that covers this finding, if one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived_by: Option<String>,
}

impl Message {
    /// A finding about the release (not an explanation or an evaluation error): what a waiver
    /// can cover.
    pub fn is_finding(&self) -> bool {
        matches!(
            self.kind,
            MessageKind::Deny | MessageKind::Missing | MessageKind::Warn
        )
    }
}

/// A place in the evidence, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EvidenceRef {
    /// JSON pointer into the evidence document.
    pub pointer: String,
    /// False when nothing is at the pointer.
    pub present: bool,
    /// The file and line the item was read from, when known.
    pub location: Option<Location>,
}

/// A file position: the item's recorded provenance, else its line in the evidence document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}:{}:{c}", self.path, self.line),
            None => write!(f, "{}:{}", self.path, self.line),
        }
    }
}

/// The policy that decided a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyRef {
    pub file: String,
    pub package: String,
    /// The rule whose result decided the verdict (`satisfied`, `deny`, `missing`, `warn`),
    /// or none when the verdict was reached before the policy ran.
    pub rule: Option<&'static str>,
}

/// One requirement's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub statement: String,
    pub category: String,
    pub status: Status,
    pub severity: Option<Severity>,
    pub policy: Option<PolicyRef>,
    /// What the verdict rests on: the evidence the policy declares and every item a message cites.
    pub evidence: Vec<EvidenceRef>,
    pub messages: Vec<Message>,
    pub remediation: Option<String>,
    /// The first day (UTC) a failure of this requirement blocks a release, if one is set.
    pub effective_on: Option<chrono::NaiveDate>,
    /// The waivers that cover this row's findings (all of them when the row is `waived`).
    pub waivers: Vec<String>,
    /// What the verdict rests on: the evidence values the policy declared as deciding it, the
    /// first [`BASIS_SHOWN`] of them by pointer.
    pub basis: Vec<BasisRef>,
    /// How many more the policy declared than `basis` holds.
    pub basis_omitted: usize,
}

/// The most basis entries one row carries: a report names what a verdict rests on, it does not
/// copy the evidence (a policy naming each of 10,000 artifacts would).
pub const BASIS_SHOWN: usize = 100;

/// One item a verdict rests on ([`crate::policy::Basis`]), placed in the files it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BasisRef {
    pub pointer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    pub values: std::collections::BTreeMap<String, Value>,
    pub location: Option<Location>,
    /// Members whose values are read from the evidence into `values` (then emptied).
    #[serde(skip)]
    pub keys: Vec<String>,
}

impl BasisRef {
    /// `approver l.brandt, role Release Manager, timestamp 2026-03-13T10:00:00Z`.
    pub fn values_text(&self) -> String {
        self.values
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k} {s}"),
                Value::Array(items) => format!(
                    "{k} {}",
                    items
                        .iter()
                        .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                other => format!("{k} {other}"),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl Row {
    /// The first message, the one-line reason a table shows.
    pub fn reason(&self) -> Option<&str> {
        self.messages.first().map(|m| m.text.as_str())
    }
}

/// What the evaluated release says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReleaseInfo {
    pub id: Option<String>,
    pub name: Option<String>,
    pub version: Option<String>,
    #[serde(rename = "type")]
    pub release_type: Option<String>,
    /// The day the release was planned to reach production (its target window's start,
    /// `YYYY-MM-DD`): what `audit` groups releases by month with. Since report 1.4.
    pub date: Option<String>,
}

/// Counts per status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: usize,
    pub pass: usize,
    pub fail: usize,
    pub warn: usize,
    pub waived: usize,
    pub not_applicable: usize,
    pub missing_evidence: usize,
    pub error: usize,
}

impl Summary {
    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Pass => self.pass,
            Status::Fail => self.fail,
            Status::Warn => self.warn,
            Status::Waived => self.waived,
            Status::NotApplicable => self.not_applicable,
            Status::MissingEvidence => self.missing_evidence,
            Status::Error => self.error,
        }
    }

    /// `30 pass, 2 not_applicable`: every status some row has, in [`Status::ALL`] order.
    pub fn counts_text(&self) -> String {
        Status::ALL
            .iter()
            .filter(|s| self.count(**s) > 0)
            .map(|s| format!("{} {s}", self.count(*s)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The matrix: one row per catalogued requirement, in ID order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    pub phase: Phase,
    pub release: ReleaseInfo,
    pub rows: Vec<Row>,
    /// The profile the catalogue was tailored with, if any.
    pub profile: Option<String>,
    /// Every waiver that was given, and what became of it.
    pub waivers: Vec<crate::waiver::Outcome>,
}

/// How a run decides, beyond the catalogue and policies.
#[derive(Clone, Copy, Debug)]
pub struct Settings<'a> {
    pub phase: Phase,
    /// The evaluation time: effective dates are judged at it.
    pub as_of: chrono::DateTime<chrono::Utc>,
    /// The catalogue's tailoring profile this run uses.
    pub profile: Option<&'a Profile>,
}

/// The evidence as `Matrix::build` sees it.
pub enum Subject<'a> {
    /// Read, schema-checked and derived.
    Ready(&'a Prepared),
    /// Could not be read or parsed; every row is an error with this reason.
    Unreadable(&'a str),
}

impl Matrix {
    /// Decide every catalogued requirement (see the module docs for the order).
    pub fn build(
        catalog: &Catalog,
        policies: &PolicySet,
        subject: &Subject<'_>,
        settings: &Settings<'_>,
    ) -> Self {
        let phase = settings.phase;
        let release = match subject {
            Subject::Ready(prepared) => release_info(&prepared.document),
            Subject::Unreadable(_) => ReleaseInfo::default(),
        };
        let present = |p: &str| match subject {
            Subject::Ready(prepared) => prepared.has(p),
            Subject::Unreadable(_) => false,
        };
        let decisions: Vec<Decision<'_>> = catalog
            .requirements
            .iter()
            .map(|r| decide(r, policies, subject, settings, &present))
            .collect();
        // Every requirement that reached its policy is evaluated in one pass.
        let pending: Vec<&str> = decisions
            .iter()
            .filter_map(|d| match d {
                Decision::Evaluate(draft) => Some(draft.requirement.id.as_str()),
                Decision::Done(_) => None,
            })
            .collect();
        let mut verdicts = match subject {
            Subject::Ready(prepared) if !pending.is_empty() => {
                policies.evaluate(&prepared.input, &pending)
            }
            _ => Default::default(),
        };
        let mut rows: Vec<Row> = decisions
            .into_iter()
            .map(|d| match d {
                Decision::Done(row) => row,
                Decision::Evaluate(draft) => {
                    let verdict = verdicts
                        .remove(&draft.requirement.id)
                        .unwrap_or_else(|| Err("the policy was not evaluated".to_owned()));
                    let flaws = match subject {
                        Subject::Ready(prepared) => time_flaws(prepared, &draft.declared),
                        Subject::Unreadable(_) => Vec::new(),
                    };
                    conclude(draft, verdict, &flaws, &present)
                }
            })
            .collect();
        for row in &mut rows {
            not_yet_effective(row, settings.as_of);
        }
        if let Subject::Ready(prepared) = subject {
            read_basis_values(&mut rows, prepared);
            locate_all(&mut rows, prepared);
        }
        Self {
            phase,
            release,
            rows,
            profile: settings.profile.map(|p| p.name.clone()),
            waivers: Vec::new(),
        }
    }

    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            total: self.rows.len(),
            ..Summary::default()
        };
        for row in &self.rows {
            *match row.status {
                Status::Pass => &mut s.pass,
                Status::Fail => &mut s.fail,
                Status::Warn => &mut s.warn,
                Status::Waived => &mut s.waived,
                Status::NotApplicable => &mut s.not_applicable,
                Status::MissingEvidence => &mut s.missing_evidence,
                Status::Error => &mut s.error,
            } += 1;
        }
        s
    }

    /// The exit status the rows call for.
    pub fn exit(&self) -> Exit {
        let statuses: BTreeSet<Status> = self.rows.iter().map(|r| r.status).collect();
        if statuses.contains(&Status::Error) {
            Exit::Error
        } else if statuses.contains(&Status::Fail) || statuses.contains(&Status::MissingEvidence) {
            Exit::Violations
        } else {
            Exit::Pass
        }
    }
}

fn release_info(document: &Value) -> ReleaseInfo {
    let text = |p: &str| {
        document
            .pointer(p)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    ReleaseInfo {
        id: text("/release/id"),
        name: text("/release/name"),
        version: text("/release/version"),
        release_type: text("/release/type"),
        date: text("/release/target_window/start").and_then(|start| crate::when::day_of(&start)),
    }
}

/// A row before its verdict, holding what every path needs.
struct Draft<'a> {
    requirement: &'a Requirement,
    policy: Option<PolicyRef>,
    severity: Option<Severity>,
    remediation: Option<String>,
    declared: Vec<String>,
    effective_on: Option<chrono::NaiveDate>,
}

impl<'a> Draft<'a> {
    /// Decide the row with a single message, as every step before the policy does.
    fn done(
        self,
        status: Status,
        kind: MessageKind,
        text: impl Into<String>,
        pointers: &[&str],
        present: &dyn Fn(&str) -> bool,
    ) -> Decision<'a> {
        let messages = vec![message(kind, text, pointers, present)];
        Decision::Done(self.finish(status, messages, present))
    }

    fn finish(self, status: Status, messages: Vec<Message>, present: &dyn Fn(&str) -> bool) -> Row {
        let mut pointers: BTreeSet<&str> = self.declared.iter().map(String::as_str).collect();
        for m in &messages {
            pointers.extend(m.evidence.iter().map(|e| e.pointer.as_str()));
        }
        let evidence = pointers
            .into_iter()
            .map(|p| evidence_ref(p, present))
            .collect();
        let r = self.requirement;
        Row {
            id: r.id.clone(),
            title: r.title.clone(),
            statement: r.statement.clone(),
            category: r.category.clone(),
            status,
            severity: self.severity,
            policy: self.policy,
            evidence,
            messages,
            remediation: self.remediation,
            effective_on: self.effective_on,
            waivers: Vec::new(),
            basis: Vec::new(),
            basis_omitted: 0,
        }
    }
}

fn evidence_ref(pointer: &str, present: &dyn Fn(&str) -> bool) -> EvidenceRef {
    EvidenceRef {
        pointer: pointer.to_owned(),
        present: present(pointer),
        location: None,
    }
}

fn message(
    kind: MessageKind,
    text: impl Into<String>,
    pointers: &[&str],
    present: &dyn Fn(&str) -> bool,
) -> Message {
    Message {
        kind,
        text: text.into(),
        evidence: pointers.iter().map(|p| evidence_ref(p, present)).collect(),
        params: Vec::new(),
        waived_by: None,
    }
}

/// A requirement either decided before its policy runs, or waiting for its policy's verdict.
enum Decision<'a> {
    Done(Row),
    Evaluate(Draft<'a>),
}

/// Steps 1 to 5: everything that can be decided without running the policy.
fn decide<'a>(
    requirement: &'a Requirement,
    policies: &PolicySet,
    subject: &Subject<'_>,
    settings: &Settings<'_>,
    present: &dyn Fn(&str) -> bool,
) -> Decision<'a> {
    let phase = settings.phase;
    let id = requirement.id.as_str();
    let policy = match policies.get(id) {
        Some(Slot::Policy(policy)) => policy,
        other => {
            let draft = Draft {
                requirement,
                policy: None,
                severity: None,
                remediation: None,
                declared: Vec::new(),
                effective_on: requirement.effective_on,
            };
            let text = match other {
                Some(Slot::Contested(files)) => {
                    format!(
                        "{id} is claimed by more than one policy ({}); none is trusted",
                        files.join(", ")
                    )
                }
                _ => format!(
                    "no policy decides {id}: add a policy whose METADATA names it (custom.requirement)"
                ),
            };
            return draft.done(Status::Error, MessageKind::Error, text, &[], present);
        }
    };
    let draft = Draft {
        requirement,
        policy: Some(PolicyRef {
            file: policy.file.name().to_owned(),
            package: policy.package.clone(),
            rule: None,
        }),
        severity: policy.metadata.severity,
        remediation: policy.metadata.remediation.clone(),
        declared: policy.metadata.evidence.clone(),
        effective_on: requirement.effective_on.or(policy.metadata.effective_on),
    };

    // 1b. Tailoring: the profile leaves the requirement out. Never a critical one (and never
    // one whose severity is not declared): `Checker` reports such a profile as an error.
    if let Some(profile) = settings.profile
        && let Some(left) = profile.leaves_out(id)
        && may_leave_out(policy.metadata.severity)
    {
        let text = format!("left out by profile {}: {}", profile.name, left.reason);
        return draft.done(Status::NotApplicable, MessageKind::Info, text, &[], present);
    }

    // 2. Release type.
    if requirement.depends_on_type() {
        let declared = match subject {
            Subject::Ready(prepared) => prepared
                .document
                .pointer("/release/type")
                .and_then(Value::as_str),
            Subject::Unreadable(_) => None,
        };
        match declared.and_then(ReleaseType::parse) {
            None if matches!(subject, Subject::Ready(_)) => {
                let text = format!(
                    "{id} applies only to {} releases, and the release type is not recorded",
                    type_list(&requirement.applies_to)
                );
                return draft.done(
                    Status::MissingEvidence,
                    MessageKind::Missing,
                    text,
                    &["/release/type"],
                    present,
                );
            }
            Some(t) if !requirement.applies_to_type(t) => {
                let text = format!(
                    "applies to {} releases; this is a {t} release",
                    type_list(&requirement.applies_to)
                );
                let mut decided = draft.done(
                    Status::NotApplicable,
                    MessageKind::Info,
                    text,
                    &["/release/type"],
                    present,
                );
                // What it rests on is the release's type.
                if let Decision::Done(row) = &mut decided {
                    row.basis.push(BasisRef {
                        pointer: "/release/type".to_owned(),
                        what: Some("release type".to_owned()),
                        values: [("type".to_owned(), Value::String(t.to_string()))].into(),
                        location: None,
                        keys: Vec::new(),
                    });
                }
                return decided;
            }
            _ => {}
        }
    }

    // 3. Phase.
    if requirement.phase == Phase::PostDeploy && phase == Phase::PreDeploy {
        let text =
            "verified after the production deployment; this check ran with --phase pre-deploy";
        return draft.done(Status::NotApplicable, MessageKind::Info, text, &[], present);
    }

    // 4. Readable and schema-valid evidence.
    let prepared = match subject {
        Subject::Ready(prepared) => *prepared,
        Subject::Unreadable(reason) => {
            let text = format!("the evidence could not be read: {reason}");
            return draft.done(Status::Error, MessageKind::Error, text, &[], present);
        }
    };
    let declared_sections: BTreeSet<&str> = draft
        .declared
        .iter()
        .filter_map(|p| p.split('/').nth(1))
        .collect();
    let incomplete: Vec<&Violation> = prepared
        .unreadable
        .iter()
        .filter(|v| v.section().is_none_or(|s| declared_sections.contains(s)))
        .collect();
    if !incomplete.is_empty() {
        let text = format!(
            "the evidence this requirement rests on could not be gathered completely: {}",
            incomplete
                .iter()
                .map(|v| format!("{} ({})", v.pointer, v.message))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let pointers: Vec<&str> = incomplete
            .iter()
            .map(|v| v.pointer.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        return draft.done(Status::Error, MessageKind::Error, text, &pointers, present);
    }
    let broken: Vec<&str> = prepared
        .violations
        .iter()
        .filter(|v| v.section().is_none_or(|s| declared_sections.contains(s)))
        .map(|v| v.pointer.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !broken.is_empty() {
        let text = format!(
            "the evidence this requirement rests on does not match the schema at {}; fix the schema errors first",
            broken
                .iter()
                .map(|p| if p.is_empty() { "the document root" } else { p })
                .collect::<Vec<_>>()
                .join(", ")
        );
        let pointers: Vec<&str> = broken.iter().copied().filter(|p| !p.is_empty()).collect();
        return draft.done(Status::Error, MessageKind::Error, text, &pointers, present);
    }

    // 5. Declared evidence present.
    let absent: Vec<Message> = draft
        .declared
        .iter()
        .filter(|p| !prepared.has(p))
        .map(|p| {
            message(
                MessageKind::Missing,
                format!("no evidence at {p}"),
                &[p.as_str()],
                present,
            )
        })
        .collect();
    if !absent.is_empty() {
        return Decision::Done(draft.finish(Status::MissingEvidence, absent, present));
    }

    Decision::Evaluate(draft)
}

/// Steps 6 to 8: the policy's own verdict.
fn conclude(
    mut draft: Draft<'_>,
    verdict: Result<Verdict, String>,
    flaws: &[(String, String)],
    present: &dyn Fn(&str) -> bool,
) -> Row {
    let verdict = match verdict {
        Ok(v) => v,
        Err(text) => {
            return draft.finish(
                Status::Error,
                vec![message(MessageKind::Error, text, &[], present)],
                present,
            );
        }
    };
    let to_messages = |kind: MessageKind, findings: &[Finding]| -> Vec<Message> {
        findings
            .iter()
            .map(|f| {
                let pointers: Vec<&str> = f.evidence.iter().map(String::as_str).collect();
                Message {
                    params: f.params.clone(),
                    ..message(kind, f.message.clone(), &pointers, present)
                }
            })
            .collect()
    };
    let warnings = to_messages(MessageKind::Warn, &verdict.warn);
    // A time the requirement's evidence holds that cannot be true fails it, whether or not the
    // policy compared it (one the policy already reported is not repeated).
    let mut verdict = verdict;
    let reported = |pointer: &str| {
        verdict
            .deny
            .iter()
            .chain(&verdict.missing)
            .any(|f| f.evidence.iter().any(|e| e == pointer) || f.message.contains(pointer))
    };
    let unreported: Vec<&(String, String)> = flaws.iter().filter(|(p, _)| !reported(p)).collect();
    for (pointer, flaw) in unreported {
        verdict.deny.push(Finding {
            message: format!("{pointer} {flaw}"),
            evidence: vec![pointer.clone()],
            params: Vec::new(),
        });
    }
    let (status, rule, mut messages) = if !verdict.missing.is_empty() {
        (
            Status::MissingEvidence,
            "missing",
            to_messages(MessageKind::Missing, &verdict.missing),
        )
    } else if !verdict.deny.is_empty() {
        (
            Status::Fail,
            "deny",
            to_messages(MessageKind::Deny, &verdict.deny),
        )
    } else if !verdict.not_applicable.is_empty() {
        (
            Status::NotApplicable,
            "not_applicable",
            to_messages(MessageKind::Info, &verdict.not_applicable),
        )
    } else if !verdict.satisfied {
        let text = "the policy found no violation but did not establish the requirement (its `satisfied` rule is not true)";
        (
            Status::Fail,
            "satisfied",
            vec![message(MessageKind::Deny, text, &[], present)],
        )
    } else if !warnings.is_empty() {
        (Status::Warn, "warn", Vec::new())
    } else {
        (Status::Pass, "satisfied", Vec::new())
    };
    messages.extend(warnings);
    if let Some(p) = draft.policy.as_mut() {
        p.rule = Some(rule);
    }
    let mut row = draft.finish(status, messages, present);
    row.basis_omitted = verdict.basis.len().saturating_sub(BASIS_SHOWN);
    row.basis = verdict
        .basis
        .into_iter()
        .take(BASIS_SHOWN)
        .map(|b| BasisRef {
            pointer: b.pointer,
            what: b.what,
            values: b.values,
            location: None,
            keys: b.keys,
        })
        .collect();
    row
}

/// A profile may leave out a requirement of declared severity below critical.
pub fn may_leave_out(severity: Option<Severity>) -> bool {
    severity.is_some_and(|s| s != Severity::Critical)
}

/// Before its effective date a requirement warns instead of blocking: `fail` and
/// `missing_evidence` become `warn`, with the day it starts to block as the first message.
fn not_yet_effective(row: &mut Row, as_of: chrono::DateTime<chrono::Utc>) {
    let Some(day) = row.effective_on else { return };
    if as_of >= crate::when::start_of(day)
        || !matches!(row.status, Status::Fail | Status::MissingEvidence)
    {
        return;
    }
    let was = row.status;
    row.status = Status::Warn;
    row.messages.insert(
        0,
        Message {
            kind: MessageKind::Info,
            text: format!("blocking from {day}: until then this {was} is a warning (effective_on)"),
            evidence: Vec::new(),
            params: Vec::new(),
            waived_by: None,
        },
    );
}

/// The flawed times (`timeline.flaws`) inside the evidence a requirement declares, by pointer.
fn time_flaws(prepared: &Prepared, declared: &[String]) -> Vec<(String, String)> {
    prepared
        .timeline
        .flaws
        .iter()
        .filter(|(pointer, _)| {
            declared.iter().any(|d| {
                pointer.as_str() == d
                    || (pointer.starts_with(d.as_str())
                        && pointer.as_bytes().get(d.len()) == Some(&b'/'))
            })
        })
        .map(|(pointer, flaw)| (pointer.clone(), flaw.clone()))
        .collect()
}

fn type_list(types: &[ReleaseType]) -> String {
    types
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Give every evidence reference a file position, resolving all pointers in one pass.
/// The values of the members a basis entry names by `keys`, read from the item at its pointer:
/// through objects only, and only values a basis shows (as `lib.basis_item` once computed them
/// in Rego, at a fifth of an evaluation's time).
fn read_basis_values(rows: &mut [Row], prepared: &Prepared) {
    for basis in rows.iter_mut().flat_map(|row| &mut row.basis) {
        if basis.keys.is_empty() {
            continue;
        }
        let keys = std::mem::take(&mut basis.keys);
        let Some(item) = prepared.value_at(&basis.pointer) else {
            continue;
        };
        for key in keys {
            let value = key
                .split('.')
                .try_fold(item.as_ref(), |node, part| node.as_object()?.get(part));
            if let Some(value) = value.filter(|v| crate::policy::finding::shown_value(v)) {
                basis.values.insert(key, whole_numbers(value.clone()));
            }
        }
    }
}

/// Numbers as the policy engine writes them: a whole number without a fraction (`39432`, not
/// `39432.0`, as a derived total is computed).
fn whole_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(whole_numbers).collect()),
        other => other,
    }
}

fn locate_all(rows: &mut [Row], prepared: &Prepared) {
    // A row's evidence already includes every pointer its messages cite (`Draft::finish`), and
    // only items that exist have a position: an absent one is named by its pointer alone.
    let pointers: Vec<String> = rows
        .iter()
        .flat_map(|row| &row.evidence)
        .filter(|e| e.present)
        .map(|e| e.pointer.clone())
        .chain(
            rows.iter()
                .flat_map(|row| row.basis.iter().map(|b| b.pointer.clone())),
        )
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
    let spans = locate_pointers(prepared.file.text(), &refs);
    let located: std::collections::BTreeMap<&str, Location> = refs
        .iter()
        .zip(spans)
        .filter_map(|(p, span)| {
            if let Some(location) = prepared.provenance(p) {
                return Some((*p, location));
            }
            let span = span?;
            let lc = prepared.file.line_col(span.range.start);
            Some((
                *p,
                Location {
                    path: prepared.document_path.clone(),
                    line: lc.line,
                    column: Some(lc.column),
                },
            ))
        })
        .collect();
    let fill = |e: &mut EvidenceRef| e.location = located.get(e.pointer.as_str()).cloned();
    for row in rows.iter_mut() {
        for b in &mut row.basis {
            b.location = located.get(b.pointer.as_str()).cloned();
        }
        row.evidence.iter_mut().for_each(fill);
        for m in &mut row.messages {
            m.evidence.iter_mut().for_each(fill);
        }
    }
}

/// The recorded source of the deepest item on the pointer's path that has one (items gathered
/// from files carry `source: {path, line}`), and how many tokens deep that item is.
pub(crate) fn provenance_at_depth(document: &Value, pointer: &str) -> (Option<Location>, usize) {
    let mut node = document;
    let mut found = (source_of(node), 0);
    for (depth, token) in pointer_tokens(pointer).into_iter().enumerate() {
        let next = match node {
            Value::Object(map) => map.get(&token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else { break };
        node = next;
        if let Some(source) = source_of(node) {
            found = (Some(source), depth + 1);
        }
    }
    found
}

pub(crate) fn source_of(node: &Value) -> Option<Location> {
    let source = node.get("source")?;
    let path = source.get("path")?.as_str()?;
    let number = |k: &str| {
        source
            .get(k)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    Some(Location {
        path: path.to_owned(),
        line: number("line").unwrap_or(1),
        column: number("column"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(statuses: &[Status]) -> Matrix {
        let rows = statuses
            .iter()
            .enumerate()
            .map(|(i, status)| Row {
                id: format!("T-{i}"),
                title: String::new(),
                statement: String::new(),
                category: String::new(),
                status: *status,
                severity: None,
                policy: None,
                evidence: Vec::new(),
                messages: Vec::new(),
                remediation: None,
                effective_on: None,
                waivers: Vec::new(),
                basis: Vec::new(),
                basis_omitted: 0,
            })
            .collect();
        Matrix {
            phase: Phase::PostDeploy,
            release: ReleaseInfo::default(),
            rows,
            profile: None,
            waivers: Vec::new(),
        }
    }

    #[test]
    fn exit_codes_rank_error_over_violations_over_pass() {
        use Status::*;
        assert_eq!(
            matrix(&[Pass, Warn, Waived, NotApplicable]).exit(),
            Exit::Pass
        );
        assert_eq!(matrix(&[Pass, Fail]).exit(), Exit::Violations);
        assert_eq!(matrix(&[Pass, MissingEvidence]).exit(), Exit::Violations);
        assert_eq!(matrix(&[Fail, Error, MissingEvidence]).exit(), Exit::Error);
        assert_eq!(matrix(&[]).exit(), Exit::Pass);
    }

    #[test]
    fn the_summary_counts_every_status() {
        use Status::*;
        let summary = matrix(&[Pass, Pass, Fail, Error, MissingEvidence, Warn]).summary();
        assert_eq!((summary.total, summary.pass, summary.fail), (6, 2, 1));
        assert_eq!(
            (summary.error, summary.missing_evidence, summary.warn),
            (1, 1, 1)
        );
        assert_eq!(
            Status::ALL.iter().map(|s| summary.count(*s)).sum::<usize>(),
            6
        );
    }
}
