//! `relpolicy gather`: build the evidence document from a release folder.
//!
//! A release folder holds what pipelines already produce (JUnit and CTRF test
//! reports, changelogs, approval exports, promotion and deployment logs,
//! FOCUS billing exports, checklists and runbooks) and a `relpolicy.yaml`
//! manifest saying which files hold which evidence. Gathering walks the folder
//! once, matches the manifest's patterns, reads every matched file with the
//! reader for its format, and assembles one evidence document in which every
//! item carries its provenance (`source`: path, line, and for whole files the
//! sha256) and `sources` lists every file read.
//!
//! Failing closed: a file that cannot be read or parsed is an error, and the
//! section it feeds is marked broken, so the requirements resting on it come
//! out as `error` rather than being judged on the files that did parse. A
//! kind whose patterns match nothing is reported, and its section stays
//! absent (`missing_evidence`). Files are only read inside the folder:
//! symbolic links that lead out of it and files over the size limit are
//! refused.

mod allure;
mod ctrf;
mod deployments;
mod focus;
mod gotest;
mod ical;
mod junit;
pub mod manifest;
mod markdown;
mod platform;
mod records;
mod sarif;
mod tap;
mod test_result;
mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::SourceSpan;
use serde_json::{Map, Value, json};

use crate::diagnostics::Problem;
use crate::evidence::cases::{Bulk, CaseList, Keep};
use crate::manifest::sha256_hex;
use crate::matrix::Location;
use crate::schema::Violation;
use crate::source::SourceFile;
pub use manifest::{Kind, MANIFEST_NAME, Manifest, ReleaseSettings, STARTER, Shape};

/// The schema version of the documents gather writes.
pub const SCHEMA_VERSION: &str = "1.0";

/// A release folder's evidence, gathered.
#[derive(Debug)]
pub struct Gathered {
    /// The evidence document, its test runs' `cases` left empty: they are in `bulk`.
    pub document: Value,
    /// The test runs' cases (see `evidence::cases`).
    pub bulk: Bulk,
    /// Sections that could not be gathered completely (a file in them failed), with why.
    pub broken: Vec<Violation>,
    /// Every problem met: errors (unreadable or malformed files) and warnings.
    pub problems: Vec<Problem>,
    /// The manifest's waiver files (joined to the folder) and profile.
    pub settings: ReleaseSettings,
    /// Where each value read from a YAML or JSON file (the manifest's release too) is: its
    /// file and the line and column of the value itself, by its pointer in the document.
    pub positions: BTreeMap<String, Location>,
}

impl Gathered {
    /// The whole evidence document, the cases in their runs: for small folders and tests (a
    /// large one is better written with [`write_json`]).
    pub fn document_with_cases(&self) -> Value {
        serde_json::to_value(crate::evidence::cases::WithCases::new(
            &self.document,
            &self.bulk,
        ))
        .unwrap_or_default()
    }
}

/// One file read for one kind of evidence.
pub struct File {
    /// Relative to the release folder, with `/` separators: how provenance names it.
    pub path: String,
    /// The text, named as the user can open it (the folder joined with `path`).
    pub text: SourceFile,
    pub sha256: String,
    pub kind: Kind,
    /// How a test run read from it keeps its cases.
    pub keep: Keep,
}

impl File {
    /// An error located at a byte offset of this file.
    pub fn error_at(
        &self,
        code: &'static str,
        message: impl Into<String>,
        offset: usize,
        label: impl Into<String>,
    ) -> Problem {
        let offset = offset.min(self.text.text().len());
        Problem::error(code, message)
            .in_file(&self.text)
            .label(SourceSpan::from((offset, 0)), label)
    }

    /// The byte offset of a 1-based line and column (in bytes) of this file.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        self.text.offset_of_byte_column(line, column)
    }

    /// A list for the cases of a test run read from this file, kept as gathering keeps them.
    pub fn case_list(&self) -> CaseList {
        // The list's pointer is `{section}/runs/{i}/cases`: three levels below the section.
        CaseList::keeping(self.keep, self.kind.pointer().matches('/').count() + 3)
    }

    /// The line each JSON pointer lands on in this (JSON) file, in one pass; 1 for a pointer
    /// that is not there, so an item always has a place.
    pub fn lines_of(&self, pointers: &[String]) -> Vec<usize> {
        let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
        crate::source::locate_pointers(self.text.text(), &refs)
            .into_iter()
            .map(|s| s.map_or(1, |s| self.text.line_col(s.range.start).line))
            .collect()
    }
}

/// What a reader made of one file.
pub enum Part {
    /// Items of a list section (approvals, deployments, ...).
    Items(Vec<Value>),
    /// One test run, and its cases (held apart: see `evidence::cases`).
    Run(Value, CaseList),
    /// The fields of an object section (release notes, a checklist, a budget).
    Object(Map<String, Value>),
}

/// Where the evidence for one kind came from, as gathered.
struct Collected {
    kind: Kind,
    entry: manifest::Entry,
    part: Part,
    /// For records read from YAML or JSON: the file, and where each of its values is.
    positions: Option<(String, Positions)>,
}

/// Where each value of one file is, by its JSON pointer in that file.
type Positions = BTreeMap<String, crate::source::LineCol>;

/// Gather the release folder `root` (which holds `relpolicy.yaml`).
///
/// `Err` only when there is no usable manifest; every other problem is in the result, and
/// the sections it touches are listed as broken.
pub fn gather(root: &Path) -> Result<Gathered, Vec<Problem>> {
    gather_keeping(root, Keep::Values)
}

/// [`gather`] for a document that is only written ([`write_json`]), never evaluated: the test
/// runs' cases are kept as the text written for them, with what the summaries read, instead of
/// as the policy engine's values. The written document is the same, byte for byte.
pub fn gather_to_write(root: &Path) -> Result<Gathered, Vec<Problem>> {
    gather_keeping(root, Keep::Text)
}

fn gather_keeping(root: &Path, keep: Keep) -> Result<Gathered, Vec<Problem>> {
    let manifest_path = root.join(MANIFEST_NAME);
    // relpolicy.yaml is in the release folder too: a FIFO or a link to a device there must be an
    // error, not a wait or an endless read.
    let limit = manifest::DEFAULT_MAX_FILE_MB * crate::limits::MIB;
    let bytes = crate::source::read_regular(&manifest_path, limit).map_err(|e| {
        vec![
            Problem::error(
                "relpolicy::gather::no_manifest",
                format!("cannot read {}: {e}", manifest_path.display()),
            )
            .help(format!(
                "a release folder needs a {MANIFEST_NAME} that says which files hold which evidence; `relpolicy init {}` writes a starter",
                root.display()
            )),
        ]
    })?;
    let manifest_file =
        SourceFile::decode(manifest_path.display().to_string(), bytes).map_err(|e| {
            vec![
                Problem::error(
                    "relpolicy::gather::encoding",
                    format!("{} is {e}", manifest_path.display()),
                )
                .help(format!("save {MANIFEST_NAME} as UTF-8")),
            ]
        })?;
    let manifest = Manifest::parse(manifest_file.clone())?;
    let mut gathering = Gathering::new(root, &manifest, keep);
    gathering.read_roles();
    gathering.sources.insert(
        MANIFEST_NAME.to_owned(),
        json!({
            "path": MANIFEST_NAME,
            "sha256": manifest_file.sha256(),
            "bytes": manifest_file.size(),
            "kind": "manifest",
            "format": "yaml",
        }),
    );
    let (files, unlisted) = gathering.walk();
    let mut matched = Vec::new();
    for (kind, entries) in &manifest.kinds {
        let taken = gathering.match_files(*kind, entries, &files, &unlisted);
        matched.push((*kind, taken));
    }
    gathering.report_unmatched();
    let extensions = gathering.read_extensions(&files);
    let collected = gathering.read_all(matched);
    let (mut document, bulk) = gathering.assemble(collected);
    if !extensions.is_empty()
        && let Value::Object(map) = &mut document
    {
        map.insert("extensions".into(), Value::Object(extensions));
    }
    let mut settings = manifest.settings.clone();
    for path in &mut settings.waivers {
        *path = root.join(&*path).display().to_string();
    }
    Ok(Gathered {
        document,
        bulk,
        broken: gathering.broken,
        problems: gathering.problems,
        settings,
        positions: gathering.positions,
    })
}

