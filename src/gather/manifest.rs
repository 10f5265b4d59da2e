//! `relpolicy.yaml`: which files in a release folder hold which evidence.
//!
//! The manifest names the release and, per evidence kind, one or more glob
//! patterns relative to the folder. A kind is either a pattern, a list of
//! patterns, or a list of entries with options (`files` plus, for test
//! reports, a default `category` and `environment`). Unknown keys are errors,
//! located at their line, so a misspelt kind never silently gathers nothing.

use std::fmt;

use miette::SourceSpan;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, de::value::MapAccessDeserializer, de::value::SeqAccessDeserializer};
use serde_json::Value;
use serde_saphyr::Spanned;

use crate::diagnostics::{Problem, yaml_error, yaml_range};
use crate::source::SourceFile;

/// The manifest's file name at the root of a release folder.
pub const MANIFEST_NAME: &str = "relpolicy.yaml";

/// The manifest format this relpolicy reads.
pub const MANIFEST_VERSION: u32 = 1;

/// Files larger than this are refused unless the manifest raises `max_file_mb`.
pub const DEFAULT_MAX_FILE_MB: u64 = 64;

/// All files of a release together may not be larger than this, unless the manifest raises
/// `max_total_mb`.
pub const DEFAULT_MAX_TOTAL_MB: u64 = 1024;

/// How a kind's files fill its section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One record from one file (a release note, a budget).
    Single,
    /// Items gathered from any number of files (approvals, deployments).
    List,
    /// The fields of a section assembled from several files (a calendar's events).
    Merged,
    /// Test runs read from JUnit XML or CTRF: `{environment, runs}`.
    Tests,
}

/// Every evidence kind: its key in the manifest, the section of the evidence document it
/// fills, and how; in the order they are gathered (a section before those nested in it).
const TABLE: [(Kind, &str, &str, Shape); 28] = [
    (Kind::Release, "release", "/release", Shape::Single),
    (
        Kind::TestReports,
        "test_reports",
        "/system_test_report",
        Shape::Tests,
    ),
    (
        Kind::Defects,
        "defects",
        "/system_test_report/defects",
        Shape::List,
    ),
    (
        Kind::RollbackPlan,
        "rollback_plan",
        "/rollback",
        Shape::Single,
    ),
    (
        Kind::RollbackTests,
        "rollback_tests",
        "/rollback/tests",
        Shape::Tests,
    ),
    (
        Kind::ReleaseNotes,
        "release_notes",
        "/release_notes",
        Shape::Single,
    ),
    (Kind::Approvals, "approvals", "/approvals", Shape::List),
    (Kind::Artifacts, "artifacts", "/artifacts", Shape::List),
    (Kind::Promotions, "promotions", "/promotions", Shape::List),
    (
        Kind::SecurityScans,
        "security_scans",
        "/security_scans",
        Shape::List,
    ),
    (
        Kind::Deployments,
        "deployments",
        "/deployments",
        Shape::List,
    ),
    (
        Kind::DeploymentGuide,
        "deployment_guide",
        "/deployment_guide",
        Shape::Single,
    ),
    (
        Kind::GoLiveChecklist,
        "go_live_checklist",
        "/go_live_checklist",
        Shape::Single,
    ),
    (
        Kind::MilestoneAcceptance,
        "milestone_acceptance",
        "/milestone_acceptance",
        Shape::Single,
    ),
    (
        Kind::BudgetBaseline,
        "budget_baseline",
        "/budget_baseline",
        Shape::Single,
    ),
    (
        Kind::CostReport,
        "cost_report",
        "/cost_report",
        Shape::Merged,
    ),
    (
        Kind::FinancialForecast,
        "financial_forecast",
        "/financial_forecast",
        Shape::Single,
    ),
    (
        Kind::Escalations,
        "escalations",
        "/escalations",
        Shape::List,
    ),
    (
        Kind::Notifications,
        "notifications",
        "/notifications",
        Shape::List,
    ),
    (
        Kind::PostImplementationReview,
        "post_implementation_review",
        "/post_implementation_review",
        Shape::Single,
    ),
    (
        Kind::PackageManifest,
        "package_manifest",
        "/build_verification",
        Shape::Single,
    ),
    (
        Kind::BuildVerificationTests,
        "build_verification_tests",
        "/build_verification/tests",
        Shape::Tests,
    ),
    (
        Kind::DeploymentPlan,
        "deployment_plan",
        "/deployment_plan",
        Shape::Single,
    ),
    (Kind::Calendar, "calendar", "/calendar", Shape::Merged),
    (Kind::Services, "services", "/services", Shape::List),
    (
        Kind::VerificationTests,
        "verification_tests",
        "/post_release_verification",
        Shape::Tests,
    ),
    (
        Kind::DeploymentCompletion,
        "deployment_completion",
        "/deployment_completion",
        Shape::Single,
    ),
    (Kind::Closure, "closure", "/closure", Shape::Single),
];

