//! The evidence as evaluated: read, checked against the schema and the limits,
//! derived, and converted into the policy engine's values.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::cases::{Bulk, resolve_in};
use super::timeline::Timeline;
use super::{Evidence, SUMMARISED, summarise, summarise_with};
use crate::diagnostics::Problem;
use crate::limits::Limits;
use crate::policy::Input;
use crate::schema::{self, Violation};
use crate::source::SourceFile;

/// What every document of a run is read and judged against.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    /// The evaluation time: nothing in the evidence may be dated after it.
    pub as_of: DateTime<Utc>,
    pub limits: Limits,
}

impl Context {
    /// The evaluation time `as_of` with the default limits.
    pub fn at(as_of: DateTime<Utc>) -> Self {
        Self {
            as_of,
            limits: Limits::DEFAULT,
        }
    }
}

/// An evidence document ready for evaluation: read, schema-checked, derived, converted.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The evidence file as read (for locations and digests).
    pub file: SourceFile,
    pub sha256: String,
    /// The document with relpolicy's derived summaries: what policies see as `input`, but for
    /// `timeline`.
    pub document: Value,
    /// The test cases of a gathered document (its runs' `cases` are empty in `document`).
    pub bulk: Bulk,
    /// Every time of the document, read (`input.timeline`).
    pub timeline: Timeline,
    pub input: Input,
    /// The schema's verdict on the document as read, and lists over the item limit.
    pub violations: Vec<Violation>,
    /// Sections that could not be gathered completely (a file in them failed to read or parse).
    pub unreadable: Vec<Violation>,
    /// The release folder the document was gathered from, if it was: provenance paths are
    /// relative to it.
    pub root: Option<std::path::PathBuf>,
    /// What the release folder's manifest says about how to check it (waivers, profile).
    pub settings: crate::gather::ReleaseSettings,
    /// For a gathered folder: where each value read from a YAML or JSON file is, exactly.
    pub positions: std::collections::BTreeMap<String, crate::matrix::Location>,
    /// The folder every location is relative to (absolute): the release folder, or the folder
    /// the document is in, whose source files a gathered document names relative to it.
    pub base: std::path::PathBuf,
    /// The document itself relative to `base`: its file name, `.` for a gathered release
    /// folder (the document is built in memory; `relpolicy gather` writes the same bytes), or
    /// `<stdin>`.
    pub document_path: String,
}

impl Prepared {
    /// Check `evidence` against the schema and derive the policy input. Warnings (such as a
    /// replaced summary) are returned for the caller to report.
    ///
    /// Converting a large document into the policy engine's values costs as much as checking
    /// and deriving it, so the conversion runs on a second thread, straight from the text, and
    /// the derived parts are added to it afterwards.
    pub fn new(evidence: Evidence, context: &Context) -> (Self, Vec<Problem>) {
        let text = evidence.file.clone();
        std::thread::scope(|scope| {
            let converting = scope.spawn(|| Input::from_json_text(text.text()));
            Self::finish(evidence, converting, context)
        })
    }

    /// Read evidence bytes all the way to a prepared document, holding one tree: the test
    /// cases of every run are checked against the schema and converted into the policy
    /// engine's values as they are parsed, and kept only there ([`Bulk`]), as gathering keeps
    /// them; the rest of the document is parsed as usual. The result is the same as
    /// [`Prepared::new`] on the parsed document (tests compare them), in half the memory
    /// for a document of many cases.
    pub fn from_bytes(
        name: &str,
        bytes: Vec<u8>,
        context: &Context,
    ) -> Result<(Self, Vec<Problem>), Problem> {
        let (file, sha256) = Evidence::decode(name, bytes)?;
        let mut lists: std::collections::BTreeMap<String, super::cases::CaseList> =
            std::collections::BTreeMap::new();
        let document = crate::json::parse_diverting(file.text(), &is_case_list, &mut |at, case| {
            lists.entry(at.to_owned()).or_default().push(&case);
        })
        .map_err(|e| Evidence::invalid_json(&file, &e))?;
        let mut bulk = Bulk::default();
        for (pointer, list) in lists {
            bulk.insert(pointer, list);
        }
        let place = placed(file.name());
        Ok(Self::with_bulk(
            document,
            bulk,
            Some(sha256),
            file,
            place,
            None,
            context,
        ))
    }