/// A file (or something else) in the release folder.
struct Found {
    relative: String,
    path: PathBuf,
    symlink: bool,
    /// What it is when it is not a regular file or a link: "a directory", "a FIFO", ...
    special: Option<&'static str>,
    /// Its size, for the total-size limit (0 for links and special files).
    size: u64,
}

/// A folder under the release root that could not be listed, relative to the root.
struct Unlisted {
    relative: String,
    error: String,
}

struct Gathering<'m> {
    root: PathBuf,
    canonical_root: PathBuf,
    manifest: &'m Manifest,
    problems: Vec<Problem>,
    broken: Vec<Violation>,
    sources: BTreeMap<String, Value>,
    /// Where each value read from a YAML or JSON file is, by its pointer in the document.
    positions: BTreeMap<String, Location>,
    /// Patterns that matched no file: warned about one by one, or summed up when many did.
    unmatched: Vec<(Kind, String, Problem)>,
    /// The roles file, which maps platform logins to roles.
    roles: Option<platform::Roles>,
    /// How test runs' cases are kept.
    keep: Keep,
}

/// More patterns than this matching nothing is a folder not filled in yet: one summary, not a
/// warning per pattern.
const UNMATCHED_SHOWN: usize = 3;

impl<'m> Gathering<'m> {
    fn new(root: &Path, manifest: &'m Manifest, keep: Keep) -> Self {
        Gathering {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            manifest,
            problems: Vec::new(),
            broken: Vec::new(),
            sources: BTreeMap::new(),
            positions: BTreeMap::new(),
            unmatched: Vec::new(),
            roles: None,
            keep,
        }
    }

