//! The requirement catalogue: which requirements exist, what they say, and when they apply.
//!
//! The catalogue is data (YAML), versioned by compliance teams next to their
//! policies. It is the authority on which rows the matrix has: every
//! catalogued requirement gets a verdict, and a policy that names an ID the
//! catalogue does not know is an error. Policies live in `policy`; this module
//! only reads and checks the catalogue itself.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use miette::SourceSpan;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostics::{Problem, yaml_error, yaml_range};
use crate::source::SourceFile;

/// The catalogue format this version of relpolicy reads.
pub const CATALOG_VERSION: u32 = 1;

/// A release type from the release policy; it decides testing and approval levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReleaseType {
    Major,
    Minor,
    Patch,
    Emergency,
}

impl ReleaseType {
    pub const ALL: [ReleaseType; 4] = [Self::Major, Self::Minor, Self::Patch, Self::Emergency];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Major => "major",
            Self::Minor => "minor",
            Self::Patch => "patch",
            Self::Emergency => "emergency",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for ReleaseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When a requirement can be verified: before the production deployment (a gate),
/// or only afterwards (it needs records the deployment itself produces).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    #[default]
    PreDeploy,
    PostDeploy,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PreDeploy => "pre-deploy",
            Self::PostDeploy => "post-deploy",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a requirement comes from in the organisation's process documents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// The process document, e.g. `release-step.md`.
    pub document: String,
    /// The process step, e.g. `Release`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The part of the step: `input`, `output` or `governance`, or a section name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// One catalogued requirement.
#[derive(Clone, Debug)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    pub statement: String,
    pub category: String,
    pub origin: Origin,
    /// Release types the requirement applies to (all four unless the catalogue narrows it).
    pub applies_to: Vec<ReleaseType>,
    /// The earliest phase in which the requirement can be verified.
    pub phase: Phase,
    /// Before this day (UTC) a failing verdict is a `warn`; overrides the policy's own
    /// `custom.effective_on`.
    pub effective_on: Option<chrono::NaiveDate>,
    /// Where the ID is written in the catalogue file.
    pub span: SourceSpan,
}

impl Requirement {
    pub fn applies_to_type(&self, release_type: ReleaseType) -> bool {
        self.applies_to.contains(&release_type)
    }

    /// True when the requirement narrows the release types it applies to.
    pub fn depends_on_type(&self) -> bool {
        self.applies_to.len() < ReleaseType::ALL.len()
    }
}

/// The catalogue: requirements in ID order, its tailoring profiles, and the file they came from.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub file: SourceFile,
    pub requirements: Vec<Requirement>,
    /// Named profiles, in the order the catalogue lists them.
    pub profiles: Vec<Profile>,
}

/// A named tailoring of the catalogue: requirements a kind of service leaves out, and why.
#[derive(Clone, Debug)]
pub struct Profile {
    pub name: String,
    pub description: Option<String>,
    pub leave_out: Vec<LeftOut>,
    /// Where the name is written.
    pub span: SourceSpan,
}

/// One requirement a profile leaves out.
#[derive(Clone, Debug)]
pub struct LeftOut {
    pub requirement: String,
    pub reason: String,
    /// Where the requirement ID is written.
    pub span: SourceSpan,
}

