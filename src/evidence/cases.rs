//! Test cases held outside the document tree.
//!
//! A release folder can hold a million test cases. As `serde_json` objects they take about
//! 1.3 KB each, and again about 0.7 KB each as the policy engine's values: over 2 GB of memory for
//! what a 54 MB JUnit report says. So gathering keeps each run's cases only once, as the engine's
//! values, with the strings that repeat from case to case (member names, statuses, class and
//! suite names, paths) shared, and checks each case against the schema as it is read. The
//! document tree holds an empty `cases` list in their place. The evidence document `gather`
//! writes, its digest, the summaries, provenance and the policy input all read the cases from
//! here ([`Bulk`]), so nothing downstream sees a difference.
//!
//! `relpolicy gather` only writes the document, so it keeps each case as the text written for
//! it instead, with the few members the summaries read ([`Keep::Text`]); the bytes written are
//! the same either way.
//!
//! A document read from a JSON file keeps its cases here too: they are diverted from the parse
//! as they are read (`json::parse_diverting`, `Prepared::from_bytes`), so no tree of them is
//! ever built. Only `Prepared::new`, given a document already parsed, keeps them in the tree.

use std::collections::{BTreeMap, HashMap};

use regorus::Value as R;
use serde_json::Value;

use super::test_case::{Member, TestCase};
use crate::schema::Violation;

/// Members whose string values repeat from case to case, and are shared.
const REPEATING: [&str; 6] = [
    "classname",
    "suite",
    "status",
    "category",
    "path",
    "producer",
];

/// How many distinct nested values one run's cases share at most (see [`CaseList::nested`]).
const NESTED_LIMIT: usize = 16_384;

/// Whether `kept` is what `value` converts to, exactly: numbers compare as written, so `1`
/// and `1.0` stay apart.
fn same(kept: &R, value: &Value) -> bool {
    match (kept, value) {
        (R::String(a), Value::String(b)) => a.as_ref() == b.as_str(),
        (R::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (R::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && b.iter()
                    .all(|(k, v)| a.get(&R::from(k.as_str())).is_some_and(|x| same(x, v)))
        }
        (R::Array(_) | R::Object(_) | R::String(_), _) => false,
        (kept, scalar) => serde_json::to_value(kept).is_ok_and(|k| k == *scalar),
    }
}

/// The member `name` of an engine object, found without building a key (indexing with a
/// `&str` allocates one: five times per case, for every case, when summarising).
pub fn member<'a>(value: &'a R, name: &str) -> Option<&'a R> {
    match value {
        R::Object(members) => members.iter().find_map(|(key, value)| match key {
            R::String(key) if key.as_ref() == name => Some(value),
            _ => None,
        }),
        _ => None,
    }
}

/// How often one member's lists or objects were found already kept.
#[derive(Debug, Default)]
struct Repeats {
    looked_up: u32,
    found: u32,
}

impl Repeats {
    /// Looked up often enough to tell, and found already kept less than a quarter of the time.
    fn seldom(&self) -> bool {
        self.looked_up >= 100 && self.found < self.looked_up / 4
    }
}

/// The distinct lists and objects found inside cases (properties, requirement lists), each
/// kept once: see [`CaseList::nested`].
#[derive(Debug, Default)]
struct Nested {
    kept: HashMap<u64, R>,
    hasher: std::hash::RandomState,
    /// For each member that holds lists or objects: how often its value was already kept.
    repeats: HashMap<String, Repeats>,
}

/// How gathering keeps a run's cases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Keep {
    /// As the policy engine's values: what `check` evaluates.
    #[default]
    Values,
    /// As the text `gather` writes, and only what the summaries read besides: a document that
    /// is only written never needs the engine's values, and building them was most of
    /// gathering's time.
    Text,
}

/// What the summaries read of a case (`derive`'s counts, a rollback rehearsal's length): all
/// that is kept of it besides its text when a run is kept as [`Keep::Text`]. Each member is the
/// engine value the whole case would hold there.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    status: Option<R>,
    category: Option<R>,
    depth: Option<R>,
    requirements: Option<R>,
    duration_s: Option<R>,
}

impl Facts {
    /// The member `name`, when it is one of those kept.
    pub fn get(&self, name: &str) -> Option<&R> {
        match name {
            "status" => self.status.as_ref(),
            "category" => self.category.as_ref(),
            "depth" => self.depth.as_ref(),
            "requirements" => self.requirements.as_ref(),
            "duration_s" => self.duration_s.as_ref(),
            _ => None,
        }
    }
}

/// A run's cases kept as [`Keep::Text`].
#[derive(Clone, Debug, Default)]
struct Written {
    /// Each case as `gather` writes it inside the list: a comma before all but the first, a
    /// line break and the indentation of `depth + 1`, the case at that depth.
    text: Vec<u8>,
    /// How many objects and arrays hold the list (as [`WithCases`] counts them).
    depth: usize,
    facts: Vec<Facts>,
}

/// One run's cases, however kept.
#[derive(Clone, Debug)]
enum Kept {
    Values(Vec<R>),
    Text(Written),
}

/// One run's test cases, being read.
#[derive(Debug)]
pub struct CaseList {
    kept: Kept,
    shared: HashMap<String, R>,
    /// The lists and objects inside cases kept once (boxed: a list being read travels in
    /// every test run's part).
    nested: Box<Nested>,
    /// Schema violations, with pointers relative to the list (`/5/duration_s`).
    violations: Vec<Violation>,
}

impl Default for CaseList {
    fn default() -> Self {
        Self::new()
    }
}

impl CaseList {
    /// Cases kept as the engine's values.
    pub fn new() -> Self {
        Self {
            kept: Kept::Values(Vec::new()),
            shared: HashMap::new(),
            nested: Box::default(),
            violations: Vec::new(),
        }
    }

    /// Cases kept as `keep` says, for a list held by `depth` objects and arrays of the document
    /// (`/system_test_report/runs/0/cases`: 4).
    pub fn keeping(keep: Keep, depth: usize) -> Self {
        match keep {
            Keep::Values => Self::new(),
            Keep::Text => Self {
                kept: Kept::Text(Written {
                    depth,
                    ..Written::default()
                }),
                ..Self::new()
            },
        }
    }