    /// A team's own evidence (`extensions:`): the YAML or JSON records of each extension's files,
    /// each checked against the extension's JSON Schema with every violation at its line. An
    /// extension whose schema cannot be read, or whose records break it, is left out of the
    /// document (its policies then see no evidence), with the errors.
    fn read_extensions(&mut self, files: &[Found]) -> Map<String, Value> {
        let mut out = Map::new();
        for extension in self.manifest.extensions.clone() {
            let at = |problem: Problem| {
                problem
                    .in_file(&self.manifest.file)
                    .label(SourceSpan::from(extension.span), "this extension")
            };
            let schema_path = self.root.join(&extension.schema);
            let shown = schema_path.display().to_string();
            let schema =
                crate::source::read_text(&schema_path, shown, self.manifest.max_file_bytes)
                    .and_then(|file| {
                        let schema = crate::json::parse(file.text()).map_err(|e| e.to_string())?;
                        jsonschema::validator_for(&schema)
                            .map(|v| (v, file))
                            .map_err(|e| format!("it is not a JSON Schema: {e}"))
                    });
            let (validator, schema_file) = match schema {
                Ok(compiled) => compiled,
                Err(e) => {
                    self.problems.push(at(Problem::error(
                        "relpolicy::gather::extension",
                        format!(
                            "the schema of extension `{}`, {}, cannot be used: {e}",
                            extension.name,
                            schema_path.display()
                        ),
                    )
                    .help(
                        "name a JSON Schema file relative to the folder holding relpolicy.yaml",
                    )));
                    continue;
                }
            };
            self.sources.insert(
                extension.schema.clone(),
                json!({"path": extension.schema, "sha256": schema_file.sha256(), "bytes": schema_file.size(), "kind": format!("extensions.{} schema", extension.name), "format": "json-schema"}),
            );
            let options = glob::MatchOptions {
                case_sensitive: true,
                require_literal_separator: true,
                require_literal_leading_dot: false,
            };
            let mut items = Vec::new();
            let mut broken = false;
            let mut matched = 0;
            for found in files {
                let hit = extension.patterns.iter().any(|p| {
                    glob::Pattern::new(p).is_ok_and(|g| g.matches_with(&found.relative, options))
                });
                if !hit || found.special.is_some() || found.symlink {
                    continue;
                }
                matched += 1;
                let shown = found.path.display().to_string();
                let limit = self.manifest.max_file_bytes;
                let source_file = match crate::source::read_text(&found.path, shown.as_str(), limit)
                {
                    Ok(file) => file,
                    Err(e) => {
                        broken = true;
                        self.problems.push(Problem::error(
                            "relpolicy::gather::extension",
                            format!("cannot read {shown}: {e}"),
                        ));
                        continue;
                    }
                };
                let parsed: Result<Value, String> = if found.relative.ends_with(".json") {
                    crate::json::parse(source_file.text()).map_err(|e| e.to_string())
                } else {
                    serde_saphyr::from_str(source_file.text())
                        .map_err(|e: serde_saphyr::Error| crate::diagnostics::yaml_message(&e))
                };
                let value = match parsed {
                    Ok(value) => value,
                    Err(e) => {
                        broken = true;
                        self.problems.push(
                            Problem::error(
                                "relpolicy::gather::extension",
                                format!("{} is not valid YAML or JSON: {e}", source_file.name()),
                            )
                            .in_file(&source_file),
                        );
                        continue;
                    }
                };
                self.sources.insert(
                    found.relative.clone(),
                    json!({"path": found.relative, "sha256": source_file.sha256(), "bytes": source_file.size(), "kind": format!("extensions.{}", extension.name), "format": "records"}),
                );
                // One record, a list, or `{NAME: [...]}`.
                let (value, prefix) = match value {
                    Value::Object(mut map)
                        if map.len() == 1 && map.contains_key(&extension.name) =>
                    {
                        (
                            map.remove(&extension.name).unwrap_or(Value::Null),
                            format!("/{}", extension.name),
                        )
                    }
                    other => (other, String::new()),
                };
                let records: Vec<(String, Value)> = match value {
                    Value::Array(list) => list
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| (format!("{prefix}/{i}"), v))
                        .collect(),
                    other => vec![(prefix.clone(), other)],
                };
                let positions = crate::source::yaml_positions(source_file.text());
                for (pointer, record) in records {
                    let line_of = |p: &str| positions.get(p).map_or(1, |at| at.line);
                    let mut invalid = false;
                    for error in validator.iter_errors(&record) {
                        invalid = true;
                        let inner = format!("{pointer}{}", error.instance_path());
                        let line = line_of(&inner);
                        let offset = source_file.offset_of_byte_column(line, 1);
                        self.problems.push(
                            Problem::error(
                                "relpolicy::gather::extension",
                                format!(
                                    "a record of extension `{}` does not match its schema: {error}",
                                    extension.name
                                ),
                            )
                            .in_file(&source_file)
                            .label(
                                SourceSpan::from((offset, 0)),
                                format!("at {}", error.instance_path()),
                            )
                            .help(format!(
                                "fix the record, or the schema {}",
                                extension.schema
                            )),
                        );
                    }
                    if invalid {
                        broken = true;
                        continue;
                    }
                    let index = items.len();
                    let mut record = record;
                    if let Value::Object(map) = &mut record {
                        let mut source = json!({"path": found.relative, "line": line_of(&pointer)});
                        source["pointer"] = json!(pointer);
                        map.insert("source".into(), source);
                    }
                    let file_positions = (found.relative.clone(), positions.clone());
                    self.place_positions(
                        &format!("/extensions/{}/{index}", extension.name),
                        &record,
                        &pointer,
                        &file_positions,
                        &Map::new(),
                    );
                    items.push(record);
                }
            }
            if matched == 0 {
                self.problems.push(at(Problem::warning(
                    "relpolicy::gather::no_match",
                    format!("extension `{}`: its patterns match no file", extension.name),
                )
                .help(slashes_first(
                    extension.patterns.iter().map(String::as_str),
                    "the policies that read this extension see no evidence; fix the patterns or add the files".to_owned(),
                ))));
            }
            if !broken {
                out.insert(extension.name.clone(), Value::Array(items));
            }
        }
        out
    }

    /// Read the roles file the manifest names, recording its digest with the other sources. A
    /// roles file that cannot be read breaks the approvals it would have mapped.
    fn read_roles(&mut self) {
        let Some((path, span)) = self.manifest.roles.clone() else {
            return;
        };
        let shown = self.root.join(&path);
        let read = crate::source::read_text(
            &shown,
            shown.display().to_string(),
            self.manifest.max_file_bytes,
        );
        let file = match read {
            Ok(file) => file,
            Err(e) => {
                let problem = Problem::error(
                    "relpolicy::gather::roles",
                    format!("cannot read the roles file {}: {e}", shown.display()),
                )
                .in_file(&self.manifest.file)
                .label(SourceSpan::from(span), "named here")
                .help(
                    "the roles file maps platform logins to roles; fix its path in relpolicy.yaml",
                );
                self.fail(Kind::Approvals, problem);
                return;
            }
        };
        self.sources.insert(
            path.clone(),
            json!({"path": path, "sha256": file.sha256(), "bytes": file.size(), "kind": "roles", "format": "yaml"}),
        );
        match platform::Roles::parse(&file) {
            Ok(roles) => self.roles = Some(roles),
            Err(problem) => self.fail(Kind::Approvals, problem),
        }
    }

    /// The warnings for patterns that matched no file (see [`slashes_first`]).
    fn report_unmatched(&mut self) {
        let unmatched = std::mem::take(&mut self.unmatched);
        if unmatched.len() <= UNMATCHED_SHOWN {
            self.problems
                .extend(unmatched.into_iter().map(|(_, _, problem)| problem));
            return;
        }
        let mut kinds: Vec<String> = Vec::new();
        for (kind, pattern, _) in &unmatched {
            let key = kind.key();
            match kinds
                .iter_mut()
                .find(|k| k.starts_with(&format!("{key} (")))
            {
                Some(line) => {
                    line.pop();
                    line.push_str(&format!(", {pattern})"));
                }
                None => kinds.push(format!("{key} ({pattern})")),
            }
        }
        self.problems.push(
            Problem::warning(
                "relpolicy::gather::no_match",
                format!(
                    "{} patterns of {} match no file, for {} evidence kinds",
                    unmatched.len(),
                    MANIFEST_NAME,
                    kinds.len()
                ),
            )
            .help(slashes_first(
                unmatched.iter().map(|(_, pattern, _)| pattern.as_str()),
                format!(
                    "put the release's files where the patterns say, or change the patterns to where your files are; the requirements that need these kinds come out as missing_evidence until then:\n{}",
                    kinds.join("\n")
                ),
            )),
        );
    }

    /// Everything under the root, in path order, and every folder that could not be listed.
    /// Directories reached through symbolic links are not entered, so nothing outside the
    /// folder is listed; `.git` is skipped.
    fn walk(&mut self) -> (Vec<Found>, Vec<Unlisted>) {
        let mut found = Vec::new();
        let mut unlisted = Vec::new();
        let walker = walkdir::WalkDir::new(&self.root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || e.file_name() != ".git");
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let relative = e
                        .path()
                        .and_then(|p| p.strip_prefix(&self.root).ok())
                        .map(relative_path)
                        .unwrap_or_default();
                    unlisted.push(Unlisted {
                        relative,
                        error: e.to_string(),
                    });
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&self.root) else {
                continue;
            };
            let symlink = entry.path_is_symlink();
            let file_type = entry.file_type();
            let special = if symlink || file_type.is_file() {
                None
            } else if file_type.is_dir() {
                Some("a directory")
            } else {
                Some(special_kind(file_type))
            };
            let size = if special.is_none() && !symlink {
                entry.metadata().map_or(0, |m| m.len())
            } else {
                0
            };
            found.push(Found {
                relative: relative_path(relative),
                path: entry.path().to_path_buf(),
                symlink,
                special,
                size,
            });
        }
        (found, unlisted)
    }

    /// The files the patterns of one kind match, each with the entry that took it. Matched
    /// things that are not files, and folders that could not be listed but might hold matching
    /// files, are errors that leave the kind's section incomplete.
    fn match_files<'f>(
        &mut self,
        kind: Kind,
        entries: &'f [manifest::Entry],
        files: &'f [Found],
        unlisted: &[Unlisted],
    ) -> Vec<(&'f Found, &'f manifest::Entry)> {
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: false,
        };
        let mut taken: Vec<(&Found, &manifest::Entry)> = Vec::new();
        // Files already taken by an earlier pattern of this kind, by index in `files`.
        let mut seen = vec![false; files.len()];
        for entry in entries {
            for pattern in &entry.patterns {
                // Checked when the manifest was read.
                let Ok(compiled) = glob::Pattern::new(pattern) else {
                    continue;
                };
                // A pattern whose last part is only `*` or `**` means "whatever is there";
                // one that names files (`*.xml`, `acceptance.yaml`) expects a file.
                let names_files = pattern
                    .rsplit('/')
                    .next()
                    .is_some_and(|last| last != "*" && last != "**");
                let mut matched = 0;
                for (i, file) in files.iter().enumerate() {
                    if file.relative == MANIFEST_NAME
                        || !compiled.matches_with(&file.relative, options)
                    {
                        continue;
                    }
                    match file.special {
                        Some("a directory") if !names_files => continue,
                        Some(what) => {
                            matched += 1;
                            let problem = Problem::error(
                                "relpolicy::gather::not_a_file",
                                format!(
                                    "{kind}: `{pattern}` matches {}, which is {what}, not a regular file",
                                    file.path.display()
                                ),
                            )
                            .in_file(&self.manifest.file)
                            .label(SourceSpan::from(entry.span), "this pattern")
                            .help("evidence is read only from regular files; remove it from the folder or narrow the pattern");
                            self.fail(kind, problem);
                            continue;
                        }
                        None => {}
                    }
                    matched += 1;
                    if !std::mem::replace(&mut seen[i], true) {
                        taken.push((file, entry));
                    }
                }
                for folder in unlisted {
                    if could_match_under(pattern, &folder.relative) {
                        matched += 1;
                        let shown = self.root.join(&folder.relative);
                        let problem = Problem::error(
                            "relpolicy::gather::unlistable",
                            format!(
                                "{kind}: cannot list {}, where `{pattern}` may match files: {}",
                                shown.display(),
                                folder.error
                            ),
                        )
                        .in_file(&self.manifest.file)
                        .label(SourceSpan::from(entry.span), "this pattern")
                        .help("relpolicy must see every file a pattern can match (a withdrawn approval could be among them); fix the folder's permissions");
                        self.fail(kind, problem);
                    }
                }
                if matched == 0 {
                    self.unmatched.push((
                        kind,
                        pattern.clone(),
                        Problem::warning(
                            "relpolicy::gather::no_match",
                            format!("{kind}: `{pattern}` matches no file"),
                        )
                        .in_file(&self.manifest.file)
                        .label(SourceSpan::from(entry.span), "this pattern")
                        .help(slashes_first(
                            [pattern.as_str()],
                            format!(
                                "without these files the requirements that need {} come out as missing_evidence; fix the pattern or add the files",
                                kind.pointer()
                            ),
                        )),
                    ));
                }
            }
        }
        if kind.single() && taken.len() > 1 {
            let names: Vec<&str> = taken.iter().map(|(f, _)| f.relative.as_str()).collect();
            self.fail(
                kind,
                Problem::error(
                    "relpolicy::gather::ambiguous",
                    format!(
                        "{kind} is one document, but its patterns match {} files: {}",
                        names.len(),
                        names.join(", ")
                    ),
                )
                .in_file(&self.manifest.file)
                .label(SourceSpan::from(taken[0].1.span), "these patterns")
                .help("narrow the pattern to the one file that holds it"),
            );
            return Vec::new();
        }
        taken
    }

    /// Read and parse every matched file, refusing them all when together they exceed
    /// `max_total_mb`.
    fn read_all(
        &mut self,
        matched: Vec<(Kind, Vec<(&Found, &manifest::Entry)>)>,
    ) -> Vec<Collected> {
        let total: u64 = matched
            .iter()
            .flat_map(|(_, taken)| taken.iter().map(|(f, _)| f.size))
            .sum();
        let limit = self.manifest.max_total_bytes;
        if total > limit {
            let problem = Problem::error(
                "relpolicy::gather::too_much",
                format!(
                    "the files the manifest names hold {} together, over the limit of {}",
                    crate::source::human_bytes(total),
                    crate::source::human_bytes(limit)
                ),
            )
            .in_file(&self.manifest.file)
            .label(SourceSpan::from((0, 0)), "this manifest")
            .help("raise `max_total_mb` in relpolicy.yaml if this really is one release's evidence (docs/limits.md)");
            for (kind, taken) in &matched {
                if !taken.is_empty() {
                    self.fail(*kind, problem.clone());
                }
            }
            return Vec::new();
        }
        let mut collected = Vec::new();
        for (kind, taken) in matched {
            collected.extend(self.collect(kind, &taken));
        }
        collected
    }

    /// Read and parse the files matched for one kind.
    fn collect(&mut self, kind: Kind, taken: &[(&Found, &manifest::Entry)]) -> Vec<Collected> {
        // Reading and parsing are independent per file: spread them over the cores, then
        // take the results in path order so the document does not depend on scheduling.
        let index = |file: &File, format: &str| {
            matches!(format, "yaml" | "json").then(|| {
                (
                    file.path.clone(),
                    crate::source::yaml_positions(file.text.text()),
                )
            })
        };
        let outcomes = parallel_map(taken, |(found, entry)| {
            let file = self.read(found, kind)?;
            let mut warnings = Vec::new();
            let read = read_part(
                &file,
                entry,
                self.manifest,
                self.roles.as_ref(),
                &mut warnings,
            );
            // Keep what is needed of the file and let its text go here, on the thread that
            // read it: the next file's values reuse that memory instead of fresh pages.
            let (source, positions) = match &read {
                Ok((_, format)) => (text::source_of_file(&file, format), index(&file, format)),
                Err(_) => (text::source_of_file(&file, "unreadable"), None),
            };
            Ok(Parsed {
                path: file.path,
                source,
                positions,
                read,
                warnings,
            })
        });
        let mut collected = Vec::new();
        for ((_, entry), outcome) in taken.iter().zip(outcomes) {
            let parsed = match outcome {
                Ok(parsed) => parsed,
                Err(problem) => {
                    self.fail(kind, problem);
                    continue;
                }
            };
            let Parsed {
                path,
                source,
                positions,
                read,
                mut warnings,
            } = parsed;
            self.problems.append(&mut warnings);
            self.sources.insert(path, source);
            match read {
                Ok((part, _)) => collected.push(Collected {
                    kind,
                    entry: (*entry).clone(),
                    part,
                    positions,
                }),
                Err(problem) => self.fail(kind, problem),
            }
        }
        collected
    }

    /// Record an error that leaves `kind`'s section incomplete.
    fn fail(&mut self, kind: Kind, problem: Problem) {
        self.broken.push(Violation {
            pointer: kind.pointer().to_owned(),
            message: problem.message().to_owned(),
            help: None,
        });
        self.problems.push(problem);
    }

    /// Read one matched file, refusing links out of the folder, anything but a regular file,
    /// and files over the size limit.
    fn read(&self, found: &Found, kind: Kind) -> Result<File, Problem> {
        use crate::source::{ReadError, read_regular};
        let shown = found.path.display().to_string();
        if found.symlink {
            let target = found.path.canonicalize().map_err(|e| {
                Problem::error(
                    "relpolicy::gather::unreadable",
                    format!("cannot read {shown}: {e}"),
                )
                .help("check that the file exists and is readable")
            })?;
            if !target.starts_with(&self.canonical_root) {
                return Err(Problem::error(
                    "relpolicy::gather::outside_root",
                    format!(
                        "{shown} is a symbolic link to {}, outside the release folder",
                        target.display()
                    ),
                )
                .help("evidence is read only from inside the release folder; copy the file in instead of linking to it"));
            }
        }
        let limit = self.manifest.max_file_bytes;
        let bytes = read_regular(&found.path, limit).map_err(|e| match e {
            ReadError::TooLarge { size, limit } => too_large(&shown, size, limit),
            ReadError::NotRegular(what) => Problem::error(
                "relpolicy::gather::not_a_file",
                format!("cannot read {shown}: it is {what}, not a regular file"),
            )
            .help("evidence is read only from regular files; remove it from the folder or narrow the pattern"),
            ReadError::Io(e) => Problem::error(
                "relpolicy::gather::unreadable",
                format!("cannot read {shown}: {e}"),
            )
            .help("check that the file exists and is readable"),
        })?;
        file_from_bytes(found.relative.clone(), shown, bytes, kind, self.keep)
    }

    /// Put the gathered parts together into the evidence document, and the test runs' cases
    /// beside it.
    fn assemble(&mut self, collected: Vec<Collected>) -> (Value, Bulk) {
        let mut document = Map::new();
        document.insert("schema_version".into(), json!(SCHEMA_VERSION));
        if let Some((release, line)) = &self.manifest.release {
            let source = json!({"path": MANIFEST_NAME, "line": line, "pointer": "/release"});
            let positions = crate::source::yaml_positions(self.manifest.file.text());
            self.place_positions(
                "/release",
                release,
                "/release",
                &(MANIFEST_NAME.to_owned(), positions),
                &Map::new(),
            );
            document.insert("release".into(), text::with_source(release.clone(), source));
        }
        let mut lists: BTreeMap<Kind, Vec<Value>> = BTreeMap::new();
        let mut objects: BTreeMap<Kind, Map<String, Value>> = BTreeMap::new();
        let mut environments: BTreeMap<Kind, Vec<Option<String>>> = BTreeMap::new();
        // Each test run's cases, in the order of its kind's list of runs.
        let mut run_cases: BTreeMap<Kind, Vec<CaseList>> = BTreeMap::new();
        let mut bulk = Bulk::default();
        for Collected {
            kind,
            entry,
            part,
            positions,
        } in collected
        {
            match part {
                Part::Run(run, cases) => {
                    lists
                        .entry(kind)
                        .or_default()
                        .push(set_fields(run, &entry.set));
                    run_cases.entry(kind).or_default().push(cases);
                    environments
                        .entry(kind)
                        .or_default()
                        .push(entry.environment.clone());
                }
                Part::Items(items) => {
                    let list = lists.entry(kind).or_default();
                    for item in items {
                        if let Some(positions) = &positions {
                            let at = format!("{}/{}", kind.pointer(), list.len());
                            let from = item_pointer(&item);
                            self.place_positions(&at, &item, &from, positions, &Map::new());
                        }
                        list.push(set_fields(item, &entry.set));
                    }
                    environments
                        .entry(kind)
                        .or_default()
                        .push(entry.environment.clone());
                }
                Part::Object(fields) => {
                    let object = objects.entry(kind).or_default();
                    if let Some(positions) = &positions {
                        let from = fields.get("source").map_or_else(String::new, item_pointer);
                        let value = Value::Object(fields.clone());
                        let before = object.clone();
                        self.place_positions(kind.pointer(), &value, &from, positions, &before);
                    }
                    if let Err(key) = merge(object, fields) {
                        let problem = Problem::error(
                            "relpolicy::gather::conflict",
                            format!("the files of {kind} disagree on `{key}`"),
                        )
                        .help(format!("{kind} is assembled from several files; they must agree on `{key}` (for cost reports: one currency)"));
                        self.fail(kind, problem);
                    }
                    object.extend(entry.set.clone());
                }
            }
        }

        // Each kind's section, at its pointer: a section before the sections nested in it.
        for kind in Kind::all() {
            let pointer = kind.pointer();
            let value = match kind.shape() {
                Shape::Single | Shape::Merged => match objects.remove(&kind) {
                    Some(fields) => Value::Object(fields),
                    None => continue,
                },
                Shape::List => match lists.remove(&kind) {
                    Some(items) => Value::Array(items),
                    None => continue,
                },
                Shape::Tests => {
                    let Some(runs) = lists.remove(&kind) else {
                        continue;
                    };
                    let mut section = Map::new();
                    if let Some(env) = common(environments.get(&kind)) {
                        section.insert("environment".into(), json!(env));
                    }
                    let cases = run_cases.remove(&kind).unwrap_or_default();
                    if kind == Kind::RollbackTests
                        && let Some(minutes) = rehearsal_minutes(&cases)
                    {
                        section.insert("duration_minutes".into(), json!(minutes));
                    }
                    for (i, cases) in cases.into_iter().enumerate() {
                        bulk.insert(format!("{pointer}/runs/{i}/cases"), cases);
                    }
                    section.insert("runs".into(), Value::Array(runs));
                    Value::Object(section)
                }
            };
            // Defects belong to the system test report; without one they have no place. When the
            // test reports failed to read, that failure is already reported: no follow-on warning.
            let reports_broken = self
                .broken
                .iter()
                .any(|b| b.pointer == Kind::TestReports.pointer());
            if kind == Kind::Defects && !document.contains_key("system_test_report") {
                if reports_broken {
                    continue;
                }
                self.problems.push(
                    Problem::warning(
                        "relpolicy::gather::orphan",
                        "defects were gathered, but no test reports to attach them to",
                    )
                    .help(
                        "defects belong to the system test report: add test_reports to relpolicy.yaml",
                    ),
                );
                continue;
            }
            place(&mut document, pointer, value);
        }

        document.insert(
            "sources".into(),
            Value::Array(std::mem::take(&mut self.sources).into_values().collect()),
        );
        (Value::Object(document), bulk)
    }
}