impl Profile {
    pub fn leaves_out(&self, id: &str) -> Option<&LeftOut> {
        self.leave_out.iter().find(|l| l.requirement == id)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    catalog_version: Spanned<u32>,
    requirements: Vec<RawRequirement>,
    #[serde(default)]
    profiles: Vec<RawProfile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: Spanned<String>,
    description: Option<String>,
    leave_out: Vec<RawLeftOut>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLeftOut {
    requirement: Spanned<String>,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    id: Spanned<String>,
    title: String,
    statement: String,
    category: String,
    source: Origin,
    #[serde(default = "all_types")]
    applies_to: Vec<ReleaseType>,
    #[serde(default)]
    phase: Phase,
    effective_on: Option<Spanned<String>>,
}

fn all_types() -> Vec<ReleaseType> {
    ReleaseType::ALL.to_vec()
}

impl Catalog {
    /// Read and check a catalogue, reporting every problem in it at once.
    pub fn parse(file: SourceFile) -> Result<Self, Vec<Problem>> {
        let raw: RawCatalog = serde_saphyr::from_str(file.text()).map_err(|err| {
            let (message, span) = yaml_error(&err, &file);
            vec![
                Problem::error(
                    "relpolicy::catalog::invalid",
                    format!("invalid catalogue: {message}"),
                )
                .in_file(&file)
                .label(span, "here")
                .help("see docs/catalog.md for the catalogue format"),
            ]
        })?;

        let mut problems = Vec::new();
        if raw.catalog_version.value != CATALOG_VERSION {
            problems.push(
                Problem::error(
                    "relpolicy::catalog::version",
                    format!(
                        "catalog_version {} is not supported by relpolicy {}",
                        raw.catalog_version.value,
                        env!("CARGO_PKG_VERSION")
                    ),
                )
                .in_file(&file)
                .label(
                    span_of(&raw.catalog_version.referenced, &file),
                    "this version",
                )
                .help(format!(
                    "this relpolicy reads catalog_version {CATALOG_VERSION}"
                )),
            );
        }

        let mut seen: BTreeMap<String, SourceSpan> = BTreeMap::new();
        let mut requirements = Vec::with_capacity(raw.requirements.len());
        for r in raw.requirements {
            let span = span_of(&r.id.referenced, &file);
            let id = r.id.value;
            if !is_requirement_id(&id) {
                problems.push(
                    Problem::error(
                        "relpolicy::catalog::bad_id",
                        format!("`{id}` is not a requirement ID"),
                    )
                    .in_file(&file)
                    .label(span, "not PREFIX-NUMBER")
                    .help("requirement IDs are upper-case words and numbers joined by `-`, e.g. REQ-24 or PM-23"),
                );
            }
            if let Some(first) = seen.get(&id) {
                problems.push(
                    Problem::error(
                        "relpolicy::catalog::duplicate_id",
                        format!("requirement {id} is catalogued twice"),
                    )
                    .in_file(&file)
                    .label(*first, "first here")
                    .label(span, "again here")
                    .help("merge the two entries; each requirement ID appears once"),
                );
                continue;
            }
            for (field, value) in [
                ("title", &r.title),
                ("statement", &r.statement),
                ("category", &r.category),
            ] {
                if value.trim().is_empty() {
                    problems.push(
                        Problem::error(
                            "relpolicy::catalog::empty_field",
                            format!("requirement {id} has an empty {field}"),
                        )
                        .in_file(&file)
                        .label(span, "this requirement")
                        .help(format!(
                            "give {id} a {field}: auditors read it in every report"
                        )),
                    );
                }
            }
            if r.applies_to.is_empty() {
                problems.push(
                    Problem::error(
                        "relpolicy::catalog::empty_field",
                        format!("requirement {id} applies to no release type"),
                    )
                    .in_file(&file)
                    .label(span, "this requirement")
                    .help("list at least one of major, minor, patch, emergency in applies_to, or remove the requirement"),
                );
            }
            let effective_on = r.effective_on.and_then(|date| {
                let parsed = crate::when::parse_date(&date.value);
                if parsed.is_none() {
                    problems.push(
                        Problem::error(
                            "relpolicy::catalog::invalid",
                            format!("effective_on `{}` of {id} is not a date", date.value),
                        )
                        .in_file(&file)
                        .label(span_of(&date.referenced, &file), "expected YYYY-MM-DD")
                        .help("write the first day the requirement blocks a release, e.g. `effective_on: 2026-06-01`"),
                    );
                }
                parsed
            });
            seen.insert(id.clone(), span);
            let mut applies_to = r.applies_to;
            applies_to.sort();
            applies_to.dedup();
            requirements.push(Requirement {
                id,
                title: r.title.trim().to_owned(),
                statement: r.statement.trim().to_owned(),
                category: r.category.trim().to_owned(),
                origin: r.source,
                applies_to,
                phase: r.phase,
                effective_on,
                span,
            });
        }
        let profiles = profiles(raw.profiles, &seen, &file, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        requirements.sort_by(|a, b| cmp_ids(&a.id, &b.id));
        Ok(Self {
            file,
            requirements,
            profiles,
        })
    }

    /// The profile called `name`, or an error that lists the profiles there are.
    pub fn profile(&self, name: &str) -> Result<&Profile, Problem> {
        self.profiles.iter().find(|p| p.name == name).ok_or_else(|| {
            let names: Vec<&str> = self.profiles.iter().map(|p| p.name.as_str()).collect();
            Problem::error(
                "relpolicy::catalog::unknown_profile",
                format!("{} has no profile `{name}`", self.file.name()),
            )
            .help(if names.is_empty() {
                "this catalogue defines no profiles; add one under `profiles:` (docs/catalog.md) or drop --profile".to_owned()
            } else {
                format!("the profiles are: {}", names.join(", "))
            })
        })
    }

    pub fn get(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }
}

/// Check the profiles: names unique and plain, every left-out requirement catalogued once, with
/// a reason.
fn profiles(
    raw: Vec<RawProfile>,
    catalogued: &BTreeMap<String, SourceSpan>,
    file: &SourceFile,
    problems: &mut Vec<Problem>,
) -> Vec<Profile> {
    let mut out: Vec<Profile> = Vec::with_capacity(raw.len());
    for p in raw {
        let span = span_of(&p.name.referenced, file);
        let name = p.name.value;
        let plain = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !plain {
            problems.push(
                Problem::error(
                    "relpolicy::catalog::invalid",
                    format!("`{name}` is not a profile name"),
                )
                .in_file(file)
                .label(span, "lower-case letters, digits, `-` and `_`")
                .help("name profiles like `internal-tool`; they are chosen with --profile NAME"),
            );
        }
        if let Some(first) = out.iter().find(|q| q.name == name) {
            problems.push(
                Problem::error(
                    "relpolicy::catalog::invalid",
                    format!("profile `{name}` is defined twice"),
                )
                .in_file(file)
                .label(first.span, "first here")
                .label(span, "again here")
                .help("merge the two profiles"),
            );
            continue;
        }
        let mut leave_out: Vec<LeftOut> = Vec::with_capacity(p.leave_out.len());
        for l in p.leave_out {
            let at = span_of(&l.requirement.referenced, file);
            let id = l.requirement.value.trim().to_owned();
            let wrong = if !catalogued.contains_key(&id) {
                Some(format!(
                    "profile `{name}` leaves out {id}, which is not in the catalogue"
                ))
            } else if leave_out.iter().any(|x| x.requirement == id) {
                Some(format!("profile `{name}` leaves out {id} twice"))
            } else if l.reason.trim().is_empty() {
                Some(format!("profile `{name}` leaves out {id} without a reason"))
            } else {
                None
            };
            if let Some(message) = wrong {
                problems.push(
                    Problem::error("relpolicy::catalog::invalid", message)
                        .in_file(file)
                        .label(at, "here")
                        .help("each left-out requirement is catalogued, listed once, and has a reason every report shows"),
                );
                continue;
            }
            leave_out.push(LeftOut {
                requirement: id,
                reason: l.reason.trim().to_owned(),
                span: at,
            });
        }
        out.push(Profile {
            name,
            description: p.description.map(|d| d.trim().to_owned()),
            leave_out,
            span,
        });
    }
    out
}

fn span_of(location: &serde_saphyr::Location, file: &SourceFile) -> SourceSpan {
    let (offset, len) = yaml_range(location);
    let offset = offset.min(file.text().len());
    SourceSpan::from((offset, len.min(file.text().len() - offset)))
}

/// True for upper-case words and numbers joined by `-`: `REQ-24`, `PM-23`, `SEC-OPS-3`.
pub fn is_requirement_id(id: &str) -> bool {
    let mut parts = id.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_uppercase()) && is_id_part(p));
    let mut rest = parts.peekable();
    first_ok && rest.peek().is_some() && rest.all(is_id_part)
}

fn is_id_part(part: &str) -> bool {
    !part.is_empty()
        && part
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Order requirement IDs as people read them: by prefix, then numerically (`REQ-9` < `REQ-10`).
pub fn cmp_ids(a: &str, b: &str) -> Ordering {
    let mut xs = a.split('-');
    let mut ys = b.split('-');
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n).then_with(|| x.len().cmp(&y.len())),
                    _ => x.cmp(y),
                };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render_plain;