    /// Check one case against the schema and keep it.
    pub fn push(&mut self, case: &Value) {
        let index = self.len();
        for mut violation in crate::schema::validate_case(case) {
            violation.pointer = format!("/{index}{}", violation.pointer);
            self.violations.push(violation);
        }
        if self.keeps_values() {
            let converted = self.convert(case, None);
            self.keep_value(converted);
        } else {
            let facts = self.facts(case);
            self.keep_text(index, &AsEngine(case), facts);
        }
    }

    /// Check one typed case against the schema and keep it: as [`CaseList::push`] does with
    /// its JSON object, without building that object or asking the schema when the case is
    /// plainly valid.
    pub fn push_case(&mut self, case: &TestCase) {
        if !case.plainly_valid() {
            self.push(&case.to_value());
            return;
        }
        #[cfg(debug_assertions)]
        let object = {
            let object = case.to_value();
            let violations = crate::schema::validate_case(&object);
            assert!(
                violations.is_empty(),
                "{object} is not valid: {violations:?}"
            );
            object
        };
        let index = self.len();
        if self.keeps_values() {
            let converted = self.convert_case(case);
            #[cfg(debug_assertions)]
            assert_eq!(converted, self.convert(&object, None), "{object}");
            self.keep_value(converted);
            return;
        }
        let facts =
            self.facts_with(|list, name| Some(list.convert_typed(name, case.member(name)?)));
        #[cfg(debug_assertions)]
        {
            assert_eq!(&self.facts(&object), &facts, "{object}");
            let (mut typed, mut written) = (Vec::new(), Vec::new());
            let _ = write_item(&mut typed, 0, case, 1);
            let _ = write_item(&mut written, 0, &AsEngine(&object), 1);
            assert_eq!(
                String::from_utf8_lossy(&typed),
                String::from_utf8_lossy(&written)
            );
        }
        self.keep_text(index, case, facts);
    }

    fn keeps_values(&self) -> bool {
        matches!(self.kept, Kept::Values(_))
    }

    /// Keep a case's engine value (when the list keeps values).
    fn keep_value(&mut self, value: R) {
        if let Kept::Values(items) = &mut self.kept {
            items.push(value);
        }
    }

    /// Keep case `index` as the text `case` writes, and what the summaries read of it (when
    /// the list keeps text).
    fn keep_text(&mut self, index: usize, case: &impl serde::Serialize, facts: Facts) {
        if let Kept::Text(written) = &mut self.kept {
            // Writing into a vector cannot fail.
            let _ = write_item(&mut written.text, index, case, written.depth + 1);
            written.facts.push(facts);
        }
    }

    /// A typed case as [`CaseList::convert`] makes its JSON object, without building it.
    fn convert_case(&mut self, case: &TestCase) -> R {
        let mut object = BTreeMap::new();
        for (key, member) in case.members() {
            let value = self.convert_typed(key, member);
            object.insert(self.share(key), value);
        }
        R::from(object)
    }

    /// A typed case's member `key`, as [`CaseList::convert_member`] converts it as JSON.
    fn convert_typed(&mut self, key: &str, member: Member) -> R {
        match member {
            Member::Text(text) => self.convert_text(Some(key), text),
            Member::Json(value) => self.convert_member(key, &value),
        }
    }

    /// What the summaries read of `case`, converted as [`CaseList::convert`] would.
    fn facts(&mut self, case: &Value) -> Facts {
        self.facts_with(|list, name| Some(list.convert_member(name, case.get(name)?)))
    }

    /// The summaries' members, each as `member` gives it.
    fn facts_with(&mut self, mut member: impl FnMut(&mut Self, &str) -> Option<R>) -> Facts {
        Facts {
            status: member(self, "status"),
            category: member(self, "category"),
            depth: member(self, "depth"),
            requirements: member(self, "requirements"),
            duration_s: member(self, "duration_s"),
        }
    }