/// The pointer inside its file that a record's `source` names (`""`, the whole file, if none).
fn item_pointer(item: &Value) -> String {
    let source = item.get("source").unwrap_or(item);
    source
        .get("pointer")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

impl Gathering<'_> {
    /// Record where each value of `value`, which lands at `at` in the document, is in its file,
    /// where `value` is at `from`. `before` is the object it is merged into: a list there is
    /// extended, so this value's items come after its items.
    fn place_positions(
        &mut self,
        at: &str,
        value: &Value,
        from: &str,
        (path, positions): &(String, Positions),
        before: &Map<String, Value>,
    ) {
        fn walk(
            value: &Value,
            at: &mut String,
            from: &mut String,
            path: &str,
            positions: &Positions,
            out: &mut BTreeMap<String, Location>,
            offsets: Option<&Map<String, Value>>,
        ) {
            // The object a section is merged into keeps its own place.
            let merged_root = offsets.is_some() && out.contains_key(at.as_str());
            if let Some(lc) = positions.get(from.as_str()).filter(|_| !merged_root) {
                out.insert(
                    at.clone(),
                    Location {
                        path: path.to_owned(),
                        line: lc.line,
                        column: Some(lc.column),
                    },
                );
            }
            let (a, f) = (at.len(), from.len());
            match value {
                Value::Object(members) => {
                    for (key, member) in members {
                        if offsets.is_some() && key == "source" {
                            continue;
                        }
                        let token = key.replace('~', "~0").replace('/', "~1");
                        from.push('/');
                        from.push_str(&token);
                        let offset = offsets
                            .and_then(|o| o.get(key))
                            .and_then(Value::as_array)
                            .map_or(0, Vec::len);
                        match (member, offset) {
                            (Value::Array(items), n) if n > 0 => {
                                for (i, item) in items.iter().enumerate() {
                                    let (a2, f2) = (at.len(), from.len());
                                    at.push_str(&format!("/{token}/{}", n + i));
                                    from.push_str(&format!("/{i}"));
                                    walk(item, at, from, path, positions, out, None);
                                    at.truncate(a2);
                                    from.truncate(f2);
                                }
                            }
                            _ => {
                                at.push('/');
                                at.push_str(&token);
                                walk(member, at, from, path, positions, out, None);
                            }
                        }
                        at.truncate(a);
                        from.truncate(f);
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        at.push_str(&format!("/{i}"));
                        from.push_str(&format!("/{i}"));
                        walk(item, at, from, path, positions, out, None);
                        at.truncate(a);
                        from.truncate(f);
                    }
                }
                _ => {}
            }
        }
        walk(
            value,
            &mut at.to_owned(),
            &mut from.to_owned(),
            path,
            positions,
            &mut self.positions,
            Some(before),
        );
    }
}