    fn parse(text: &str) -> Result<Catalog, Vec<Problem>> {
        Catalog::parse(SourceFile::new("catalog.yaml", text))
    }

    const ONE: &str = "catalog_version: 1\nrequirements:\n";

    fn entry(id: &str) -> String {
        format!(
            "  - id: {id}\n    title: T\n    statement: S\n    category: c\n    source: {{document: d.md}}\n"
        )
    }

    #[test]
    fn ids_sort_by_prefix_then_number() {
        let mut ids = vec![
            "REQ-10", "PM-23", "REQ-9", "DEP-01", "REL-01", "REQ-12", "PM-3",
        ];
        ids.sort_by(|a, b| cmp_ids(a, b));
        assert_eq!(
            ids,
            [
                "DEP-01", "PM-3", "PM-23", "REL-01", "REQ-9", "REQ-10", "REQ-12"
            ]
        );
    }

    #[test]
    fn requirement_ids_are_prefix_dash_number() {
        for ok in ["REQ-24", "PM-23", "SEC-OPS-3", "A1-2"] {
            assert!(is_requirement_id(ok), "{ok}");
        }
        for bad in ["req-24", "REQ", "REQ-", "-1", "REQ 24", "1REQ-2", ""] {
            assert!(!is_requirement_id(bad), "{bad}");
        }
    }

