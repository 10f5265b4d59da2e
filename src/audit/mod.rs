//! `relpolicy audit`: what to evaluate, and the fleet's aggregate.
//!
//! [`discover`] turns the paths a user gives into releases to evaluate, in one fixed order:
//! by the absolute path of the evidence each rests on, whatever order the paths came in and
//! however many jobs evaluate them. [`Entry`] is what the aggregate keeps of one release, read
//! from its JSON report (the line `--format jsonl` writes), so an audit and a `--merge` of
//! several audits' lines compute the same aggregate from the same data. [`Fleet`] holds the
//! entries and derives the pass rates every aggregate format shows.

pub mod render;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Problem;

/// How a release's own document is named in a manifest when it was gathered from a folder.
const GATHERED: &str = " (gathered)";

/// One release to evaluate.
#[derive(Clone, Debug)]
pub struct Item {
    /// The absolute path of the evidence it rests on: the order of the audit and its identity.
    pub key: PathBuf,
    /// The evidence to take in (a folder or a document), as found.
    pub path: PathBuf,
    /// Why it cannot be evaluated at all, when that is known before trying.
    pub broken: Option<Problem>,
}

/// What a folder search found and what the user named: the releases, and notes about files
/// left out.
#[derive(Debug, Default)]
pub struct Found {
    pub items: Vec<Item>,
    pub problems: Vec<Problem>,
}

/// What a JSON file is, read only as far as that takes: an evidence document names its
/// `schema_version` (first, as relpolicy and most writers put it: reading stops there), a
/// relpolicy report its `report_version`, its `base` and the evidence in its manifest.
enum Peeked {
    Evidence,
    Report {
        base: Option<String>,
        evidence: Option<String>,
    },
    Neither,
}

/// The error that stops reading once the file is known to be an evidence document.
const EVIDENCE_FOUND: &str = "relpolicy: an evidence document";

impl Peeked {
    /// `None` when the text is not JSON, or not what a report's members must be.
    fn read(reader: impl std::io::Read) -> Option<Self> {
        use serde::de::Deserializer as _;
        let mut deserializer = serde_json::Deserializer::from_reader(reader);
        match deserializer.deserialize_map(PeekVisitor) {
            Ok(peeked) => Some(peeked),
            Err(e) if e.to_string().starts_with(EVIDENCE_FOUND) => Some(Self::Evidence),
            Err(_) => None,
        }
    }
}

struct PeekVisitor;