    pub fn len(&self) -> usize {
        match &self.kept {
            Kept::Values(items) => items.len(),
            Kept::Text(written) => written.facts.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cases read so far, as engine values (none when they are kept as text).
    pub fn cases(&self) -> &[R] {
        match &self.kept {
            Kept::Values(items) => items,
            Kept::Text(_) => &[],
        }
    }

    /// Each case's `duration_s`, in either way of keeping.
    pub fn durations(&self) -> Vec<Option<&R>> {
        match &self.kept {
            Kept::Values(items) => items
                .iter()
                .map(|case| member(case, "duration_s"))
                .collect(),
            Kept::Text(written) => written
                .facts
                .iter()
                .map(|f| f.duration_s.as_ref())
                .collect(),
        }
    }

    fn share(&mut self, s: &str) -> R {
        if let Some(v) = self.shared.get(s) {
            return v.clone();
        }
        let v = R::from(s);
        self.shared.insert(s.to_owned(), v.clone());
        v
    }

    /// A list or object inside a case, kept once however many cases hold an equal one.
    ///
    /// Cases repeat what is nested in them: the same requirement list or `properties` object
    /// (`{"component": "api", "owner": "payments"}`) on thousands of cases. Values are never
    /// changed once built, so equal ones can be one value; on the 200,000-case benchmark
    /// document this takes a third off the memory of the cases, and a value found is not
    /// converted again. Values are found by their JSON's hash and compared exactly (numbers as
    /// written). The table stops growing at [`NESTED_LIMIT`] values, and a member whose
    /// values seldom repeat (a case's `source`, with its own line) is no longer looked up once
    /// that is clear, so cases whose nested values all differ cost little more.
    fn nested(&mut self, member: &str, value: &Value) -> R {
        let nested = &mut *self.nested;
        let repeats = match nested.repeats.get_mut(member) {
            Some(repeats) => repeats,
            None => nested.repeats.entry(member.to_owned()).or_default(),
        };
        if repeats.seldom() {
            return self.convert(value, Some(member));
        }
        repeats.looked_up += 1;
        let hash = std::hash::BuildHasher::hash_one(&nested.hasher, value);
        if let Some(kept) = nested.kept.get(&hash).filter(|kept| same(kept, value)) {
            repeats.found += 1;
            return kept.clone();
        }
        let converted = self.convert(value, Some(member));
        let kept = &mut self.nested.kept;
        if kept.len() < NESTED_LIMIT {
            kept.entry(hash).or_insert_with(|| converted.clone());
        }
        converted
    }

    /// An object's member `key`: lists and objects kept once ([`CaseList::nested`]), the rest
    /// converted.
    fn convert_member(&mut self, key: &str, value: &Value) -> R {
        match value {
            Value::Array(_) | Value::Object(_) => self.nested(key, value),
            _ => self.convert(value, Some(key)),
        }
    }

    /// Text in `member`: shared when that member's values repeat from case to case.
    fn convert_text(&mut self, member: Option<&str>, text: &str) -> R {
        if member.is_some_and(|m| REPEATING.contains(&m)) {
            self.share(text)
        } else {
            R::from(text)
        }
    }

    fn convert(&mut self, value: &Value, member: Option<&str>) -> R {
        match value {
            Value::String(s) => self.convert_text(member, s),
            Value::Array(items) => R::from(
                items
                    .iter()
                    .map(|v| self.convert(v, None))
                    .collect::<Vec<_>>(),
            ),
            Value::Object(members) => {
                let mut object = BTreeMap::new();
                for (key, v) in members {
                    let converted = self.convert_member(key, v);
                    object.insert(self.share(key), converted);
                }
                R::from(object)
            }
            // Scalars exactly as regorus reads them from JSON.
            scalar => {
                use serde::Deserialize;
                R::deserialize(scalar).unwrap_or(R::Null)
            }
        }
    }
}

/// One run's cases, kept.
#[derive(Clone, Debug)]
struct Stored {
    cases: StoredCases,
    violations: Vec<Violation>,
}

#[derive(Clone, Debug)]
enum StoredCases {
    /// A `regorus` array: shared, not copied, with the policy input.
    Values(R),
    Text(Written),
}

/// The cases of one run as the summaries read them.
pub enum Summarised<'a> {
    Values(&'a [R]),
    Facts(&'a [Facts]),
}

/// Every gathered run's cases, by the JSON pointer of the `cases` list they belong in
/// (`/system_test_report/runs/0/cases`).
///
/// Lists kept as [`Keep::Text`] are for writing only: the summaries read them
/// ([`Bulk::summarised`]) and [`write_pretty`] writes them, but [`Bulk::get`],
/// [`Bulk::lists`] and [`Bulk::case_at`], which the policy input is made from, see only
/// lists kept as values ([`Bulk::holds_text`] tells).
#[derive(Clone, Debug, Default)]
pub struct Bulk {
    lists: BTreeMap<String, Stored>,
}

impl Bulk {
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// Whether any list is kept as text, for writing only.
    pub fn holds_text(&self) -> bool {
        self.lists
            .values()
            .any(|s| matches!(s.cases, StoredCases::Text(_)))
    }

    /// Keep `list` as the cases at `pointer`.
    pub fn insert(&mut self, pointer: String, list: CaseList) {
        let violations = list
            .violations
            .into_iter()
            .map(|v| Violation {
                pointer: format!("{pointer}{}", v.pointer),
                ..v
            })
            .collect();
        let cases = match list.kept {
            Kept::Values(items) => StoredCases::Values(R::from(items)),
            Kept::Text(written) => StoredCases::Text(written),
        };
        self.lists.insert(pointer, Stored { cases, violations });
    }

    /// The cases at `pointer` (the `cases` list of a run), if they are kept here as values.
    pub fn get(&self, pointer: &str) -> Option<&[R]> {
        match &self.lists.get(pointer)?.cases {
            StoredCases::Values(cases) => cases.as_array().ok().map(|a| a.as_slice()),
            StoredCases::Text(_) => None,
        }
    }

    /// What the summaries read of the cases at `pointer`, however they are kept.
    pub fn summarised(&self, pointer: &str) -> Option<Summarised<'_>> {
        match &self.lists.get(pointer)?.cases {
            StoredCases::Values(cases) => {
                Some(Summarised::Values(cases.as_array().ok()?.as_slice()))
            }
            StoredCases::Text(written) => Some(Summarised::Facts(&written.facts)),
        }
    }

    /// Every list kept as values: its pointer and cases.
    pub fn lists(&self) -> impl Iterator<Item = (&str, &R)> {
        self.lists.iter().filter_map(|(p, s)| match &s.cases {
            StoredCases::Values(cases) => Some((p.as_str(), cases)),
            StoredCases::Text(_) => None,
        })
    }

    /// The schema violations found in the cases, with pointers into the document.
    pub fn violations(&self) -> impl Iterator<Item = &Violation> {
        self.lists.values().flat_map(|s| &s.violations)
    }

    /// The case a pointer leads into, and the rest of the pointer inside it:
    /// `/system_test_report/runs/0/cases/7/source` → (case 7, `/source`).
    pub fn case_at<'a>(&self, pointer: &'a str) -> Option<(&R, &'a str)> {
        let (cases, rest) = self.lists().find_map(|(at, cases)| {
            let rest = pointer.strip_prefix(at)?.strip_prefix('/')?;
            Some((cases, rest))
        })?;
        let (index, inner) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let case = cases.as_array().ok()?.get(index.parse::<usize>().ok()?)?;
        Some((case, inner))
    }
}

/// A document serialised with the cases of a [`Bulk`] in their places: what `gather` writes.
pub struct WithCases<'a> {
    value: &'a Value,
    bulk: &'a Bulk,
    pointer: String,
    /// When set, each run's cases are left as `[]` and their place is noted here instead.
    skeleton: Option<&'a Skeleton<'a>>,
}

impl<'a> WithCases<'a> {
    pub fn new(document: &'a Value, bulk: &'a Bulk) -> Self {
        Self {
            value: document,
            bulk,
            pointer: String::new(),
            skeleton: None,
        }
    }