/// Put `value` at `pointer` in `document`, making the objects on the way; an object already
/// there (the release from the manifest, a rollback plan under its rehearsal) takes the new
/// members, but keeps its own provenance (the new members' places are in `positions`).
fn place(document: &mut Map<String, Value>, pointer: &str, value: Value) {
    let tokens = crate::source::pointer_tokens(pointer);
    let Some((last, parents)) = tokens.split_last() else {
        return;
    };
    let mut node = document;
    for token in parents {
        let entry = node.entry(token.clone()).or_insert_with(|| json!({}));
        if !entry.is_object() {
            *entry = json!({});
        }
        let Some(next) = entry.as_object_mut() else {
            return;
        };
        node = next;
    }
    match (node.get_mut(last), value) {
        (Some(Value::Object(existing)), Value::Object(mut more)) => {
            if existing.contains_key("source") {
                more.remove("source");
            }
            existing.extend(more);
        }
        (_, value) => {
            node.insert(last.clone(), value);
        }
    }
}

/// One file read and parsed: its provenance, the positions of its values (YAML and JSON),
/// what it gave, and the warnings on the way.
struct Parsed {
    path: String,
    source: Value,
    positions: Option<(String, Positions)>,
    read: Result<(Part, &'static str), Problem>,
    warnings: Vec<Problem>,
}

/// One file's reading and parsing, or why it could not be read.
type Outcome = Result<Parsed, Problem>;

/// `f` over `items` on every core, results in the order of `items`.
fn parallel_map<T: Sync>(items: &[T], f: impl Fn(&T) -> Outcome + Sync) -> Vec<Outcome> {
    let threads = crate::parallel::cores().min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let mut results = Vec::with_capacity(items.len());
    crate::parallel::in_order(
        items.len(),
        threads,
        items.len(),
        |i| f(&items[i]),
        |r| {
            results.push(r);
        },
    );
    results
}

/// A path relative to the release root as provenance names it: `/`-separated.
fn relative_path(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a file type that is neither a file, a directory nor a link is, for messages.
fn special_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    let _ = file_type;
    "not a regular file"
}

/// True when `pattern` could match a file somewhere under the folder `dir` (both relative to
/// the release root): each of the folder's parts is matched by the pattern's part at the same
/// depth, and the pattern goes deeper than the folder (or has a `**` on the way).
fn could_match_under(pattern: &str, dir: &str) -> bool {
    if dir.is_empty() {
        return true;
    }
    let mut parts = pattern.split('/');
    for component in dir.split('/') {
        let Some(part) = parts.next() else {
            return false;
        };
        if part == "**" {
            return true;
        }
        match glob::Pattern::new(part) {
            Ok(p) if p.matches(component) => {}
            _ => return false,
        }
    }
    parts.next().is_some()
}

fn too_large(shown: &str, size: u64, limit: u64) -> Problem {
    Problem::error(
        "relpolicy::gather::too_large",
        format!(
            "{shown} is {:.1} MiB, over the {} MiB limit",
            size as f64 / 1_048_576.0,
            limit / 1_048_576
        ),
    )
    .help("split the file, or raise `max_file_mb` in relpolicy.yaml if it really is evidence")
}

/// The value every entry agrees on, if they all name one.
fn common(values: Option<&Vec<Option<String>>>) -> Option<&str> {
    let values = values?;
    let first = values.first()?.as_deref()?;
    values
        .iter()
        .all(|v| v.as_deref() == Some(first))
        .then_some(first)
}

/// The measured length of a rollback rehearsal: the summed durations of its cases, in minutes,
/// when every case recorded one.
fn rehearsal_minutes(runs: &[CaseList]) -> Option<f64> {
    let mut seconds = 0.0;
    let mut any = false;
    for duration in runs.iter().flat_map(CaseList::durations) {
        seconds += duration?.as_f64().ok()?;
        any = true;
    }
    any.then(|| (seconds / 60.0 * 100.0).round() / 100.0)
}

/// Add one file's fields to a section: lists are concatenated, anything else must agree.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) -> Result<(), String> {
    let mut conflict = None;
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (Some(Value::Array(list)), Value::Array(more)) => list.extend(more),
            (Some(existing), value)
                if key != "source" && key != "document" && *existing != value =>
            {
                conflict.get_or_insert(key);
            }
            (_, value) => {
                into.insert(key, value);
            }
        }
    }
    conflict.map_or(Ok(()), Err)
}