impl<'de> serde::de::Visitor<'de> for PeekVisitor {
    type Value = Peeked;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Peeked, A::Error> {
        use serde::de::{Error, IgnoredAny};
        let (mut report, mut base, mut evidence) = (false, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema_version" if !report => return Err(A::Error::custom(EVIDENCE_FOUND)),
                "report_version" => {
                    report = true;
                    map.next_value::<IgnoredAny>()?;
                }
                "base" => base = map.next_value::<Option<String>>()?,
                "manifest" => {
                    let manifest: Option<PeekManifest> = map.next_value()?;
                    evidence = manifest.and_then(|m| m.evidence.into_iter().next().map(|d| d.path));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(if report {
            Peeked::Report { base, evidence }
        } else {
            Peeked::Neither
        })
    }
}

#[derive(Deserialize)]
struct PeekManifest {
    #[serde(default)]
    evidence: Vec<PeekDigest>,
}

#[derive(Deserialize)]
struct PeekDigest {
    path: String,
}

/// Find the releases under `paths`: a folder with a relpolicy.yaml is a release (and is not
/// searched further); a JSON file is an evidence document, or a report whose evidence is the
/// release; other folders are searched. `globs` narrow what a search finds (matched against
/// the path below the searched folder); what the user named is always kept. `limit` bounds
/// what is read of a JSON file to tell what it is.
pub fn discover(paths: &[PathBuf], globs: &[glob::Pattern], limit: u64) -> Found {
    let mut found = Found::default();
    let mut skipped: Vec<String> = Vec::new();
    for path in paths {
        if std::fs::symlink_metadata(path).is_err() {
            let problem = crate::cmd::not_found(path).unwrap_or_else(|| {
                Problem::error(
                    "relpolicy::evidence::not_found",
                    format!("{} does not exist", path.display()),
                )
            });
            found.items.push(Item {
                key: crate::paths::absolute(path),
                path: path.clone(),
                broken: Some(problem),
            });
            continue;
        }
        if !path.is_dir() {
            if let Some(item) = classify(path, true, limit, &mut found.problems) {
                found.items.push(item);
            }
            continue;
        }
        if is_release(path) {
            found.items.push(folder(path));
            continue;
        }
        search(path, globs, limit, &mut found, &mut skipped);
    }
    if !skipped.is_empty() {
        let shown: Vec<&str> = skipped.iter().take(5).map(String::as_str).collect();
        let more = match skipped.len() {
            n if n > 5 => format!(" and {} more", n - 5),
            _ => String::new(),
        };
        found.problems.push(
            Problem::note(
                "relpolicy::audit::skipped",
                format!(
                    "{} JSON file(s) found are neither evidence documents nor relpolicy reports and were skipped: {}{more}",
                    skipped.len(),
                    shown.join(", ")
                ),
            )
            .help("an evidence document has `schema_version`, a report `report_version`; name a file on the command line to have it evaluated whatever it holds, or narrow the search with --glob"),
        );
    }
    // One order whatever the order of the paths; the same release named twice (a folder and a
    // report on it) is evaluated once.
    found.items.sort_by(|a, b| a.key.cmp(&b.key));
    found
        .items
        .dedup_by(|later, earlier| later.key == earlier.key);
    found
}

fn is_release(dir: &Path) -> bool {
    dir.join(crate::gather::MANIFEST_NAME).is_file()
}

fn folder(dir: &Path) -> Item {
    Item {
        key: crate::paths::absolute(dir),
        path: dir.to_path_buf(),
        broken: None,
    }
}

fn search(
    root: &Path,
    globs: &[glob::Pattern],
    limit: u64,
    found: &mut Found,
    skipped: &mut Vec<String>,
) {
    let kept = |path: &Path| {
        let below = path.strip_prefix(root).unwrap_or(path);
        globs.is_empty() || globs.iter().any(|g| g.matches_path(below))
    };
    let mut walk = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // A folder that cannot be listed may hold releases: that is an error row.
                let path = e.path().unwrap_or(root).to_path_buf();
                found.items.push(Item {
                    key: crate::paths::absolute(&path),
                    broken: Some(
                        Problem::error(
                            "relpolicy::audit::unreadable",
                            format!("cannot search {}: {e}", path.display()),
                        )
                        .help("make the folder readable, or leave it out of the audit's paths"),
                    ),
                    path,
                });
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if entry.depth() > 0 && name.starts_with('.') {
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        // A link is followed for what it points at; one that points nowhere is an error row.
        if entry.file_type().is_symlink() {
            match std::fs::metadata(path) {
                Ok(target) if target.is_dir() => {
                    if is_release(path) && kept(path) {
                        found.items.push(folder(path));
                    }
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    if kept(path) {
                        found.items.push(Item {
                            key: crate::paths::absolute(path),
                            path: path.to_path_buf(),
                            broken: Some(
                                Problem::error(
                                    "relpolicy::audit::unreadable",
                                    format!("{} is a link to nothing readable: {e}", path.display()),
                                )
                                .help("restore what the link points at, or remove the link from the archive"),
                            ),
                        });
                    }
                    continue;
                }
            }
        }
        if entry.file_type().is_dir() {
            if entry.depth() > 0 && is_release(path) {
                walk.skip_current_dir();
                if kept(path) {
                    found.items.push(folder(path));
                }
            }
            continue;
        }
        let json = Path::new(name.as_ref())
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if !json || !path.is_file() || !kept(path) {
            continue;
        }
        match classify(path, false, limit, &mut found.problems) {
            Some(item) => found.items.push(item),
            None => skipped.push(path.display().to_string()),
        }
    }
}

/// What the JSON file at `path` is: an evidence document (itself), a report (the evidence it
/// names), or, when it was found by a search, neither (`None`). A file named on the command
/// line is always evaluated, and one that cannot be read or parsed is evaluated too, so that
/// its error is a row of the audit.
fn classify(path: &Path, named: bool, limit: u64, problems: &mut Vec<Problem>) -> Option<Item> {
    let document = Item {
        key: crate::paths::absolute(path),
        path: path.to_path_buf(),
        broken: None,
    };
    let Ok((file, _)) = crate::source::open_regular(path, limit) else {
        return Some(document);
    };
    let reader = std::io::BufReader::new(std::io::Read::take(file, limit));
    let (base, named_evidence) = match Peeked::read(reader) {
        None | Some(Peeked::Evidence) => return Some(document),
        Some(Peeked::Neither) => return named.then_some(document),
        Some(Peeked::Report { base, evidence }) => (base, evidence),
    };
    // A report: re-evaluate the evidence it names, resolved against its base.
    let base = base
        .map(PathBuf::from)
        .or_else(|| path.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let Some(evidence) = named_evidence else {
        problems.push(
            Problem::warning(
                "relpolicy::audit::report_without_evidence",
                format!(
                    "the report {} names no evidence (its release could not be read when it was made); it was skipped",
                    path.display()
                ),
            )
            .help("audit the release folder or evidence document itself"),
        );
        return None;
    };
    let evidence = evidence.strip_suffix(GATHERED).unwrap_or(&evidence);
    let evidence = base.join(evidence);
    let key = crate::paths::absolute(&evidence);
    let broken = (!evidence.exists()).then(|| {
        Problem::error(
            "relpolicy::audit::no_evidence",
            format!(
                "the report {} rests on {}, which is not there",
                path.display(),
                evidence.display()
            ),
        )
        .help("audit the archive where its evidence is, or the evidence itself")
    });
    Some(Item {
        key,
        path: evidence,
        broken,
    })
}

/// What the aggregate keeps of one release: read from its JSON report.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The absolute path of the evidence: the release's identity and its place in the order.
    pub key: String,
    pub id: Option<String>,
    pub name: Option<String>,
    pub version: Option<String>,
    pub release_type: Option<String>,
    /// `YYYY-MM-DD`: the target window's day.
    pub date: Option<String>,
    pub exit_code: u8,
    /// Requirement ID → status.
    pub statuses: BTreeMap<String, String>,
    /// Requirement ID → title.
    pub titles: BTreeMap<String, String>,
    /// The requirements that block it, each with its first reason.
    pub reasons: Vec<Reason>,
}

/// Why requirements block one release: those with the same status and first reason (every
/// requirement of an unreadable release) together.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Reason {
    pub requirements: Vec<String>,
    pub status: String,
    pub text: String,
}

#[derive(Deserialize)]
struct WireReport {
    report_version: String,
    base: String,
    release: WireRelease,
    exit_code: u8,
    requirements: Vec<WireRow>,
    manifest: WireManifest,
}

#[derive(Deserialize)]
struct WireRelease {
    id: Option<String>,
    name: Option<String>,
    version: Option<String>,
    #[serde(rename = "type")]
    release_type: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

#[derive(Deserialize)]
struct WireRow {
    id: String,
    #[serde(default)]
    title: Option<String>,
    status: String,
    #[serde(default)]
    messages: Vec<WireMessage>,
}

#[derive(Deserialize)]
struct WireMessage {
    text: String,
}

#[derive(Deserialize)]
struct WireManifest {
    #[serde(default)]
    evidence: Vec<PeekDigest>,
}

/// A reason is cut here: the aggregate lists reasons, the release's report has them whole.
const REASON_CHARS: usize = 300;

/// Statuses that block a release (as `check`'s exit status counts them).
pub fn blocks(status: &str) -> bool {
    use crate::matrix::Status;
    matches!(
        Status::parse(status),
        Some(Status::Fail | Status::MissingEvidence | Status::Error)
    )
}

/// Statuses that count as passing in a pass rate: they do not block.
pub fn passes(status: &str) -> bool {
    use crate::matrix::Status;
    matches!(
        Status::parse(status),
        Some(Status::Pass | Status::Warn | Status::Waived)
    )
}

impl Entry {
    /// Read one JSON report (a line of `audit --format jsonl`, or `check --format json`).
    pub fn from_report(bytes: &[u8]) -> Result<Self, String> {
        let wire: WireReport = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if !wire.report_version.starts_with("1.") {
            return Err(format!(
                "report_version {} is not one this relpolicy reads (1.x)",
                wire.report_version
            ));
        }
        let base = PathBuf::from(&wire.base);
        let key = match wire.manifest.evidence.first() {
            Some(d) => {
                let path = d.path.strip_suffix(GATHERED).unwrap_or(&d.path);
                crate::paths::normalize(&base.join(path))
            }
            None => base,
        };
        let mut reasons: Vec<Reason> = Vec::new();
        for row in wire.requirements.iter().filter(|r| blocks(&r.status)) {
            let text = row
                .messages
                .first()
                .map(|m| cut(&m.text, REASON_CHARS))
                .unwrap_or_default();
            match reasons
                .iter_mut()
                .find(|r| r.status == row.status && r.text == text)
            {
                Some(same) => same.requirements.push(row.id.clone()),
                None => reasons.push(Reason {
                    requirements: vec![row.id.clone()],
                    status: row.status.clone(),
                    text,
                }),
            }
        }
        Ok(Self {
            key: key.to_string_lossy().into_owned(),
            id: wire.release.id,
            name: wire.release.name,
            version: wire.release.version,
            release_type: wire.release.release_type,
            date: wire.release.date,
            exit_code: wire.exit_code,
            titles: wire
                .requirements
                .iter()
                .filter_map(|r| Some((r.id.clone(), r.title.clone()?)))
                .collect(),
            statuses: wire
                .requirements
                .into_iter()
                .map(|r| (r.id, r.status))
                .collect(),
            reasons,
        })
    }