    /// How to write the member or element at `pointer`: the kept cases, a value that leads to
    /// some, or the value as it is.
    fn child(&self, pointer: String, value: &'a Value) -> Child<'a> {
        if let Some(stored) = self.bulk.lists.get(&pointer) {
            return Child::Cases {
                cases: &stored.cases,
                depth: pointer.matches('/').count(),
                skeleton: self.skeleton,
            };
        }
        let leads = self.bulk.lists.keys().any(|p| {
            p.len() > pointer.len()
                && p.starts_with(&pointer)
                && p.as_bytes()[pointer.len()] == b'/'
        });
        if leads {
            Child::Inside(WithCases {
                value,
                bulk: self.bulk,
                pointer,
                skeleton: self.skeleton,
            })
        } else {
            Child::Plain(value)
        }
    }
}

enum Child<'a> {
    Cases {
        cases: &'a StoredCases,
        /// How many objects and arrays hold the list.
        depth: usize,
        skeleton: Option<&'a Skeleton<'a>>,
    },
    Inside(WithCases<'a>),
    Plain(&'a Value),
}

impl serde::Serialize for Child<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Child::Cases {
                cases,
                depth,
                skeleton,
            } => serialize_cases(cases, *depth, *skeleton, serializer),
            Child::Inside(inside) => inside.serialize(serializer),
            Child::Plain(value) => value.serialize(serializer),
        }
    }
}

/// A run's cases: with a skeleton, an empty list whose place is noted for [`write_pretty`]
/// to fill; without one, the list itself (cases kept as text are written only in a skeleton).
fn serialize_cases<'a, S: serde::Serializer>(
    cases: &'a StoredCases,
    depth: usize,
    skeleton: Option<&Skeleton<'a>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    let empty = |serializer: S| serde::ser::SerializeSeq::end(serializer.serialize_seq(Some(0))?);
    let Some(skeleton) = skeleton else {
        return match cases {
            StoredCases::Values(cases) => AsJson(cases).serialize(serializer),
            StoredCases::Text(written) if written.facts.is_empty() => empty(serializer),
            StoredCases::Text(_) => Err(serde::ser::Error::custom(
                "test cases kept as text are written only by `write_pretty`",
            )),
        };
    };
    let place = match cases {
        StoredCases::Values(R::Array(items)) if !items.is_empty() => {
            Place::Values(items.as_slice())
        }
        StoredCases::Text(written) if !written.facts.is_empty() => Place::Text(written),
        StoredCases::Values(cases) => return AsJson(cases).serialize(serializer),
        StoredCases::Text(_) => return empty(serializer),
    };
    skeleton
        .places
        .borrow_mut()
        .push((skeleton.written.get(), place, depth));
    empty(serializer)
}

impl serde::Serialize for WithCases<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        if self.bulk.is_empty() {
            return self.value.serialize(serializer);
        }
        match self.value {
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    let child = self.child(format!("{}/{escaped}", self.pointer), value);
                    map.serialize_entry(key, &child)?;
                }
                map.end()
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for (i, value) in items.iter().enumerate() {
                    seq.serialize_element(&self.child(format!("{}/{i}", self.pointer), value))?;
                }
                seq.end()
            }
            scalar => scalar.serialize(serializer),
        }
    }
}

/// A document written without its runs' cases, and where they go.
#[derive(Default)]
struct Skeleton<'a> {
    /// How many bytes of the document were written so far.
    written: std::cell::Cell<usize>,
    /// For each run with cases, in the order of the document: the offset of the `[]` written
    /// in their place, the cases, and how deep the list is.
    places: std::cell::RefCell<Vec<(usize, Place<'a>, usize)>>,
}