/// A kind of evidence: which files hold it and which section of the evidence document it fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Release,
    TestReports,
    Defects,
    RollbackPlan,
    RollbackTests,
    ReleaseNotes,
    Approvals,
    Artifacts,
    Promotions,
    SecurityScans,
    Deployments,
    DeploymentGuide,
    GoLiveChecklist,
    MilestoneAcceptance,
    BudgetBaseline,
    CostReport,
    FinancialForecast,
    Escalations,
    Notifications,
    PostImplementationReview,
    PackageManifest,
    BuildVerificationTests,
    DeploymentPlan,
    Calendar,
    Services,
    VerificationTests,
    DeploymentCompletion,
    Closure,
}

impl Kind {
    pub fn all() -> impl Iterator<Item = Kind> {
        TABLE.iter().map(|(kind, ..)| *kind)
    }

    fn row(self) -> &'static (Kind, &'static str, &'static str, Shape) {
        // Every kind has its row: `tests::every_kind_has_one_row` guards it.
        TABLE
            .iter()
            .find(|(kind, ..)| *kind == self)
            .unwrap_or(&TABLE[0])
    }

    /// The manifest key.
    pub fn key(self) -> &'static str {
        self.row().1
    }

    /// The kind a manifest key names.
    pub fn from_key(key: &str) -> Option<Kind> {
        TABLE
            .iter()
            .find(|(_, k, ..)| *k == key)
            .map(|(kind, ..)| *kind)
    }

    /// The JSON pointer of the evidence section this kind fills.
    pub fn pointer(self) -> &'static str {
        self.row().2
    }

    pub fn shape(self) -> Shape {
        self.row().3
    }

    /// True when the section is one record (one file), not a list gathered from many.
    pub fn single(self) -> bool {
        self.shape() == Shape::Single
    }

    /// True for the kinds read from test reports.
    pub fn is_tests(self) -> bool {
        self.shape() == Shape::Tests
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A read and checked `relpolicy.yaml`.
#[derive(Clone, Debug)]
pub struct Manifest {
    pub file: SourceFile,
    /// The release identity written in the manifest itself, with its line.
    pub release: Option<(Value, usize)>,
    /// A UTC offset (`+01:00`, `Z`) for report timestamps written without a zone.
    pub timezone: Option<chrono::FixedOffset>,
    pub max_file_bytes: u64,
    /// The most bytes gathering reads from all files together.
    pub max_total_bytes: u64,
    /// Per kind, in the order of [`Kind::all`], the entries that name its files.
    pub kinds: Vec<(Kind, Vec<Entry>)>,
    /// How the release is checked, beyond its evidence.
    pub settings: ReleaseSettings,
    /// The roles file (relative to the folder) and where the manifest names it.
    pub roles: Option<(String, (usize, usize))>,
    /// A team's own evidence kinds.
    pub extensions: Vec<Extension>,
}

/// What a release folder says about how it is checked: its waiver files and its profile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReleaseSettings {
    /// Waiver files, relative to the folder as written (`waivers:`).
    pub waivers: Vec<String>,
    /// The catalogue profile (`profile:`).
    pub profile: Option<String>,
}