    /// `pass`, `fail` or `error`, from the exit status.
    pub fn verdict(&self) -> &'static str {
        crate::matrix::Exit::from_code(self.exit_code).verdict()
    }

    /// The service: the release's name.
    pub fn service(&self) -> &str {
        self.name.as_deref().unwrap_or("(unnamed)")
    }

    /// `YYYY-MM`, or `undated`.
    pub fn month(&self) -> &str {
        self.date
            .as_deref()
            .and_then(|d| d.get(..7))
            .unwrap_or("undated")
    }

    /// "payments-api 2.4.0", or the path when the release says nothing about itself.
    pub fn label(&self) -> String {
        match (&self.name, &self.version) {
            (Some(name), Some(version)) => format!("{name} {version}"),
            (Some(name), None) => name.clone(),
            _ => self
                .id
                .clone()
                .unwrap_or_else(|| "(unidentified)".to_owned()),
        }
    }
}

fn cut(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    match line.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None if line.len() < text.len() => format!("{line} …"),
        None => line.to_owned(),
    }
}

/// Counts of releases, and the share that passed.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Tally {
    /// Releases (or, for a requirement, releases it applied to).
    pub total: usize,
    pub pass: usize,
    pub fail: usize,
    pub error: usize,
}

impl Tally {
    /// The share that passed, or `None` when there was nothing to pass.
    pub fn rate(&self) -> Option<f64> {
        (self.total > 0).then(|| self.pass as f64 / self.total as f64)
    }