fn set_fields(mut item: Value, set: &Map<String, Value>) -> Value {
    if let Value::Object(map) = &mut item {
        for (k, v) in set {
            map.insert(k.clone(), v.clone());
        }
    }
    item
}

/// The help for patterns that matched no file: `otherwise`, after a word on `\` when a pattern
/// holds one. A Windows path (`reports\*.xml`) matches nothing, since patterns separate folders
/// with `/` on every system; saying so spares the user guessing why.
fn slashes_first<'a>(patterns: impl IntoIterator<Item = &'a str>, otherwise: String) -> String {
    match patterns.into_iter().find(|p| p.contains('\\')) {
        Some(pattern) => format!(
            "patterns separate folders with `/` on every system: write `{}`, not `{pattern}`. {otherwise}",
            pattern.replace('\\', "/")
        ),
        None => otherwise,
    }
}

/// The text of a file read as evidence of `kind` ([`SourceFile::decode`]).
/// `shown` is how diagnostics name it.
fn file_from_bytes(
    relative: String,
    shown: String,
    bytes: Vec<u8>,
    kind: Kind,
    keep: Keep,
) -> Result<File, Problem> {
    let sha256 = sha256_hex(&bytes);
    let text = SourceFile::decode(shown.as_str(), bytes).map_err(|e| {
        Problem::error("relpolicy::gather::encoding", format!("{shown} is {e}"))
            .help("evidence files are read as UTF-8, or as UTF-16 that starts with its byte order mark; re-export the file in UTF-8")
    })?;
    Ok(File {
        path: relative,
        text,
        sha256,
        kind,
        keep,
    })
}