/// One `files` pattern list with its options.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub patterns: Vec<String>,
    /// Where in the manifest the entry is written (byte offset and length).
    pub span: (usize, usize),
    pub category: Option<String>,
    /// How deep the cases go (RM-02), for cases that do not say themselves.
    pub depth: Option<String>,
    pub environment: Option<String>,
    /// Fields set on the section this entry fills (e.g. a cost report's `baseline_id`).
    pub set: serde_json::Map<String, Value>,
    /// FOCUS: the cost column to sum.
    pub measure: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    manifest_version: Spanned<u32>,
    release: Option<Spanned<Value>>,
    timezone: Option<Spanned<String>>,
    max_file_mb: Option<Spanned<u64>>,
    max_total_mb: Option<Spanned<u64>>,
    /// Waiver files for this release, relative to the folder: a path or a list of them.
    waivers: Option<Spanned<Patterns>>,
    /// The catalogue profile this release is checked with.
    profile: Option<Spanned<String>>,
    /// A roles file mapping platform users (GitHub, GitLab) to the catalogue's roles.
    roles: Option<Spanned<String>>,
    /// A team's own evidence: records read into `/extensions/NAME`, checked by its schema.
    #[serde(default)]
    extensions: Vec<Spanned<RawExtension>>,
    /// By kind key; a key that names no kind is an error (checked after reading).
    #[serde(default)]
    evidence: std::collections::BTreeMap<String, Spanned<Entries>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExtension {
    name: String,
    files: Patterns,
    schema: String,
}

/// A team's own kind of evidence (`extensions:`): YAML or JSON records read into
/// `/extensions/NAME` and checked against the team's JSON Schema.
#[derive(Clone, Debug)]
pub struct Extension {
    pub name: String,
    pub patterns: Vec<String>,
    /// The JSON Schema each record must follow, relative to the release folder.
    pub schema: String,
    pub span: (usize, usize),
}

/// A kind's value: a pattern, or a list of patterns and entries.
enum Entries {
    One(RawEntry),
    Many(Vec<Spanned<RawEntry>>),
}