    fn count(&mut self, exit_code: u8) {
        self.total += 1;
        match exit_code {
            0 => self.pass += 1,
            1 => self.fail += 1,
            _ => self.error += 1,
        }
    }
}

/// One requirement across the fleet.
#[derive(Clone, Debug, Default)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    /// Status → number of releases.
    pub statuses: BTreeMap<String, usize>,
    /// Releases it applied to (every status but not_applicable) and those it passed in.
    pub tally: Tally,
    /// The same per month.
    pub months: BTreeMap<String, Tally>,
}

/// Many releases' entries, in the audit's order.
#[derive(Debug, Default)]
pub struct Fleet {
    pub entries: Vec<Entry>,
}

impl Fleet {
    /// Over all releases: pass, fail (blocked by violations) and error.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for entry in &self.entries {
            tally.count(entry.exit_code);
        }
        tally
    }

    /// The exit status over all releases: the worst.
    pub fn exit_code(&self) -> u8 {
        self.entries.iter().map(|e| e.exit_code).max().unwrap_or(2)
    }

    /// Every requirement any release was checked against, by ID.
    pub fn requirements(&self) -> Vec<Requirement> {
        let mut out: BTreeMap<&str, Requirement> = BTreeMap::new();
        for entry in &self.entries {
            for (id, status) in &entry.statuses {
                let row = out.entry(id).or_insert_with(|| Requirement {
                    id: id.clone(),
                    ..Requirement::default()
                });
                if row.title.is_empty()
                    && let Some(title) = entry.titles.get(id)
                {
                    row.title.clone_from(title);
                }
                *row.statuses.entry(status.clone()).or_default() += 1;
                if status == "not_applicable" {
                    continue;
                }
                let code = match status.as_str() {
                    s if passes(s) => 0,
                    "error" => 2,
                    _ => 1,
                };
                row.tally.count(code);
                row.months
                    .entry(entry.month().to_owned())
                    .or_default()
                    .count(code);
            }
        }
        out.into_values().collect()
    }

    /// Per service (the release's name), by name.
    pub fn services(&self) -> BTreeMap<String, Tally> {
        self.group(|e| e.service().to_owned())
    }

    /// Per month of the release's date, in order; `undated` last.
    pub fn months(&self) -> BTreeMap<String, Tally> {
        self.group(|e| e.month().to_owned())
    }

    fn group(&self, by: impl Fn(&Entry) -> String) -> BTreeMap<String, Tally> {
        let mut out: BTreeMap<String, Tally> = BTreeMap::new();
        for entry in &self.entries {
            out.entry(by(entry)).or_default().count(entry.exit_code);
        }
        out
    }

    /// The releases that did not pass.
    pub fn blocked(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.exit_code != 0)
    }
}