    #[test]
    fn parses_and_sorts_with_defaults() {
        let cat = parse(&format!("{ONE}{}{}", entry("REQ-9"), entry("DEP-01"))).unwrap();
        let ids: Vec<_> = cat.requirements.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["DEP-01", "REQ-9"]);
        assert_eq!(cat.requirements[0].applies_to, ReleaseType::ALL.to_vec());
        assert_eq!(cat.requirements[0].phase, Phase::PreDeploy);
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let text = format!("{ONE}{}{}{}", entry("REQ-1"), entry("bad"), entry("REQ-1"));
        let problems = parse(&text).unwrap_err();
        let codes: Vec<_> = problems.iter().map(Problem::code).collect();
        assert_eq!(
            codes,
            [
                "relpolicy::catalog::bad_id",
                "relpolicy::catalog::duplicate_id"
            ]
        );
        let rendered = render_plain(&problems);
        assert!(rendered.contains("catalog.yaml:8:9"), "{rendered}");
        assert!(
            rendered.contains("first here") && rendered.contains("again here"),
            "{rendered}"
        );
    }

    #[test]
    fn unknown_fields_and_bad_types_are_located() {
        let text = format!("{ONE}{}    applies_too: [major]\n", entry("REQ-1"));
        let problems = parse(&text).unwrap_err();
        assert_eq!(problems[0].code(), "relpolicy::catalog::invalid");
        assert!(
            problems[0]
                .message()
                .contains("unknown field `applies_too`")
        );
        assert_eq!(problems[0].location(), Some(("catalog.yaml".into(), 8)));

        let text = format!("{ONE}{}    applies_to: [hotfix]\n", entry("REQ-1"));
        let problems = parse(&text).unwrap_err();
        assert!(
            problems[0].message().contains("hotfix"),
            "{}",
            problems[0].message()
        );
    }

    #[test]
    fn rejects_other_catalog_versions() {
        let problems = parse("catalog_version: 2\nrequirements: []\n").unwrap_err();
        assert_eq!(problems[0].code(), "relpolicy::catalog::version");
    }
}