/// A run's cases, to be written in their place.
#[derive(Clone, Copy)]
enum Place<'a> {
    Values(&'a [R]),
    Text(&'a Written),
}

/// The document's text, counting what is written into the skeleton.
struct Counted<'s, 'a> {
    text: Vec<u8>,
    skeleton: &'s Skeleton<'a>,
}

impl std::io::Write for Counted<'_, '_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.text.extend_from_slice(bytes);
        self.skeleton.written.set(self.text.len());
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How many test cases one thread writes at a time. Pieces of 1,024 cases (about 650 KB) are
/// large allocations, which cost `check DIR` of the 200-file benchmark 46 MiB more at its peak;
/// pieces of 128 cost 3 MiB and write as fast.
const CASES_PER_PIECE: usize = 128;

/// Write `document` with the cases of `bulk` in their runs: the bytes `json::to_writer_pretty`
/// writes for [`WithCases`], the cases written on every core.
///
/// Writing a large document is mostly writing its cases (0.14 s of one core for 100,000). The
/// document is written first without them, noting where each run's list goes; the lists are
/// then written in pieces of `CASES_PER_PIECE` cases at their depth on every core, and the
/// pieces go out in order as they are done. At most a few pieces per core wait in memory.
pub fn write_pretty(
    document: &Value,
    bulk: &Bulk,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let skeleton = Skeleton::default();
    let mut counted = Counted {
        text: Vec::new(),
        skeleton: &skeleton,
    };
    let whole = WithCases {
        skeleton: Some(&skeleton),
        ..WithCases::new(document, bulk)
    };
    crate::json::to_writer_pretty(&mut counted, &whole)?;
    let text = counted.text;
    let places = skeleton.places.take();
    // Cases as values are written in pieces on every core; a list kept as text is one piece,
    // written as it is.
    let pieces: Vec<(usize, usize, usize)> = places
        .iter()
        .enumerate()
        .flat_map(|(place, (_, cases, _))| {
            let (count, step) = match cases {
                Place::Values(items) => (items.len(), CASES_PER_PIECE),
                Place::Text(written) => (written.facts.len(), usize::MAX),
            };
            (0..count)
                .step_by(step)
                .map(move |start| (place, start, start.saturating_add(step).min(count)))
        })
        .collect();
    // The bytes of a piece, or `None` for a list kept as text at the depth it is written at.
    let piece = |index: usize| -> std::io::Result<Option<Vec<u8>>> {
        let (place, start, end) = pieces[index];
        let (_, cases, depth) = places[place];
        let mut bytes = Vec::new();
        match cases {
            Place::Text(written) if written.depth == depth => return Ok(None),
            Place::Text(written) => {
                bytes = shift_indent(&written.text, written.depth, depth);
            }
            Place::Values(items) => {
                for (i, case) in items.iter().enumerate().take(end).skip(start) {
                    write_item(&mut bytes, i, &AsJson(case), depth + 1)?;
                }
                if end < items.len() {
                    return Ok(Some(bytes));
                }
            }
        }
        crate::json::write_line(&mut bytes, depth)?;
        bytes.push(b']');
        Ok(Some(bytes))
    };
    let mut at = 0;
    let mut written = Ok(());
    let jobs = crate::parallel::cores();
    crate::parallel::in_order(
        pieces.len(),
        jobs,
        4 * jobs,
        |index| (index, piece(index)),
        |(index, bytes)| {
            if written.is_err() {
                return;
            }
            let (place, start, _) = pieces[index];
            written = (|| {
                if start == 0 {
                    // The document up to this run's `[]`, and the list's opening bracket.
                    let offset = places[place].0;
                    out.write_all(&text[at..offset])?;
                    out.write_all(b"[")?;
                    at = offset + 2;
                }
                match (bytes?, places[place]) {
                    (Some(bytes), _) => out.write_all(&bytes),
                    (None, (_, Place::Text(kept), depth)) => {
                        out.write_all(&kept.text)?;
                        crate::json::write_line(out, depth)?;
                        out.write_all(b"]")
                    }
                    (None, _) => Ok(()),
                }
            })();
        },
    );
    written?;
    out.write_all(&text[at..])
}

/// Element `index` of a list as the pretty printer lays it out at `depth`: a comma after the
/// element before it, a line break and the indentation, the element. Cases kept as text and
/// cases written from values are laid out by this one function.
fn write_item(
    bytes: &mut Vec<u8>,
    index: usize,
    item: &impl serde::Serialize,
    depth: usize,
) -> std::io::Result<()> {
    if index > 0 {
        bytes.push(b',');
    }
    crate::json::write_line(bytes, depth)?;
    crate::json::to_writer_pretty_at(&mut *bytes, item, depth)?;
    Ok(())
}

/// Pretty JSON written at one depth, moved to another: every line break in it is structural
/// (strings hold theirs escaped), so only the indentation after each changes.
fn shift_indent(text: &[u8], from: usize, to: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut lines = text.split(|&b| b == b'\n');
    out.extend_from_slice(lines.next().unwrap_or_default());
    for line in lines {
        let spaces = line.iter().take_while(|&&b| b == b' ').count();
        let indent = (spaces + 2 * to).saturating_sub(2 * from);
        out.push(b'\n');
        out.resize(out.len() + indent, b' ');
        out.extend_from_slice(&line[spaces..]);
    }
    out
}

/// A case as its engine value writes it (`AsJson` of what [`CaseList::convert`] makes of it),
/// without building that value: numbers as regorus reads them, the rest as JSON has it. Both
/// write object members in the order of their keys.
pub(super) struct AsEngine<'a>(pub(super) &'a Value);

impl serde::Serialize for AsEngine<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::Deserialize;
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Number(_) => {
                AsJson(&R::deserialize(self.0).unwrap_or(R::Null)).serialize(serializer)
            }
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&AsEngine(item))?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, &AsEngine(value))?;
                }
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// An engine value written exactly as its own `Serialize` writes it, faster.
///
/// regorus writes every number by formatting it as text and parsing that text back into a
/// serde_json number: a good part of writing 100,000 cases. Numbers whose text cannot differ
/// are written directly: integers other than zero up to 2^53, and finite floats with a
/// fraction (their shortest text reads back as the same float, which serde_json prints as it
/// would that float). Zero (`-0.0` reads back as a float), larger integers, objects with keys
/// that are not strings, sets and the rest go through regorus.
struct AsJson<'a>(&'a R);