    /// Prepare a document gathered from the release folder `root` as it is in memory, not
    /// written out and read back. Its digest is that of the document `relpolicy gather` writes
    /// (summaries included), computed while writing it to nothing. It has no text of its own:
    /// what it holds is located in the files it was gathered from.
    pub fn gathered(
        name: String,
        document: Value,
        bulk: Bulk,
        root: std::path::PathBuf,
        context: &Context,
    ) -> (Self, Vec<Problem>) {
        let base = crate::paths::absolute(&root);
        Self::with_bulk(
            document,
            bulk,
            None,
            SourceFile::new(name, String::new()),
            (base, ".".to_owned()),
            Some(root),
            context,
        )
    }

    /// A document whose test cases are kept in `bulk`: summarised, checked against the schema
    /// and the limits and converted, the checking (and, without a `sha256` of the bytes read,
    /// the digest of the document `gather` writes) side by side with the conversion. `place`
    /// is the base and the document's path there; `root` the release folder it was gathered
    /// from, if it was.
    fn with_bulk(
        document: Value,
        bulk: Bulk,
        sha256: Option<String>,
        file: SourceFile,
        (base, document_path): (std::path::PathBuf, String),
        root: Option<std::path::PathBuf>,
        context: &Context,
    ) -> (Self, Vec<Problem>) {
        // Cases kept as text (`gather_to_write`) are never in a policy input.
        debug_assert!(
            !bulk.holds_text(),
            "test cases kept as text were prepared for evaluation"
        );
        let (document, warnings) = summarise_with(document, &bulk);
        let (sha256, violations, mut input) = std::thread::scope(|scope| {
            let checking = scope.spawn(|| {
                let sha256 = sha256.unwrap_or_else(|| {
                    crate::manifest::sha256_of_writer(|out| {
                        crate::gather::write_json(&document, &bulk, out)
                    })
                });
                (sha256, checked(&document, &bulk, context))
            });
            let input = input_of(&document, &bulk);
            let (sha256, violations) = checking
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (sha256, violations, input)
        });
        let timeline = Timeline::read(&document, context.as_of);
        input.set_value("", "timeline", timeline.to_rego());
        let prepared = Self {
            file,
            sha256,
            document,
            bulk,
            timeline,
            input,
            violations,
            unreadable: Vec::new(),
            base,
            document_path,
            root,
            settings: Default::default(),
            positions: Default::default(),
        };
        (prepared, warnings)
    }

    fn finish(
        mut evidence: Evidence,
        converting: std::thread::ScopedJoinHandle<'_, Option<Input>>,
        context: &Context,
    ) -> (Self, Vec<Problem>) {
        let document = std::mem::take(&mut evidence.document);
        let mut violations = schema::validate(&document);
        violations.extend(oversized(&document, context.limits.items));
        let (document, warnings) = summarise(document);
        let timeline = Timeline::read(&document, context.as_of);
        let converted = converting
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let mut input = match converted {
            Some(mut input) => {
                for pointer in SUMMARISED {
                    if let Some(summary) = document.pointer(pointer).and_then(|s| s.get("summary"))
                    {
                        input.set(pointer, "summary", summary.clone());
                    }
                }
                input
            }
            // The text was parsed once already; this is only a safety net.
            None => Input::of(&document),
        };
        input.set_value("", "timeline", timeline.to_rego());
        let (base, document_path) = placed(evidence.file.name());
        let prepared = Self {
            base,
            document_path,
            file: evidence.file,
            sha256: evidence.sha256,
            document,
            bulk: Bulk::default(),
            timeline,
            input,
            violations,
            unreadable: Vec::new(),
            root: None,
            settings: Default::default(),
            positions: Default::default(),
        };
        (prepared, warnings)
    }

    /// The schema violations as problems: located in the files items were gathered from when
    /// the document was gathered, else in the evidence file.
    pub fn schema_problems(&self) -> Vec<Problem> {
        match &self.root {
            Some(root) => schema::problems_in_sources(
                &self.violations,
                |pointer| self.provenance(pointer),
                root,
                &self.file,
            ),
            None => schema::problems(&self.violations, &self.file),
        }
    }

    /// True when `pointer` names a value in the document (a JSON `null` counts as absent).
    pub fn has(&self, pointer: &str) -> bool {
        match self.bulk.case_at(pointer) {
            Some((case, rest)) => resolve_in(case, rest).is_some_and(|v| !v.is_null()),
            None => self.document.pointer(pointer).is_some_and(|v| !v.is_null()),
        }
    }