/// A pattern, or a map with `files` and options.
enum RawEntry {
    Pattern(String),
    Detailed(Detailed),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Detailed {
    files: Patterns,
    category: Option<String>,
    depth: Option<String>,
    environment: Option<String>,
    measure: Option<String>,
    #[serde(default)]
    set: serde_json::Map<String, Value>,
}

struct Patterns(Vec<String>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a glob pattern, a list of patterns, or a map with `files`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Entries, E> {
                Ok(Entries::One(RawEntry::Pattern(v.to_owned())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Entries, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(Entries::Many)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entries, A::Error> {
                Detailed::deserialize(MapAccessDeserializer::new(map))
                    .map(|d| Entries::One(RawEntry::Detailed(d)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawEntry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a glob pattern or a map with `files`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawEntry, E> {
                Ok(RawEntry::Pattern(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawEntry, A::Error> {
                Detailed::deserialize(MapAccessDeserializer::new(map)).map(RawEntry::Detailed)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Patterns {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Patterns;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a glob pattern or a list of them")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Patterns, E> {
                Ok(Patterns(vec![v.to_owned()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Patterns, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(Patterns)
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl Manifest {
    /// Read and check a manifest, reporting every problem in it at once.
    pub fn parse(file: SourceFile) -> Result<Self, Vec<Problem>> {
        let raw: RawManifest = serde_saphyr::from_str(file.text()).map_err(|err| {
            let (message, span) = yaml_error(&err, &file);
            vec![
                Problem::error(
                    "relpolicy::gather::manifest",
                    format!("invalid evidence manifest: {message}"),
                )
                .in_file(&file)
                .label(span, "here")
                .help(format!(
                    "the evidence kinds are: {}; see docs/gather.md for the manifest format",
                    Kind::all().map(Kind::key).collect::<Vec<_>>().join(", ")
                )),
            ]
        })?;
        let mut problems = Vec::new();
        let at = |location: &serde_saphyr::Location| {
            let (offset, len) = yaml_range(location);
            let offset = offset.min(file.text().len());
            (offset, len.min(file.text().len() - offset))
        };
        let mut error = |span: (usize, usize), message: String, label: &str, help: String| {
            problems.push(
                Problem::error("relpolicy::gather::manifest", message)
                    .in_file(&file)
                    .label(SourceSpan::from(span), label.to_owned())
                    .help(help),
            );
        };
        if raw.manifest_version.value != MANIFEST_VERSION {
            error(
                at(&raw.manifest_version.referenced),
                format!(
                    "manifest_version {} is not supported by relpolicy {}",
                    raw.manifest_version.value,
                    env!("CARGO_PKG_VERSION")
                ),
                "this version",
                format!("this relpolicy reads manifest_version {MANIFEST_VERSION}"),
            );
        }
        let timezone = raw.timezone.and_then(|tz| {
            let parsed = parse_offset(&tz.value);
            if parsed.is_none() {
                error(
                    at(&tz.referenced),
                    format!("`{}` is not a UTC offset", tz.value),
                    "here",
                    "write the offset the reports' local times are in, e.g. `Z`, `+00:00` or `-05:00`".to_owned(),
                );
            }
            parsed
        });
        let max_file_bytes = raw
            .max_file_mb
            .map_or(DEFAULT_MAX_FILE_MB, |m| m.value)
            .saturating_mul(1024 * 1024);
        let max_total_bytes = raw
            .max_total_mb
            .map_or(DEFAULT_MAX_TOTAL_MB, |m| m.value)
            .saturating_mul(1024 * 1024);

        let mut evidence = raw.evidence;
        for (key, spanned) in &evidence {
            if Kind::from_key(key).is_none() {
                let keys: Vec<&str> = Kind::all().map(Kind::key).collect();
                let closest = keys
                    .iter()
                    .map(|k| (k, strsim::jaro_winkler(k, key)))
                    .max_by(|a, b| a.1.total_cmp(&b.1))
                    .filter(|(_, score)| *score > 0.8)
                    .map(|(k, _)| format!("did you mean `{k}`? "))
                    .unwrap_or_default();
                error(
                    at(&spanned.referenced),
                    format!("`{key}` is not an evidence kind"),
                    "this kind",
                    format!("{closest}the evidence kinds are: {}", keys.join(", ")),
                );
            }
        }
        let mut kinds = Vec::new();
        for kind in Kind::all() {
            let Some(spanned) = evidence.remove(kind.key()) else {
                continue;
            };
            let outer = at(&spanned.referenced);
            let raw_entries: Vec<(RawEntry, (usize, usize))> = match spanned.value {
                Entries::One(entry) => vec![(entry, outer)],
                Entries::Many(list) => list
                    .into_iter()
                    .map(|e| {
                        let span = at(&e.referenced);
                        (e.value, span)
                    })
                    .collect(),
            };
            let mut entries = Vec::new();
            for (raw_entry, span) in raw_entries {
                let entry = match raw_entry {
                    RawEntry::Pattern(p) => Entry {
                        patterns: vec![p],
                        ..Entry::default()
                    },
                    RawEntry::Detailed(d) => {
                        let misplaced = [
                            ("category", d.category.is_some() && !kind.is_tests()),
                            ("depth", d.depth.is_some() && !kind.is_tests()),
                            ("environment", d.environment.is_some() && !kind.is_tests()),
                            ("measure", d.measure.is_some() && kind != Kind::CostReport),
                        ];
                        for (option, wrong) in misplaced {
                            if wrong {
                                error(
                                    span,
                                    format!("`{option}` does not apply to {kind}"),
                                    "in this entry",
                                    "`category`, `depth` and `environment` apply to the test report kinds, `measure` to cost_report (docs/gather.md)".to_owned(),
                                );
                            }
                        }
                        Entry {
                            patterns: d.files.0,
                            category: d.category.map(|c| c.to_lowercase()),
                            depth: d.depth.map(|c| c.trim().to_lowercase()),
                            environment: d.environment,
                            measure: d.measure,
                            set: d.set,
                            ..Entry::default()
                        }
                    }
                };
                for pattern in &entry.patterns {
                    if let Err(why) = check_pattern(pattern) {
                        error(
                            span,
                            format!("`{pattern}` is not a usable pattern: {why}"),
                            "this pattern",
                            "patterns are globs relative to the folder holding relpolicy.yaml, e.g. `reports/**/*.xml`".to_owned(),
                        );
                    }
                }
                entries.push(Entry { span, ..entry });
            }
            kinds.push((kind, entries));
        }
        let release = raw.release.map(|r| {
            let (offset, _) = at(&r.referenced);
            (r.value, file.line_col(offset).line)
        });
        let waivers = raw.waivers.map_or_else(Vec::new, |w| {
            let span = at(&w.referenced);
            for path in &w.value.0 {
                if path.trim().is_empty() {
                    error(
                        span,
                        "an entry of `waivers` is empty".to_owned(),
                        "here",
                        "name waiver files relative to the folder holding relpolicy.yaml, e.g. `waivers.yaml`".to_owned(),
                    );
                }
            }
            w.value.0
        });
        let settings = ReleaseSettings {
            waivers,
            profile: raw.profile.map(|p| p.value.trim().to_owned()),
        };
        let roles = raw
            .roles
            .map(|r| (r.value.trim().to_owned(), at(&r.referenced)));
        if let Some((path, span)) = &roles
            && let Err(why) = check_pattern(path)
        {
            error(
                *span,
                format!("the roles file `{path}` cannot be read: {why}"),
                "here",
                "name the roles file relative to the folder holding relpolicy.yaml, e.g. `roles.yaml`".to_owned(),
            );
        }
        let mut extensions: Vec<Extension> = Vec::new();
        for raw_extension in raw.extensions {
            let span = at(&raw_extension.referenced);
            let e = raw_extension.value;
            let name_ok = e.name.starts_with(|c: char| c.is_ascii_lowercase())
                && e.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !name_ok {
                error(
                    span,
                    format!("`{}` is not an extension name", e.name),
                    "this extension",
                    "name it in lower case letters, digits and `_` (it becomes /extensions/NAME, which policies read as input.extensions.NAME)".to_owned(),
                );
            } else if extensions.iter().any(|x| x.name == e.name) {
                error(
                    span,
                    format!("the extension `{}` is declared twice", e.name),
                    "again here",
                    "declare each extension once, with every pattern in its `files`".to_owned(),
                );
            }
            for pattern in e.files.0.iter().chain(std::iter::once(&e.schema)) {
                if let Err(why) = check_pattern(pattern) {
                    error(
                        span,
                        format!(
                            "`{pattern}` of extension `{}` cannot be used: {why}",
                            e.name
                        ),
                        "in this extension",
                        "name files relative to the folder holding relpolicy.yaml".to_owned(),
                    );
                }
            }
            extensions.push(Extension {
                name: e.name,
                patterns: e.files.0,
                schema: e.schema,
                span,
            });
        }
        if problems.is_empty() {
            Ok(Self {
                file,
                release,
                timezone,
                max_file_bytes,
                max_total_bytes,
                kinds,
                settings,
                roles,
                extensions,
            })
        } else {
            Err(problems)
        }
    }
}

/// Why a pattern cannot be used, if it cannot: it must stay inside the release folder.
fn check_pattern(pattern: &str) -> Result<(), String> {
    if pattern.trim().is_empty() {
        return Err("it is empty".to_owned());
    }
    if pattern.starts_with('/') || pattern.starts_with('\\') || pattern.get(1..3) == Some(":\\") {
        return Err("it is absolute; patterns are relative to the release folder".to_owned());
    }
    if pattern.split(['/', '\\']).any(|part| part == "..") {
        return Err("`..` would leave the release folder".to_owned());
    }
    glob::Pattern::new(pattern)
        .map(|_| ())
        .map_err(|e| e.msg.to_owned())
}

impl Manifest {
    /// The manifest line an entry is written on.
    pub fn line_of(&self, entry: &Entry) -> usize {
        self.file.line_col(entry.span.0).line
    }
}

/// `Z`, `UTC` or `±HH:MM`.
pub fn parse_offset(text: &str) -> Option<chrono::FixedOffset> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
        return chrono::FixedOffset::east_opt(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 23 || m > 59 {
        return None;
    }
    chrono::FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// The commented starter manifest `relpolicy init` writes.
pub const STARTER: &str = include_str!("starter.yaml");

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Manifest, Vec<Problem>> {
        Manifest::parse(SourceFile::new("relpolicy.yaml", text))
    }

    #[test]
    fn kinds_take_a_pattern_a_list_or_entries_with_options() {
        let m = parse(
            "manifest_version: 1\nevidence:\n  release_notes: NOTES.md\n  approvals: [a/*.yaml, b/*.json]\n  test_reports:\n    - reports/*.xml\n    - files: [smoke/*.xml]\n      category: Smoke\n      environment: test\n",
        )
        .unwrap();
        let get = |k: Kind| &m.kinds.iter().find(|(kind, _)| *kind == k).unwrap().1;
        assert_eq!(get(Kind::ReleaseNotes)[0].patterns, ["NOTES.md"]);
        assert_eq!(m.line_of(&get(Kind::ReleaseNotes)[0]), 3);
        assert_eq!(get(Kind::Approvals).len(), 2);
        let tests = get(Kind::TestReports);
        assert_eq!(tests[1].patterns, ["smoke/*.xml"]);
        assert_eq!(tests[1].category.as_deref(), Some("smoke"));
        assert_eq!(m.line_of(&tests[1]), 7);
    }

    #[test]
    fn every_kind_has_one_row() {
        use std::collections::BTreeSet;
        let kinds: BTreeSet<Kind> = Kind::all().collect();
        assert_eq!(kinds.len(), TABLE.len());
        for kind in &kinds {
            assert_eq!(Kind::from_key(kind.key()), Some(*kind));
            assert_eq!(TABLE.iter().filter(|row| row.0 == *kind).count(), 1);
        }
        // A section is gathered before the sections nested in it.
        for (i, (_, _, pointer, _)) in TABLE.iter().enumerate() {
            for (_, _, later, _) in &TABLE[i + 1..] {
                assert!(
                    !pointer.starts_with(&format!("{later}/")),
                    "{later} after {pointer}"
                );
            }
        }
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let problems = parse("manifest_version: 1\nevidence:\n  aprovals: a.yaml\n").unwrap_err();
        assert_eq!(problems[0].location(), Some(("relpolicy.yaml".into(), 3)));
        assert!(problems[0].message().contains("aprovals"), "{problems:?}");
        assert!(
            problems[0]
                .help_text()
                .unwrap_or("")
                .contains("did you mean `approvals`"),
            "{problems:?}"
        );
        let problems = parse(
            "manifest_version: 1\nevidence:\n  test_reports:\n    - files: x.xml\n      categry: smoke\n",
        )
        .unwrap_err();
        assert!(problems[0].message().contains("categry"), "{problems:?}");
    }

    #[test]
    fn patterns_may_not_leave_the_folder() {
        for bad in ["/etc/passwd", "../other/*.xml", "a/../../b", "[unclosed"] {
            let problems = parse(&format!(
                "manifest_version: 1\nevidence:\n  approvals: '{bad}'\n"
            ))
            .unwrap_err();
            assert_eq!(problems.len(), 1, "{bad}: {problems:?}");
            assert_eq!(problems[0].location().unwrap().1, 3);
        }
    }

    #[test]
    fn options_apply_only_where_they_mean_something() {
        let problems = parse(
            "manifest_version: 1\nevidence:\n  approvals:\n    - files: a.yaml\n      category: smoke\n",
        )
        .unwrap_err();
        assert!(
            problems[0]
                .message()
                .contains("`category` does not apply to approvals")
        );
    }

    #[test]
    fn version_and_timezone_are_checked() {
        let problems = parse("manifest_version: 2\ntimezone: CET\n").unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        let m = parse("manifest_version: 1\ntimezone: '+01:00'\n").unwrap();
        assert_eq!(m.timezone.unwrap().local_minus_utc(), 3600);
    }

    #[test]
    fn the_starter_manifest_parses() {
        let m = parse(STARTER).unwrap();
        assert!(m.release.is_some());
        assert!(m.kinds.len() >= 10, "{:?}", m.kinds.len());
    }
}
