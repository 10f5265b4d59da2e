//! Policy metadata, written in OPA's `# METADATA` annotation syntax and read by relpolicy.
//!
//! regorus drops comments, so relpolicy reads the package-scoped annotation
//! block itself. The block stays valid OPA: relpolicy's own fields live under
//! `custom`, OPA's standard keys are accepted, and anything else is an error
//! (a typo in metadata should not silently change a verdict).
//!
//! ```rego
//! # METADATA
//! # title: Production deployment approved by the Release Manager
//! # custom:
//! #   requirement: REQ-27
//! #   severity: critical
//! #   remediation: Record the Release Manager's approval before deploying.
//! #   evidence: [/approvals]
//! package relpolicy.req_27
//! ```

use std::fmt;

use miette::SourceSpan;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostics::{Problem, yaml_message, yaml_range};
use crate::source::SourceFile;

/// How much a violated requirement matters; from the policy's metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        })
    }
}

/// What a policy file says about itself before regorus sees it.
#[derive(Clone, Debug, Default)]
pub struct Header {
    /// The package name (`relpolicy.req_27`) and where it is written.
    pub package: Option<(String, SourceSpan)>,
    /// The package's `# METADATA` block, if it has one.
    pub metadata: Option<Metadata>,
}

/// The package-scoped annotations relpolicy uses.
#[derive(Clone, Debug)]
pub struct Metadata {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The requirement this policy decides, and where that is written.
    pub requirement: Option<(String, SourceSpan)>,
    pub severity: Option<Severity>,
    pub remediation: Option<String>,
    /// Before this day (UTC) a failing verdict is a `warn` that says when it starts to block.
    pub effective_on: Option<chrono::NaiveDate>,
    /// JSON pointers into the evidence the verdict rests on. All must be present
    /// for the policy to be evaluated; otherwise the verdict is `missing_evidence`.
    pub evidence: Vec<String>,
    /// Where each `evidence` entry is written, in the same order.
    pub evidence_spans: Vec<SourceSpan>,
    /// The whole annotation block.
    pub span: SourceSpan,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnnotations {
    scope: Option<String>,
    title: Option<String>,
    description: Option<String>,
    custom: Option<RawCustom>,
    // OPA's other standard keys: accepted so files stay valid OPA, unused here.
    #[allow(dead_code)]
    related_resources: Option<IgnoredAny>,
    #[allow(dead_code)]
    authors: Option<IgnoredAny>,
    #[allow(dead_code)]
    organizations: Option<IgnoredAny>,
    #[allow(dead_code)]
    schemas: Option<IgnoredAny>,
    #[allow(dead_code)]
    entrypoint: Option<IgnoredAny>,
}

// Unknown keys under `custom` are allowed: teams keep their own metadata there.
#[derive(Deserialize)]
struct RawCustom {
    requirement: Option<Spanned<String>>,
    severity: Option<Severity>,
    remediation: Option<String>,
    evidence: Option<Vec<Spanned<String>>>,
    effective_on: Option<Spanned<String>>,
}

/// An annotation block's YAML text and, per YAML line, where it sits in the policy file.
struct Block {
    yaml: String,
    /// (offset of the line in `yaml`, offset of the same text in the policy file)
    lines: Vec<(usize, usize)>,
    span: SourceSpan,
}

impl Block {
    fn file_offset(&self, yaml_offset: usize) -> usize {
        let i = self
            .lines
            .partition_point(|&(y, _)| y <= yaml_offset)
            .max(1)
            - 1;
        match self.lines.get(i) {
            Some(&(y, f)) => f + yaml_offset.saturating_sub(y),
            None => self.span.offset(),
        }
    }

    fn file_span(&self, location: &serde_saphyr::Location) -> SourceSpan {
        let (start, len) = yaml_range(location);
        SourceSpan::from((self.file_offset(start.min(self.yaml.len())), len))
    }
}

/// Read the package name and the package's `# METADATA` block of a policy file.
pub fn parse_header(file: &SourceFile) -> Result<Header, Problem> {
    let text = file.text();
    let mut header = Header::default();
    let mut pending: Option<Block> = None;
    let mut in_block: Option<Block> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if let Some(comment) = trimmed.strip_prefix('#') {
            if comment.trim() == "METADATA" {
                // A new block starts; an earlier one not attached to a statement is dropped.
                in_block = Some(Block {
                    yaml: String::new(),
                    lines: Vec::new(),
                    span: SourceSpan::from((start, content.len())),
                });
            } else if let Some(block) = in_block.as_mut() {
                let body = comment.strip_prefix(' ').unwrap_or(comment);
                let body_start = start + (content.len() - body.len());
                block.lines.push((block.yaml.len(), body_start));
                block.yaml.push_str(body);
                block.yaml.push('\n');
                let end = body_start + body.len();
                block.span = SourceSpan::from((block.span.offset(), end - block.span.offset()));
            }
            continue;
        }
        if trimmed.is_empty() {
            if in_block.is_some() {
                pending = in_block.take();
            }
            continue;
        }
        // The first statement: METADATA before it belongs to it.
        let block = in_block.take().or(pending.take());
        if let Some(rest) = trimmed.strip_prefix("package")
            && rest.starts_with(char::is_whitespace)
        {
            let name = rest.split('#').next().unwrap_or("").trim();
            let name_start = start
                + (content.len() - trimmed.len())
                + "package".len()
                + (rest.len() - rest.trim_start().len());
            header.package = Some((name.to_owned(), SourceSpan::from((name_start, name.len()))));
            if let Some(block) = block {
                header.metadata = parse_block(&block, file)?;
            }
        }
        break;
    }
    Ok(header)
}