/// Read the bytes of one file named `path` (relative to a release folder) as evidence of `kind`,
/// with the reader its extension calls for, as gathering would after the file was read: the
/// items or fields, or why it cannot be read. For fuzzing and tests: no file system involved.
#[doc(hidden)]
pub fn read_bytes(
    kind: Kind,
    path: &str,
    bytes: Vec<u8>,
    manifest: &Manifest,
) -> Result<Value, Problem> {
    read_part_of_bytes(kind, path, bytes, manifest, Keep::Values).map(|part| match part {
        Part::Items(items) => Value::Array(items),
        Part::Object(fields) => Value::Object(fields),
        Part::Run(mut run, cases) => {
            run["cases"] = serde_json::to_value(cases.cases()).unwrap_or_default();
            run
        }
    })
}

/// [`read_bytes`], the part as the reader returns it, a test run's cases kept as `keep` says.
#[doc(hidden)]
pub fn read_part_of_bytes(
    kind: Kind,
    path: &str,
    bytes: Vec<u8>,
    manifest: &Manifest,
    keep: Keep,
) -> Result<Part, Problem> {
    let file = file_from_bytes(path.to_owned(), path.to_owned(), bytes, kind, keep)?;
    let entry = manifest
        .kinds
        .iter()
        .find(|(k, _)| *k == kind)
        .and_then(|(_, entries)| entries.first().cloned())
        .unwrap_or_default();
    let mut warnings = Vec::new();
    read_part(&file, &entry, manifest, None, &mut warnings).map(|(part, _)| part)
}

/// Match a manifest's patterns against `paths` (relative, `/`-separated; those ending in `/`
/// stand for directories, those starting with `!` for folders that could not be listed), as
/// gathering does, without a file system: the number of files taken. For fuzzing and tests.
#[doc(hidden)]
pub fn match_paths(manifest: &Manifest, paths: &[&str]) -> usize {
    let mut files = Vec::new();
    let mut unlisted = Vec::new();
    for path in paths {
        if let Some(folder) = path.strip_prefix('!') {
            unlisted.push(Unlisted {
                relative: folder.to_owned(),
                error: "not listable".to_owned(),
            });
        } else {
            let directory = path.ends_with('/');
            files.push(Found {
                relative: path.trim_end_matches('/').to_owned(),
                path: PathBuf::from(path),
                symlink: false,
                special: directory.then_some("a directory"),
                size: 1,
            });
        }
    }
    let mut gathering = Gathering::new(Path::new(""), manifest, Keep::Values);
    manifest
        .kinds
        .iter()
        .map(|(kind, entries)| {
            gathering
                .match_files(*kind, entries, &files, &unlisted)
                .len()
        })
        .sum()
}

/// Read one file with the reader its kind and format call for; the format's name is returned
/// for provenance.
fn read_part(
    file: &File,
    entry: &manifest::Entry,
    manifest: &Manifest,
    roles: Option<&platform::Roles>,
    warnings: &mut Vec<Problem>,
) -> Result<(Part, &'static str), Problem> {
    let extension = file
        .path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let ext = extension.as_str();
    let kind = file.kind;
    let tests = kind.is_tests();
    let timezone = manifest.timezone;
    if let Some(problem) = wrong_format(file, kind) {
        return Err(problem);
    }
    match (kind, ext) {
        (_, "tap" | "txt" | "out") if tests && tap::is_tap(file.text.text()) => {
            tap::read(file, entry).map(|(run, cases)| (Part::Run(run, cases), "tap"))
        }
        (_, "xml") if tests => junit::read(file, entry, timezone, warnings)
            .map(|(run, cases)| (Part::Run(run, cases), "junit")),
        (_, "json") if tests && allure::is_allure_result(file.text.text()) => {
            allure::read(file, entry).map(|(run, cases)| (Part::Run(run, cases), "allure"))
        }
        (_, "json") if tests && test_result::is_test_result(file.text.text()) => {
            test_result::read(file, entry)
                .map(|(run, cases)| (Part::Run(run, cases), "in-toto-test-result"))
        }
        (_, "json" | "jsonl" | "ndjson") if tests && gotest::is_go_test_json(file.text.text()) => {
            gotest::read(file, entry, warnings)
                .map(|(run, cases)| (Part::Run(run, cases), "go-test-json"))
        }
        (_, "json") if tests => ctrf::read(file, entry, timezone, warnings)
            .map(|(run, cases)| (Part::Run(run, cases), "ctrf")),
        (Kind::ReleaseNotes, "md" | "markdown") => {
            let version = manifest
                .release
                .as_ref()
                .and_then(|(r, _)| r.get("version")?.as_str().map(str::to_owned));
            markdown::release_notes(file, version.as_deref(), warnings)
                .map(|o| (Part::Object(o), "markdown"))
        }
        (Kind::GoLiveChecklist, "md" | "markdown") => {
            markdown::checklist(file).map(|o| (Part::Object(o), "markdown"))
        }
        (Kind::DeploymentGuide | Kind::RollbackPlan, "md" | "markdown") => {
            markdown::document(file).map(|o| (Part::Object(o), "markdown"))
        }
        (Kind::CostReport, "csv") => {
            focus::read(file, entry).map(|o| (Part::Object(o), "focus-csv"))
        }
        (Kind::Calendar, "ics") => {
            let window = manifest
                .release
                .as_ref()
                .and_then(|(r, _)| ical::window_of(r));
            ical::read(file, window, manifest.timezone).map(|o| (Part::Object(o), "icalendar"))
        }
        (Kind::Approvals, "json") => {
            let value = crate::json::parse(file.text.text()).ok();
            match value.as_ref().and_then(|v| Some((platform::detect(v)?, v))) {
                Some((found, value)) => platform::read(file, found, value, entry, roles, warnings)
                    .map(|items| (Part::Items(items), "platform")),
                None => records::read(file).map(|part| (part, "json")),
            }
        }
        (Kind::Deployments, "json") => {
            let value = crate::json::parse(file.text.text()).ok();
            match value.as_ref().filter(|v| deployments::is_application(v)) {
                None if value.as_ref().is_some_and(deployments::is_github_statuses) => {
                    let statuses = value.as_ref().unwrap_or(&Value::Null);
                    deployments::read_github_statuses(file, statuses)
                        .map(|items| (Part::Items(items), "github-deployment"))
                }
                Some(app) => {
                    let revision = manifest
                        .release
                        .as_ref()
                        .and_then(|(r, _)| r.get("revision")?.as_str());
                    deployments::read(file, app, entry, revision)
                        .map(|items| (Part::Items(items), "argocd"))
                }
                None => records::read(file).map(|part| (part, "json")),
            }
        }
        (Kind::SecurityScans, "sarif" | "json") => {
            sarif::read(file).map(|items| (Part::Items(items), "sarif"))
        }
        (Kind::Promotions, "jsonl" | "ndjson") => {
            records::promotions(file).map(|items| (Part::Items(items), "jsonl"))
        }
        (Kind::Artifacts, "link" | "json") if records::is_in_toto_link(file.text.text()) => {
            records::in_toto_link(file).map(|items| (Part::Items(items), "in-toto-link"))
        }
        (Kind::Artifacts, "json" | "jsonl") if records::is_in_toto(file.text.text()) => {
            records::in_toto(file).map(|items| (Part::Items(items), "in-toto"))
        }
        (_, "yaml" | "yml" | "json") if !tests => {
            let format = if ext == "json" { "json" } else { "yaml" };
            records::read(file).map(|part| (part, format))
        }
        (Kind::DeploymentGuide | Kind::RollbackPlan, _) => {
            Ok((Part::Object(markdown::opaque_document(file)), "document"))
        }
        (Kind::Deployments, "log" | "txt") => Err(Problem::error(
            "relpolicy::gather::format",
            format!(
                "{} is a text log: a deployment is a record, its log a file the record pins",
                file.text.name()
            ),
        )
        .help("list the deployment record (YAML or JSON: environment, status, times, actor, pipeline run) under `deployments` and name this file in its `log: {path, sha256}`; an Argo CD Application export is read as records too")),
        _ => Err(Problem::error(
            "relpolicy::gather::format",
            format!(
                "{}: {kind} cannot be read from a .{ext} file",
                file.text.name()
            ),
        )
        .help(format!("{kind} is read from {}", formats_for(kind)))),
    }
}

