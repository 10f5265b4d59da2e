//! Small pieces every reader shares: positions in a file, provenance values,
//! timestamps and requirement IDs.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::File;
use super::manifest::Entry;
use crate::evidence::test_case::{Location, TestCase};

/// Turns byte offsets that only grow into 1-based lines and columns in one pass over the text,
/// so a reader streaming through a 50 MB report pays for each byte once (pytest writes a whole
/// report on one line, where counting from the line start for every case would be quadratic).
pub struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// The line and column (in characters) of `offset`, which must not be below the last one.
    pub fn at(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.bytes.len());
        if offset > self.offset {
            let chunk = &self.bytes[self.offset..offset];
            match memchr::memrchr(b'\n', chunk) {
                Some(last) => {
                    self.line += memchr::memchr_iter(b'\n', chunk).count();
                    self.column = 1 + count_chars(&chunk[last + 1..]);
                }
                None => self.column += count_chars(chunk),
            }
            self.offset = offset;
        }
        (self.line, self.column)
    }
}

/// Characters in UTF-8 bytes: every byte that does not continue a character starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// Provenance for an item at a line (and column, when the line is not enough) of `file`.
pub fn source_at(file: &File, line: usize, column: Option<usize>) -> Value {
    location(file, line, column).to_value()
}

fn location(file: &File, line: usize, column: Option<usize>) -> Location<'_> {
    Location {
        path: &file.path,
        line,
        column,
    }
}

/// A test case read at `line` (and `column`) of `file`: passed until its reader says
/// otherwise, in the category and depth its entry in relpolicy.yaml gives, which the report's
/// own replace.
pub fn case_at<'f>(
    file: &'f File,
    entry: &Entry,
    line: usize,
    column: Option<usize>,
) -> TestCase<'f> {
    TestCase {
        category: entry.category.clone(),
        depth: entry.depth.clone(),
        ..TestCase::at(location(file, line, column))
    }
}

/// What a property (JUnit `<property>`, CTRF `extra`) says about the tests it is on:
/// `category` and `depth`, in any letter case, set those; a key that names requirements adds
/// the IDs its value gives.
pub fn classify(
    key: &str,
    value: &str,
    category: &mut Option<String>,
    depth: &mut Option<String>,
    requirements: &mut BTreeSet<String>,
) {
    if key.eq_ignore_ascii_case("category") {
        *category = Some(label(value));
    } else if key.eq_ignore_ascii_case("depth") {
        *depth = Some(label(value));
    } else if names_requirements(key) {
        requirements.extend(requirement_ids(value).map(str::to_owned));
    }
}

/// A category or depth as reports spell it, as policies compare it: trimmed, in lower case.
pub fn label(value: &str) -> String {
    value.trim().to_lowercase()
}

/// Provenance for a whole file: path, digest, size, and what it was read as.
pub fn source_of_file(file: &File, format: &str) -> Value {
    json!({
        "path": file.path,
        "sha256": file.sha256,
        "bytes": file.text.size(),
        "kind": file.kind.key(),
        "format": format,
    })
}

/// Set `source` on an object item (replacing one it carried: provenance is what relpolicy saw).
pub fn with_source(mut item: Value, source: Value) -> Value {
    if let Value::Object(map) = &mut item {
        map.insert("source".into(), source);
    }
    item
}

/// A test run read from one report, before it becomes an evidence `test_run`.
pub struct Run {
    pub name: String,
    /// `junit` or `ctrf`.
    pub format: &'static str,
    pub producer: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// Held outside the run's value (see `evidence::cases`).
    pub cases: crate::evidence::cases::CaseList,
}

impl Run {
    /// The `test_run` value (its `cases` left empty, to be filled from the list returned with
    /// it): the entry's environment, and the file as provenance.
    pub fn into_value(
        self,
        file: &File,
        entry: &Entry,
    ) -> (Value, crate::evidence::cases::CaseList) {
        let mut run = Map::new();
        run.insert("name".into(), json!(self.name));
        run.insert("format".into(), json!(self.format));
        let optional = [
            ("producer", self.producer),
            ("environment", entry.environment.clone()),
            ("started_at", self.started_at),
            ("finished_at", self.finished_at),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                run.insert(key.into(), json!(value));
            }
        }
        run.insert("cases".into(), Value::Array(Vec::new()));
        run.insert("source".into(), source_of_file(file, self.format));
        (Value::Object(run), self.cases)
    }
}

/// A time as gather writes it: RFC 3339, fractional seconds only when there are any.
pub fn stamp<Tz: chrono::TimeZone>(t: &chrono::DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// What became of a timestamp read from a report.
#[derive(Debug, PartialEq, Eq)]
pub enum Stamp {
    /// RFC 3339 with a zone: usable as is (normalised).
    Zoned(String),
    /// A local time without a zone, and no offset configured to read it in.
    Naive,
    /// Not a timestamp at all.
    Invalid,
}

/// Normalise a report timestamp to RFC 3339. Local times without a zone (jest-junit writes
/// them) are read in `timezone` when the manifest sets one; otherwise they are not guessed.
pub fn timestamp(text: &str, timezone: Option<chrono::FixedOffset>) -> Stamp {
    let text = text.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Stamp::Zoned(stamp(&t));
    }
    let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"));
    match (naive, timezone) {
        (Ok(naive), Some(zone)) => match naive.and_local_timezone(zone).single() {
            Some(t) => Stamp::Zoned(stamp(&t)),
            None => Stamp::Invalid,
        },
        (Ok(_), None) => Stamp::Naive,
        (Err(_), _) => Stamp::Invalid,
    }
}

/// Requirement IDs in a property value such as `REQ-26, REL-03`.
pub fn requirement_ids(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| crate::catalog::is_requirement_id(t))
}

/// Property names whose values name the requirements a test verifies.
pub fn names_requirements(property: &str) -> bool {
    matches!(
        property.to_ascii_lowercase().as_str(),
        "requirement" | "requirements" | "req" | "reqs" | "verifies" | "covers"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters_once() {
        let text = "ab\ncdé\nfg";
        let mut lines = Lines::new(text);
        assert_eq!(lines.at(0), (1, 1));
        assert_eq!(lines.at(1), (1, 2));
        assert_eq!(lines.at(3), (2, 1));
        let g = text.find('g').unwrap();
        assert_eq!(lines.at(g), (3, 2));
        // Offsets past the end are clamped.
        assert_eq!(lines.at(1000), (3, 3));
    }

    #[test]
    fn timestamps_keep_their_zone_and_naive_ones_need_one() {
        assert_eq!(
            timestamp("2026-03-10T08:00:00.123+00:00", None),
            Stamp::Zoned("2026-03-10T08:00:00.123Z".into())
        );
        assert_eq!(timestamp("2026-11-22T05:54:14", None), Stamp::Naive);
        let cet = chrono::FixedOffset::east_opt(3600);
        assert_eq!(
            timestamp("2026-11-22T05:54:14", cet),
            Stamp::Zoned("2026-11-22T05:54:14+01:00".into())
        );
        assert_eq!(timestamp("yesterday", cet), Stamp::Invalid);
    }

    #[test]
    fn requirement_ids_are_split_out_of_property_values() {
        let ids: Vec<_> = requirement_ids("REQ-26, REL-03;PM-1 nonsense").collect();
        assert_eq!(ids, ["REQ-26", "REL-03", "PM-1"]);
    }
}