fn parse_block(block: &Block, file: &SourceFile) -> Result<Option<Metadata>, Problem> {
    let raw: RawAnnotations = serde_saphyr::from_str(&block.yaml).map_err(|err| {
        let message = yaml_message(&err);
        let span = err
            .location()
            .map_or(block.span, |l| block.file_span(&l));
        Problem::error(
            "relpolicy::policy::metadata",
            format!("invalid METADATA block: {message}"),
        )
        .in_file(file)
        .label(span, "here")
        .help("METADATA is YAML in comments; relpolicy's fields go under `custom` (see docs/policies.md)")
    })?;
    if let Some(scope) = raw.scope.as_deref()
        && !matches!(scope, "package" | "subpackages")
    {
        // A rule- or document-scoped block is not the package's metadata.
        return Ok(None);
    }
    let custom = raw.custom;
    let mut evidence = Vec::new();
    let mut evidence_spans = Vec::new();
    for pointer in custom
        .as_ref()
        .and_then(|c| c.evidence.as_ref())
        .into_iter()
        .flatten()
    {
        if !pointer.value.starts_with('/') {
            return Err(Problem::error(
                "relpolicy::policy::metadata",
                format!("evidence entry `{}` is not a JSON pointer", pointer.value),
            )
            .in_file(file)
            .label(block.file_span(&pointer.referenced), "expected a pointer such as /approvals")
            .help("list the parts of the evidence document the verdict rests on, as JSON pointers starting with `/`"));
        }
        evidence.push(pointer.value.clone());
        evidence_spans.push(block.file_span(&pointer.referenced));
    }
    let effective_on = match custom.as_ref().and_then(|c| c.effective_on.as_ref()) {
        None => None,
        Some(date) => Some(crate::when::parse_date(&date.value).ok_or_else(|| {
            Problem::error(
                "relpolicy::policy::metadata",
                format!("effective_on `{}` is not a date", date.value),
            )
            .in_file(file)
            .label(block.file_span(&date.referenced), "expected YYYY-MM-DD")
            .help("write the first day the requirement blocks a release, e.g. `effective_on: 2026-06-01`")
        })?),
    };
    Ok(Some(Metadata {
        effective_on,
        title: raw.title.map(|t| t.trim().to_owned()),
        description: raw.description.map(|d| d.trim().to_owned()),
        requirement: custom
            .as_ref()
            .and_then(|c| c.requirement.as_ref())
            .map(|r| (r.value.trim().to_owned(), block.file_span(&r.referenced))),
        severity: custom.as_ref().and_then(|c| c.severity),
        remediation: custom
            .and_then(|c| c.remediation)
            .map(|r| r.trim().to_owned()),
        evidence,
        evidence_spans,
        span: block.span,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Result<Header, Problem> {
        parse_header(&SourceFile::new("p.rego", text))
    }

    const POLICY: &str = "# Release notes policy.\n\
        # METADATA\n\
        # title: Release notes prepared\n\
        # custom:\n\
        #   requirement: REQ-24\n\
        #   severity: high\n\
        #   remediation: >-\n\
        #     Publish the notes.\n\
        #   evidence: [/release_notes, /release/changes]\n\
        #   owner: compliance\n\
        package relpolicy.req_24 # trailing comment\n\
        \n\
        deny contains \"x\" if false\n";

    #[test]
    fn reads_package_and_metadata() {
        let h = header(POLICY).unwrap();
        let (package, span) = h.package.unwrap();
        assert_eq!(package, "relpolicy.req_24");
        assert_eq!(
            &POLICY[span.offset()..span.offset() + span.len()],
            "relpolicy.req_24"
        );
        let m = h.metadata.unwrap();
        assert_eq!(m.title.as_deref(), Some("Release notes prepared"));
        assert_eq!(m.severity, Some(Severity::High));
        assert_eq!(m.remediation.as_deref(), Some("Publish the notes."));
        assert_eq!(m.evidence, ["/release_notes", "/release/changes"]);
        let (id, span) = m.requirement.unwrap();
        assert_eq!(id, "REQ-24");
        assert_eq!(&POLICY[span.offset()..span.offset() + span.len()], "REQ-24");
    }

    #[test]
    fn a_block_separated_by_code_is_not_the_package_block() {
        let h = header("package p\n\n# METADATA\n# title: rule\nallow := true\n").unwrap();
        assert!(h.metadata.is_none());
        let h = header("# METADATA\n# scope: rule\n# title: x\npackage p\n").unwrap();
        assert!(h.metadata.is_none());
    }

    #[test]
    fn metadata_errors_point_into_the_policy_file() {
        let text = "# METADATA\n# title: t\n# titel: typo\npackage p\n";
        let problem = header(text).unwrap_err();
        assert_eq!(problem.code(), "relpolicy::policy::metadata");
        assert!(
            problem.message().contains("unknown field `titel`"),
            "{}",
            problem.message()
        );
        assert_eq!(problem.location(), Some(("p.rego".into(), 3)));

        let text = "# METADATA\n# custom:\n#   evidence: [approvals]\npackage p\n";
        let problem = header(text).unwrap_err();
        assert!(problem.message().contains("not a JSON pointer"));
        assert_eq!(problem.location(), Some(("p.rego".into(), 3)));
    }

    #[test]
    fn files_without_metadata_have_none() {
        let h = header("package relpolicy.lib.time\n").unwrap();
        assert_eq!(h.package.unwrap().0, "relpolicy.lib.time");
        assert!(h.metadata.is_none());
    }
}