/// A release's absolute path as it would be typed from the working directory: relative when
/// inside it, absolute otherwise (as every report shows paths, `paths::Paths::show`).
pub fn shown(key: &str) -> String {
    crate::paths::Paths::new(PathBuf::new()).show(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, date: &str, exit_code: u8, statuses: &[(&str, &str)]) -> Entry {
        Entry {
            key: key.into(),
            id: None,
            name: Some("svc".into()),
            version: Some("1.0.0".into()),
            release_type: None,
            date: Some(date.into()),
            exit_code,
            statuses: statuses
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect(),
            titles: BTreeMap::new(),
            reasons: Vec::new(),
        }
    }

    /// Hand-made: not_applicable leaves a requirement's rate alone; warn and waived pass;
    /// missing_evidence and error do not; months are kept apart.
    #[test]
    fn pass_rates_count_only_releases_a_requirement_applies_to() {
        let fleet = Fleet {
            entries: vec![
                entry(
                    "/a",
                    "2026-01-05",
                    0,
                    &[("R1", "pass"), ("R2", "not_applicable")],
                ),
                entry("/b", "2026-01-20", 1, &[("R1", "fail"), ("R2", "waived")]),
                entry("/c", "2026-02-01", 2, &[("R1", "error"), ("R2", "warn")]),
                entry(
                    "/d",
                    "2026-02-03",
                    1,
                    &[("R1", "missing_evidence"), ("R2", "pass")],
                ),
            ],
        };
        let rows = fleet.requirements();
        assert_eq!(rows[0].tally.total, 4);
        assert_eq!(rows[0].tally.rate(), Some(0.25));
        assert_eq!(rows[0].tally.error, 1);
        assert_eq!(rows[1].tally.total, 3);
        assert_eq!(rows[1].tally.rate(), Some(1.0));
        assert_eq!(rows[0].months["2026-02"].pass, 0);
        assert_eq!(rows[0].months["2026-01"].pass, 1);
        assert_eq!(fleet.exit_code(), 2);
        assert_eq!(fleet.months()["2026-02"].error, 1);
        assert_eq!(
            Fleet::default().exit_code(),
            2,
            "an empty audit never passes"
        );
    }

    /// Hand-made: what a file is, read only as far as needed.
    #[test]
    fn a_json_file_is_known_by_its_first_telling_member() {
        let peek = |text: &str| Peeked::read(text.as_bytes());
        // Evidence: reading stops at `schema_version`, so what follows is never read.
        assert!(matches!(
            peek(r#"{"schema_version": "1.0", "release": {"#),
            Some(Peeked::Evidence)
        ));
        let report = peek(
            r#"{"report_version": "1.4", "base": "/a", "schema_version": 1, "manifest": {"evidence": [{"path": "e.json", "sha256": "x"}]}}"#,
        );
        assert!(matches!(
            report,
            Some(Peeked::Report { base: Some(b), evidence: Some(e) }) if b == "/a" && e == "e.json"
        ));
        assert!(matches!(peek(r#"{"name": "pkg"}"#), Some(Peeked::Neither)));
        assert!(peek(r#"{"name": "#).is_none());
        assert!(peek(r#"{"report_version": "1.4", "base": 3}"#).is_none());
        assert!(peek("[1]").is_none());
    }

    #[test]
    fn reasons_are_cut_to_their_first_line() {
        assert_eq!(cut("one\ntwo", 10), "one …");
        assert_eq!(cut("abcdef", 3), "abc…");
        assert_eq!(cut("abc", 3), "abc");
    }
}