impl serde::Serialize for AsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        const EXACT: u64 = 1 << 53;
        match self.0 {
            R::Number(n) => {
                if let Some(u) = n.as_u64().filter(|&u| u != 0 && u <= EXACT) {
                    serializer.serialize_u64(u)
                } else if let Some(i) = n.as_i64().filter(|&i| i != 0 && i.unsigned_abs() <= EXACT)
                {
                    serializer.serialize_i64(i)
                } else if let Some(f) = n.as_f64().filter(|f| f.is_finite() && f.fract() != 0.0) {
                    serializer.serialize_f64(f)
                } else {
                    self.0.serialize(serializer)
                }
            }
            R::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(&AsJson(item))?;
                }
                seq.end()
            }
            R::Object(members) if members.keys().all(|k| matches!(k, R::String(_))) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members.iter_sorted() {
                    map.serialize_entry(key, &AsJson(value))?;
                }
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// The value at `pointer` inside a case (`""` for the case itself), as JSON.
pub fn resolve_in(case: &R, pointer: &str) -> Option<Value> {
    let mut node = case;
    for token in crate::source::pointer_tokens(pointer) {
        node = match node {
            R::Object(members) => members.get(&R::from(token.as_str()))?,
            R::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    serde_json::to_value(node).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cases_convert_as_regorus_reads_json_and_share_repeated_strings() {
        let mut list = CaseList::new();
        let a = json!({"name": "a", "classname": "t.c", "status": "passed", "duration_s": 0.001,
                       "source": {"path": "r.xml", "line": 4, "column": 1}});
        let b = json!({"name": "b", "classname": "t.c", "status": "passed", "duration_s": 2,
                       "requirements": ["CHG-1"]});
        list.push(&a);
        list.push(&b);
        let direct: Vec<R> = [&a, &b]
            .iter()
            .map(|v| serde_json::from_value((*v).clone()).unwrap())
            .collect();
        assert_eq!(list.cases(), direct.as_slice());
        let class = |i: usize| match &list.cases()[i]["classname"] {
            R::String(s) => s.clone(),
            other => panic!("{other:?}"),
        };
        assert!(std::sync::Arc::ptr_eq(&class(0), &class(1)), "shared");
    }

    /// Equal lists and objects inside cases are one value; unequal ones, including numbers
    /// written differently, stay as written; past the table's limit values still convert.
    #[test]
    fn equal_nested_values_are_kept_once_and_unequal_ones_as_written() {
        let mut list = CaseList::new();
        let cases = [
            json!({"name": "a", "status": "passed", "properties": {"owner": "pay", "n": 1},
                   "requirements": ["CHG-1", "CHG-2"]}),
            json!({"name": "b", "status": "passed", "properties": {"owner": "pay", "n": 1},
                   "requirements": ["CHG-1", "CHG-2"]}),
            json!({"name": "c", "status": "passed", "properties": {"owner": "pay", "n": 1.5},
                   "requirements": ["CHG-2", "CHG-1"]}),
            json!({"name": "d", "status": "passed", "properties": {"owner": "pay", "n": 1.0},
                   "requirements": []}),
        ];
        for case in &cases {
            list.push(case);
        }
        let nested = |i: usize, member: &str| match &list.cases()[i][member] {
            R::Object(o) => format!("{:p}", std::sync::Arc::as_ptr(o)),
            R::Array(a) => format!("{:p}", std::sync::Arc::as_ptr(a)),
            other => panic!("{other:?}"),
        };
        assert_eq!(nested(0, "properties"), nested(1, "properties"));
        assert_eq!(nested(0, "requirements"), nested(1, "requirements"));
        assert_ne!(nested(0, "properties"), nested(2, "properties"));
        assert_ne!(nested(0, "requirements"), nested(2, "requirements"));
        // Every case still reads back exactly as regorus reads its JSON.
        for (i, case) in cases.iter().enumerate() {
            let direct: R = serde_json::from_value(case.clone()).unwrap();
            assert_eq!(list.cases()[i], direct);
            assert_eq!(
                serde_json::to_value(&list.cases()[i]).unwrap(),
                serde_json::to_value(&direct).unwrap()
            );
        }

        let mut many = CaseList::new();
        // Each list twice, so they repeat often enough to go on being looked up.
        for i in 0..NESTED_LIMIT + 10 {
            for _ in 0..2 {
                many.push(
                    &json!({"name": "x", "status": "passed", "requirements": [format!("R-{i}")]}),
                );
            }
        }
        let last = NESTED_LIMIT + 9;
        assert_eq!(
            serde_json::to_value(&many.cases()[2 * last + 1]["requirements"]).unwrap(),
            json!([format!("R-{last}")])
        );
        assert_eq!(many.nested.kept.len(), NESTED_LIMIT);
    }

    /// A member whose values never repeat stops being looked up; one whose values do repeat
    /// goes on being shared beside it.
    #[test]
    fn members_whose_values_seldom_repeat_are_no_longer_looked_up() {
        let mut list = CaseList::new();
        for line in 0..1_500 {
            list.push(&json!({"name": "t", "status": "passed",
                              "source": {"path": "r.xml", "line": line},
                              "properties": {"owner": "pay"}}));
        }
        assert!(list.nested.repeats["source"].seldom());
        assert_eq!(list.nested.repeats["source"].looked_up, 100);
        assert!(!list.nested.repeats["properties"].seldom());
        let [.., a, b] = list.cases() else { panic!() };
        match (&a["properties"], &b["properties"]) {
            (R::Object(a), R::Object(b)) => assert!(std::sync::Arc::ptr_eq(a, b)),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            serde_json::to_value(&b["source"]).unwrap(),
            json!({"path": "r.xml", "line": 1_499})
        );
    }

    /// Numbers whose text as JSON and as the engine's values could differ.
    const NUMBERS: [&str; 27] = [
        "0",
        "-0",
        "0.0",
        "-0.0",
        "1",
        "-1",
        "2.5",
        "-2.5",
        "1.0",
        "2.0",
        "1e-7",
        "0.1",
        "0.30000000000000004",
        "1e19",
        "1.8446744073709552e19",
        "18446744073709551615",
        "18446744073709551616",
        "9007199254740992",
        "9007199254740993",
        "-9007199254740993",
        "9223372036854775807",
        "-9223372036854775808",
        "1e300",
        "-1e300",
        "1.7976931348623157e308",
        "123456789012345678901234567890",
        "5e-324",
    ];

    /// Engine values written the fast way are the bytes regorus writes, for every kind of
    /// number JSON can hold and the shapes around them.
    #[test]
    fn engine_values_are_written_as_regorus_writes_them() {
        let texts = NUMBERS;
        let mut values: Vec<R> = texts
            .iter()
            .map(|t| serde_json::from_str(t).unwrap())
            .collect();
        values.push(serde_json::from_str(&format!("[{}]", texts.join(", "))).unwrap());
        values.push(
            serde_json::from_str(r#"{"b": {"x": [0.25, {}], "y": []}, "a": "s\n", "c": null}"#)
                .unwrap(),
        );
        let mut with_other_keys = std::collections::BTreeMap::new();
        with_other_keys.insert(R::from(1u64), R::from(2.5));
        with_other_keys.insert(R::from("k"), R::from(7u64));
        values.push(R::from(with_other_keys));
        let set: std::collections::BTreeSet<R> = [R::from(3u64), R::from(0.5)].into();
        values.push(R::from(set));
        for value in &values {
            assert_eq!(
                serde_json::to_string_pretty(&AsJson(value)).unwrap(),
                serde_json::to_string_pretty(value).unwrap(),
                "{value:?}"
            );
            assert_eq!(
                serde_json::to_value(AsJson(value)).unwrap(),
                serde_json::to_value(value).unwrap()
            );
        }
    }

    /// The document written in pieces on every core is the one serde_json writes whole: runs
    /// with no cases, one case, lists ending on and across the piece size, at two depths.
    #[test]
    fn a_document_written_in_pieces_is_the_document_written_whole() {
        let case = |i: usize| {
            json!({"name": format!("t{i}"), "status": if i.is_multiple_of(3) { "failed" } else { "passed" },
                   "duration_s": i as f64 / 8.0, "source": {"path": "r.xml", "line": i},
                   "requirements": ["CHG-1"], "properties": {}})
        };
        let sizes = [
            0,
            1,
            CASES_PER_PIECE,
            CASES_PER_PIECE + 1,
            2 * CASES_PER_PIECE + 7,
        ];
        let mut bulk = Bulk::default();
        let mut runs = Vec::new();
        for (r, size) in sizes.iter().enumerate() {
            let mut list = CaseList::new();
            (0..*size).for_each(|i| list.push(&case(i)));
            bulk.insert(format!("/system_test_report/runs/{r}/cases"), list);
            runs.push(json!({"name": format!("run {r}"), "cases": []}));
        }
        let mut deep = CaseList::new();
        (0..3).for_each(|i| deep.push(&case(i)));
        bulk.insert("/build_verification/tests/runs/0/cases".to_owned(), deep);
        let document = json!({
            "schema_version": "1",
            "build_verification": {"tests": {"runs": [{"cases": []}]}, "a/b~c": [1, {}]},
            "system_test_report": {"runs": runs, "summary": {}},
            "zeta": []
        });
        let mut pieces = Vec::new();
        write_pretty(&document, &bulk, &mut pieces).unwrap();
        let whole = serde_json::to_string_pretty(&WithCases::new(&document, &bulk)).unwrap();
        assert_eq!(String::from_utf8(pieces).unwrap(), whole);
        // And the cases are really there.
        let back: Value = serde_json::from_str(&whole).unwrap();
        assert_eq!(
            back.pointer("/system_test_report/runs/4/cases")
                .and_then(Value::as_array)
                .map(Vec::len),
            Some(2 * CASES_PER_PIECE + 7)
        );
    }

    /// `gather` keeps cases as text (`Keep::Text`), `check` as values; the document written,
    /// its summaries, the rehearsal durations and the schema violations must not tell which.
    /// Numbers as regorus writes them, escapes, nested and empty values, cases that break the
    /// schema, and lists made for one depth written at another.
    #[test]
    fn cases_kept_as_text_are_written_as_cases_kept_as_values() {
        let mut cases: Vec<Value> = NUMBERS
            .iter()
            .map(|n| {
                let n: Value = serde_json::from_str(n).unwrap();
                json!({"name": format!("n{n}"), "status": "passed", "duration_s": n,
                       "properties": {"n": n, "list": [n, [n]]}})
            })
            .collect();
        cases.extend([
            json!({"name": "t \"q\" \\ \n\t\u{1}é😀", "status": "failed", "message": "  line\n  two",
                   "category": "smoke", "depth": "deep", "requirements": ["CHG-2", "CHG-1", "CHG-2"],
                   "code": {"path": "a b.py", "line": 3}, "properties": {},
                   "extra": [[], {}, [1, [2, {"k": "  v"}]]]}),
            json!({"name": "breaks the schema", "status": 7, "duration_s": "slow", "requirements": "CHG-1"}),
            // One character to escape each, alone in the string; DEL is written as it is.
            json!({"name": "back\\slash", "classname": "quote\"d", "suite": "tab\there",
                   "message": "del\u{7f}", "properties": {"k\\ey": "\u{1f}", "é": "😀"}}),
            json!({"name": "skipped", "status": "skipped", "category": "smoke", "duration_s": 0}),
        ]);
        let sections = [
            (
                "/system_test_report",
                json!({"system_test_report": {"runs": [{"name": "r", "cases": []}]}}),
            ),
            (
                "/build_verification/tests",
                json!({"build_verification": {"tests": {"runs": [{"name": "r", "cases": []}]}}}),
            ),
        ];
        for (section, document) in sections {
            let pointer = format!("{section}/runs/0/cases");
            let depth = pointer.matches('/').count();
            for made_for in [depth, depth - 1, depth + 2] {
                let mut values = CaseList::new();
                let mut text = CaseList::keeping(Keep::Text, made_for);
                for case in &cases {
                    values.push(case);
                    text.push(case);
                }
                assert_eq!(values.len(), text.len());
                assert!(text.cases().is_empty(), "no engine values are built");
                assert_eq!(values.durations(), text.durations());
                let (mut by_values, mut by_text) = (Bulk::default(), Bulk::default());
                by_values.insert(pointer.clone(), values);
                by_text.insert(pointer.clone(), text);
                assert!(by_text.holds_text() && !by_values.holds_text());
                assert!(by_text.get(&pointer).is_none() && by_text.lists().next().is_none());
                let violations = |bulk: &Bulk| bulk.violations().cloned().collect::<Vec<_>>();
                assert_eq!(violations(&by_values), violations(&by_text));
                assert!(!violations(&by_text).is_empty());
                let (summarised, _) = crate::evidence::summarise_with(document.clone(), &by_values);
                let (from_text, _) = crate::evidence::summarise_with(document.clone(), &by_text);
                assert_eq!(summarised, from_text, "{pointer}");
                let written = |bulk: &Bulk| {
                    let mut bytes = Vec::new();
                    write_pretty(&summarised, bulk, &mut bytes).unwrap();
                    String::from_utf8(bytes).unwrap()
                };
                assert_eq!(
                    written(&by_values),
                    written(&by_text),
                    "{pointer}, made for {made_for}"
                );
                // Only `write_pretty` writes text-kept cases; anything else is refused, not empty.
                assert!(serde_json::to_string(&WithCases::new(&summarised, &by_text)).is_err());
            }
        }
    }

    /// A typed case is kept exactly as its JSON object would be: the same text, the same
    /// summaries, the same schema violations; and it skips the schema only when the schema
    /// would accept it. Each member at and around the schema's limits (names empty or absent,
    /// durations about 0 and 10^9 and not finite, lines 0 and 1 and past 2^53, empty paths),
    /// and text that needs escaping.
    #[test]
    fn typed_cases_are_kept_as_their_json_objects_are() {
        use super::super::test_case::{Code, Location, Status, TestCase};
        let plain = TestCase::at(Location {
            path: "reports/junit.xml",
            line: 3,
            column: Some(5),
        });
        let mut cases = vec![plain.clone()];
        let names = [
            None,
            Some(""),
            Some(" "),
            Some("t \"q\" \\ \n\t\u{1}é😀\u{7f}"),
        ];
        for name in names {
            cases.push(TestCase {
                name: name.map(str::to_owned),
                ..plain.clone()
            });
        }
        let plain = TestCase {
            name: Some("test_it".into()),
            ..plain
        };
        let durations = [
            0.0,
            -0.0,
            5e-324,
            0.001,
            1.0,
            2.5,
            123_456_789.125,
            1e9,
            1_000_000_000.000_000_1,
            1e12,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
            -1.0,
        ];
        for duration in durations {
            cases.push(TestCase {
                duration_s: Some(duration),
                ..plain.clone()
            });
        }
        for line in [
            None,
            Some(0),
            Some(1),
            Some(1 << 53),
            Some((1 << 53) + 1),
            Some(u64::MAX),
        ] {
            cases.push(TestCase {
                code: Some(Code {
                    path: "tests/test_it.py".into(),
                    line,
                }),
                ..plain.clone()
            });
        }
        for (path, line, column) in [("", 3, None), ("r.xml", 0, Some(1)), ("r.xml", 1, Some(0))] {
            cases.push(TestCase {
                source: Location { path, line, column },
                ..plain.clone()
            });
        }
        for status in [Status::Skipped, Status::Failed, Status::Error] {
            cases.push(TestCase {
                status,
                message: Some("  why\n it \"failed\"".into()),
                ..plain.clone()
            });
        }
        // Every member at once, so each pair of neighbours is written in order.
        cases.push(TestCase {
            id: Some("id-1".into()),
            status: Status::Failed,
            duration_s: Some(0.25),
            message: Some("boom".into()),
            code: Some(Code {
                path: "tests/smoke.py".into(),
                line: Some(7),
            }),
            classname: Some("tests.smoke".into()),
            suite: Some("suite \\ one".into()),
            category: Some("smoke".into()),
            depth: Some("critical-path".into()),
            requirements: ["REL-01".to_owned(), "CHG-1".to_owned()].into(),
            properties: [("", "empty key"), ("k\\ey", "\u{1f}"), ("é", "😀")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            ..plain.clone()
        });

        let mut typed = CaseList::keeping(Keep::Text, 4);
        let mut objects = CaseList::keeping(Keep::Text, 4);
        let (mut short, mut schema_asked) = (0, 0);
        for case in &cases {
            let value = case.to_value();
            let valid = crate::schema::validate_case(&value).is_empty();
            if case.plainly_valid() {
                assert!(valid, "the schema rejects a plainly valid case: {value}");
                short += 1;
            } else {
                schema_asked += 1;
            }
            typed.push_case(case);
            objects.push(&value);
        }
        assert!(short >= 20 && schema_asked >= 10, "{short} {schema_asked}");
        let (Kept::Text(typed_text), Kept::Text(object_text)) = (&typed.kept, &objects.kept) else {
            panic!("both lists keep text");
        };
        assert_eq!(
            String::from_utf8_lossy(&typed_text.text),
            String::from_utf8_lossy(&object_text.text)
        );
        assert_eq!(typed_text.facts, object_text.facts);
        assert!(!objects.violations.is_empty());
        assert_eq!(typed.violations, objects.violations);
        // Kept as values, a typed case is its object converted.
        let mut values = CaseList::new();
        let mut from_objects = CaseList::new();
        for case in &cases {
            values.push_case(case);
            from_objects.push(&case.to_value());
        }
        assert_eq!(values.cases(), from_objects.cases());
    }

    #[test]
    fn pretty_json_moves_to_another_depth_as_if_written_there() {
        let value = json!({"a": ["  x", {"b\nc": "line\nbreak", "e": {}}], "f": [], "g": 1});
        let at = |depth: usize| {
            let mut bytes = Vec::new();
            crate::json::to_writer_pretty_at(&mut bytes, &value, depth).unwrap();
            bytes
        };
        for (from, to) in [(5, 2), (2, 5), (0, 3), (3, 0), (4, 4)] {
            assert_eq!(shift_indent(&at(from), from, to), at(to), "{from} → {to}");
        }
    }

    #[test]
    fn each_case_is_checked_and_its_violations_point_into_the_document() {
        let mut list = CaseList::new();
        list.push(&json!({"name": "ok", "status": "passed"}));
        list.push(&json!({"name": "slow", "status": "passed", "duration_s": 1e12}));
        let mut bulk = Bulk::default();
        bulk.insert("/system_test_report/runs/2/cases".to_owned(), list);
        let violations: Vec<&Violation> = bulk.violations().collect();
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(
            violations[0].pointer,
            "/system_test_report/runs/2/cases/1/duration_s"
        );
        // The same as checking the whole document.
        let whole = crate::schema::validate(&json!({"system_test_report": {"runs": [
            {"name": "r", "format": "junit", "cases": []},
            {"name": "r", "format": "junit", "cases": []},
            {"name": "r", "format": "junit", "cases": [{"name": "ok", "status": "passed"},
                {"name": "slow", "status": "passed", "duration_s": 1e12}]}]}}));
        let same = whole
            .iter()
            .find(|v| v.pointer == violations[0].pointer)
            .expect("the whole-document check finds it too");
        assert_eq!(same.message, violations[0].message);
    }

    #[test]
    fn a_pointer_into_a_case_resolves() {
        let mut list = CaseList::new();
        list.push(
            &json!({"name": "a", "status": "failed", "source": {"path": "r.xml", "line": 9}}),
        );
        let mut bulk = Bulk::default();
        bulk.insert("/rollback/tests/runs/0/cases".to_owned(), list);
        let (case, rest) = bulk
            .case_at("/rollback/tests/runs/0/cases/0/source")
            .expect("found");
        assert_eq!(rest, "/source");
        assert_eq!(
            resolve_in(case, rest),
            Some(json!({"path": "r.xml", "line": 9}))
        );
        assert!(bulk.case_at("/rollback/tests/runs/0/cases/1").is_none());
        assert!(bulk.case_at("/rollback/tests/runs/1/cases/0").is_none());
        assert!(bulk.case_at("/rollback/tests/runs/0/cases").is_none());
    }
}