/// A file in a format gather knows, listed under a kind that does not read it, or in a format
/// relpolicy does not read at all: say what it is and what reads it, rather than failing on it as
/// a malformed file of the kind (or reading it as something it is not).
fn wrong_format(file: &File, kind: Kind) -> Option<Problem> {
    let text = file.text.text();
    let head: String = text.chars().take(2048).collect();
    let trimmed = head.trim_start();
    let json_head = trimmed.starts_with('{') || trimmed.starts_with('[');
    // Formats some kind reads, under another kind.
    let (what, help) = if kind != Kind::SecurityScans && sarif::is_sarif(text) {
        (
            "a SARIF log (scanner results)",
            format!("list it under `{}`", Kind::SecurityScans.key()),
        )
    } else if !kind.is_tests() && gotest::is_go_test_json(text) {
        (
            "`go test -json` output",
            format!(
                "list it under `{}` (or another test report kind)",
                Kind::TestReports.key()
            ),
        )
    // Formats relpolicy does not read (yet): name them and the way in.
    } else if !kind.is_tests() && trimmed.starts_with("TAP version") {
        (
            "a TAP report",
            format!(
                "list it under `{}` (or another test report kind), as a .tap file",
                Kind::TestReports.key()
            ),
        )
    } else if kind != Kind::Artifacts && records::is_in_toto_link(text) {
        (
            "an in-toto v0.9 link file",
            format!(
                "list it under `{}`: its products are artifacts",
                Kind::Artifacts.key()
            ),
        )
    } else if json_head
        && [
            "\"assessment-results\"",
            "\"system-security-plan\"",
            "\"component-definition\"",
            "\"assessment-plan\"",
            "\"catalog\"",
        ]
        .iter()
        .any(|k| head.contains(k))
        && head.contains("\"oscal-version\"")
    {
        (
            "an OSCAL document",
            "relpolicy does not read OSCAL as evidence; it writes its verdicts as OSCAL assessment results".to_owned(),
        )
    } else if !kind.is_tests()
        && json_head
        && head.contains("\"historyId\"")
        && head.contains("\"uuid\"")
        && head.contains("\"stage\"")
    {
        (
            "an Allure result (one *-result.json of an allure-results folder)",
            format!(
                "list the folder's *-result.json files under `{}` (or another test report kind)",
                Kind::TestReports.key()
            ),
        )
    } else {
        return None;
    };
    let reads = formats_for(kind);
    Some(
        Problem::error(
            "relpolicy::gather::format",
            format!("{} is {what}, which {kind} does not read", file.text.name()),
        )
        .help(format!("{help} ({kind} is read from {reads})")),
    )
}

/// The file formats a kind is read from, for help texts and docs.
pub fn formats_for(kind: Kind) -> &'static str {
    match kind {
        kind if kind.is_tests() => {
            "JUnit XML (.xml), CTRF JSON (.json), `go test -json` output (.json, .jsonl), TAP 13/14 (.tap), Allure results (*-result.json) or in-toto test-result attestations (.json)"
        }
        Kind::Calendar => "iCalendar (.ics) exports, or YAML/JSON records",
        Kind::ReleaseNotes => "Markdown (.md) or a YAML/JSON record",
        Kind::GoLiveChecklist => "a Markdown task list (.md) or a YAML/JSON record",
        Kind::DeploymentGuide | Kind::RollbackPlan => {
            "any document; Markdown front matter or a YAML/JSON record adds its fields"
        }
        Kind::CostReport => "FOCUS CSV (.csv) or a YAML/JSON record",
        Kind::Promotions => "JSON Lines events (.jsonl) or YAML/JSON records",
        Kind::SecurityScans => "SARIF 2.1.0 logs (.sarif, .json) from any scanner",
        Kind::Artifacts => {
            "in-toto statements, DSSE envelopes (.json, .jsonl), in-toto v0.9 links (.link) or YAML/JSON records"
        }
        _ => "YAML (.yaml, .yml) or JSON (.json) records",
    }
}

/// Write `document` as `relpolicy gather` does: indented JSON and a final newline, the test
/// runs' cases taken from `bulk`.
pub fn write_json(
    document: &Value,
    bulk: &Bulk,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    crate::evidence::cases::write_pretty(document, bulk, &mut out)?;
    out.write_all(b"\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_could_match_under_a_folder_only_along_its_parts() {
        assert!(could_match_under("approvals/*.yaml", "approvals"));
        assert!(!could_match_under("approvals/*.yaml", "approvals/archive"));
        assert!(could_match_under(
            "approvals/**/*.yaml",
            "approvals/archive/2026"
        ));
        assert!(could_match_under("**/*.yaml", "anything/at/all"));
        assert!(could_match_under("reports/*/junit.xml", "reports/rollback"));
        assert!(!could_match_under("reports/*.xml", "approvals"));
        assert!(!could_match_under("acceptance.yaml", "docs"));
        // The root itself: every pattern could match under it.
        assert!(could_match_under("acceptance.yaml", ""));
    }

    #[test]
    fn a_folder_that_cannot_be_listed_breaks_every_kind_that_could_read_from_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join(MANIFEST_NAME),
            "manifest_version: 1\nevidence:\n  approvals: approvals/**/*.yaml\n  deployments: deployments/*.json\n",
        )
        .expect("manifest");
        let manifest = Manifest::parse(SourceFile::new(
            MANIFEST_NAME,
            std::fs::read_to_string(dir.path().join(MANIFEST_NAME)).expect("manifest"),
        ))
        .expect("valid manifest");
        let mut gathering = Gathering::new(dir.path(), &manifest, Keep::Values);
        // As walkdir reports a folder it may not read (the test runs as root, which may read
        // any folder, so the failure is given rather than provoked).
        let unlisted = [Unlisted {
            relative: "approvals/withdrawn".to_owned(),
            error: "Permission denied (os error 13)".to_owned(),
        }];
        for (kind, entries) in &manifest.kinds {
            gathering.match_files(*kind, entries, &[], &unlisted);
        }
        let broken: Vec<&str> = gathering
            .broken
            .iter()
            .map(|v| v.pointer.as_str())
            .collect();
        assert_eq!(broken, ["/approvals"]);
        assert!(
            gathering
                .problems
                .iter()
                .any(|p| p.code() == "relpolicy::gather::unlistable"),
            "{:?}",
            gathering.problems
        );
    }
}