    /// The value at `pointer`: in the document, or in a case kept apart.
    pub fn value_at(&self, pointer: &str) -> Option<std::borrow::Cow<'_, Value>> {
        match self.bulk.case_at(pointer) {
            Some((case, rest)) => resolve_in(case, rest).map(std::borrow::Cow::Owned),
            None => self
                .document
                .pointer(pointer)
                .map(std::borrow::Cow::Borrowed),
        }
    }

    /// Where the item at `pointer` (or the deepest item above it that records one) was
    /// gathered from: its `source`.
    pub fn provenance(&self, pointer: &str) -> Option<crate::matrix::Location> {
        if let Some((case, _)) = self.bulk.case_at(pointer) {
            // A case records its own line; a member of it is on that line too.
            let source = resolve_in(case, "/source")?;
            return crate::matrix::source_of(&serde_json::json!({ "source": source }));
        }
        // The item's recorded source, unless the value itself (or a value between it and that
        // item) has a known place in its file.
        let (recorded, depth) = crate::matrix::provenance_at_depth(&self.document, pointer);
        let mut at = pointer;
        while !self.positions.is_empty() && at.matches('/').count() >= depth.max(1) {
            if let Some(location) = self.positions.get(at) {
                return Some(location.clone());
            }
            match at.rfind('/') {
                Some(i) => at = &at[..i],
                None => break,
            }
        }
        recorded
    }
}

/// True for the pointer of a test run's `cases` list (`/system_test_report/runs/3/cases`).
fn is_case_list(pointer: &str) -> bool {
    super::derive::TEST_SECTIONS.iter().any(|section| {
        pointer
            .strip_prefix(section)
            .and_then(|rest| rest.strip_prefix("/runs/"))
            .and_then(|rest| rest.strip_suffix("/cases"))
            .is_some_and(|index| !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The schema's verdict on a document whose cases are kept in `bulk` (checked one by one as
/// they were read), and the lists over the item limit.
fn checked(document: &Value, bulk: &Bulk, context: &Context) -> Vec<Violation> {
    let mut violations = schema::validate(document);
    violations.extend(bulk.violations().cloned());
    violations.extend(oversized(document, context.limits.items));
    for (pointer, cases) in bulk.lists() {
        let count = cases.as_array().map_or(0, |c| c.len());
        violations.extend(too_many(pointer, count, context.limits.items));
    }
    violations
}

/// The policy input of a document, with the cases kept in `bulk` in their places.
fn input_of(document: &Value, bulk: &Bulk) -> Input {
    let mut input = Input::of(document);
    for (pointer, cases) in bulk.lists() {
        if let Some(run) = pointer.strip_suffix("/cases") {
            input.set_value(run, "cases", cases.clone());
        }
    }
    input
}

/// The folder a document named `name` (as read) is in, and its name there.
fn placed(name: &str) -> (std::path::PathBuf, String) {
    let path = std::path::Path::new(name);
    match path.file_name() {
        Some(file) if !name.starts_with('<') => (
            crate::paths::absolute(
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(std::path::Path::new(".")),
            ),
            file.to_string_lossy().into_owned(),
        ),
        _ => (
            crate::paths::current_dir().unwrap_or_default(),
            name.to_owned(),
        ),
    }
}

/// A violation when the list at `pointer` holds more than `limit` items.
fn too_many(pointer: &str, count: usize, limit: usize) -> Option<Violation> {
    (count > limit).then(|| Violation {
        pointer: pointer.to_owned(),
        message: format!("holds {count} items, over the limit of {limit}"),
        help: Some(
            "raise the limit with --max-items if this really is one release's evidence (docs/limits.md)"
                .to_owned(),
        ),
    })
}

/// Every list of the document longer than `limit`, as a violation at the list.
fn oversized(document: &Value, limit: usize) -> Vec<Violation> {
    fn visit(node: &Value, pointer: &mut String, limit: usize, out: &mut Vec<Violation>) {
        let len = pointer.len();
        match node {
            Value::Array(items) => {
                out.extend(too_many(pointer, items.len(), limit));
                for (i, item) in items.iter().enumerate() {
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    visit(item, pointer, limit, out);
                    pointer.truncate(len);
                }
            }
            Value::Object(members) => {
                for (key, value) in members {
                    if value.is_array() || value.is_object() {
                        pointer.push('/');
                        pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                        visit(value, pointer, limit, out);
                        pointer.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    visit(document, &mut String::new(), limit, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_over_the_item_limit_are_violations_at_the_list() {
        let doc = json!({"approvals": [1, 2, 3], "release": {"changes": [1, 2]}});
        let v = oversized(&doc, 2);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].pointer, "/approvals");
        assert_eq!(v[0].section(), Some("approvals"));
        assert!(v[0].message.contains("3 items, over the limit of 2"));
        assert!(oversized(&doc, 3).is_empty());
    }
}
