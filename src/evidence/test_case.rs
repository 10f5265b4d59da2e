//! One test case as a reader makes it: the schema's `test_case`, typed.
//!
//! A reader that built each case as a JSON object made a map of a dozen members (each key
//! and each value its own allocation), checked it against the schema, wrote it and freed it:
//! for a 100,000-case report, most of what gathering cost besides reading the XML. A
//! [`TestCase`] is written straight from its fields. When its fields plainly meet the schema
//! ([`TestCase::plainly_valid`]) the schema is not asked; otherwise the case becomes the JSON
//! object it always was ([`TestCase::to_value`]) and the schema says what is wrong, exactly
//! as before. Either way the bytes written and the summaries are the same (checked on every
//! case in debug builds, and by this module's tests).

use std::collections::{BTreeMap, BTreeSet};

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::cases::AsEngine;

/// A case's normalised outcome, in the order in which one outcome overrides another when a
/// report gives a case several (a failure outweighs a skip).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    #[default]
    Passed,
    Skipped,
    Failed,
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
            Status::Error => "error",
        }
    }
}

/// Where a case is in the project's sources (`code`).
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    pub path: String,
    pub line: Option<u64>,
}

impl Code {
    /// `code` as its JSON object.
    pub fn to_value(&self) -> Value {
        let mut members = Map::new();
        members.insert("path".into(), Value::from(self.path.as_str()));
        if let Some(line) = self.line {
            members.insert("line".into(), Value::from(line));
        }
        Value::Object(members)
    }
}

/// Where an item is in the file it was read from (`source`, without the file's digest).
#[derive(Clone, Debug, PartialEq)]
pub struct Location<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: Option<usize>,
}

impl Location<'_> {
    /// `source` as its JSON object.
    pub fn to_value(&self) -> Value {
        let mut source = Map::new();
        source.insert("path".into(), Value::from(self.path));
        source.insert("line".into(), Value::from(self.line));
        if let Some(column) = self.column {
            source.insert("column".into(), Value::from(column));
        }
        Value::Object(source)
    }
}

/// One test case: each member of the schema's `test_case`, left out when `None` or empty.
#[derive(Clone, Debug, PartialEq)]
pub struct TestCase<'a> {
    pub id: Option<String>,
    pub name: Option<String>,
    pub classname: Option<String>,
    pub suite: Option<String>,
    pub category: Option<String>,
    pub depth: Option<String>,
    pub status: Status,
    /// Seconds; a value that is not finite is left out, as JSON has no such number.
    pub duration_s: Option<f64>,
    pub message: Option<String>,
    /// Requirement IDs the case verifies, in order and each once; left out when empty.
    pub requirements: BTreeSet<String>,
    /// Left out when empty.
    pub properties: BTreeMap<String, String>,
    pub code: Option<Code>,
    pub source: Location<'a>,
}

/// One member of a case: text, or any other JSON value.
pub enum Member<'c> {
    Text(&'c str),
    Json(Value),
}

/// The schema's members of a test case, in the order of their keys.
const KEYS: [&str; 13] = [
    "category",
    "classname",
    "code",
    "depth",
    "duration_s",
    "id",
    "message",
    "name",
    "properties",
    "requirements",
    "source",
    "status",
    "suite",
];

/// The largest `duration_s` the schema allows.
const LONGEST: f64 = 1e9;

impl<'a> TestCase<'a> {
    /// A passed case read at `source`, with nothing else known yet.
    pub fn at(source: Location<'a>) -> Self {
        Self {
            id: None,
            name: None,
            classname: None,
            suite: None,
            category: None,
            depth: None,
            status: Status::Passed,
            duration_s: None,
            message: None,
            requirements: BTreeSet::new(),
            properties: BTreeMap::new(),
            code: None,
            source,
        }
    }

    /// True only when the schema's `test_case` surely accepts this case, told from the
    /// fields alone: a name that is not empty, a duration within the schema's range, and
    /// lines and columns from 1. Every other member is valid by its type. `false` means
    /// "ask the schema", not "invalid".
    pub fn plainly_valid(&self) -> bool {
        let duration = self
            .duration_s
            .is_none_or(|d| !d.is_finite() || (0.0..=LONGEST).contains(&d));
        let code = self
            .code
            .as_ref()
            .is_none_or(|c| c.line.is_none_or(|l| l >= 1));
        let source = !self.source.path.is_empty()
            && self.source.line >= 1
            && self.source.column.is_none_or(|c| c >= 1);
        self.name.as_ref().is_some_and(|n| !n.is_empty()) && duration && code && source
    }

    /// The member `key` when the case has it: the one place that says what each member is,
    /// which the JSON object ([`TestCase::to_value`]) and the engine's value and summaries
    /// (`CaseList::push_case`) are all made from.
    pub fn member(&self, key: &str) -> Option<Member<'_>> {
        fn text(value: &Option<String>) -> Option<Member<'_>> {
            value.as_deref().map(Member::Text)
        }
        match key {
            "category" => text(&self.category),
            "classname" => text(&self.classname),
            "code" => self.code.as_ref().map(|c| Member::Json(c.to_value())),
            "depth" => text(&self.depth),
            "duration_s" => self.duration().map(Member::Json),
            "id" => text(&self.id),
            "message" => text(&self.message),
            "name" => text(&self.name),
            "properties" => (!self.properties.is_empty()).then(|| {
                let properties = self
                    .properties
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                    .collect();
                Member::Json(Value::Object(properties))
            }),
            "requirements" => (!self.requirements.is_empty()).then(|| {
                let ids = self.requirements.iter().map(|r| Value::from(r.as_str()));
                Member::Json(Value::Array(ids.collect()))
            }),
            "source" => Some(Member::Json(self.source.to_value())),
            "status" => Some(Member::Text(self.status.as_str())),
            "suite" => text(&self.suite),
            _ => None,
        }
    }

    /// Each member the case has, in the order of their keys.
    pub fn members(&self) -> impl Iterator<Item = (&'static str, Member<'_>)> {
        KEYS.into_iter()
            .filter_map(|key| Some((key, self.member(key)?)))
    }

    /// The case as a JSON object, as it is written.
    pub fn to_value(&self) -> Value {
        let fields = self
            .members()
            .map(|(key, member)| {
                let value = match member {
                    Member::Text(text) => Value::from(text),
                    Member::Json(value) => value,
                };
                (key.to_owned(), value)
            })
            .collect();
        Value::Object(fields)
    }

    /// `duration_s` as its JSON number, when it has one.
    pub fn duration(&self) -> Option<Value> {
        self.duration_s
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
    }
}

/// The case as `AsEngine` writes [`TestCase::to_value`]: members in the order of their
/// keys, numbers as the policy engine reads them.
impl Serialize for TestCase<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(category) = &self.category {
            map.serialize_entry("category", category)?;
        }
        if let Some(classname) = &self.classname {
            map.serialize_entry("classname", classname)?;
        }
        if let Some(code) = &self.code {
            map.serialize_entry("code", code)?;
        }
        if let Some(depth) = &self.depth {
            map.serialize_entry("depth", depth)?;
        }
        if let Some(duration) = self.duration() {
            map.serialize_entry("duration_s", &AsEngine(&duration))?;
        }
        if let Some(id) = &self.id {
            map.serialize_entry("id", id)?;
        }
        if let Some(message) = &self.message {
            map.serialize_entry("message", message)?;
        }
        if let Some(name) = &self.name {
            map.serialize_entry("name", name)?;
        }
        if !self.properties.is_empty() {
            map.serialize_entry("properties", &self.properties)?;
        }
        if !self.requirements.is_empty() {
            map.serialize_entry("requirements", &self.requirements)?;
        }
        map.serialize_entry("source", &self.source)?;
        map.serialize_entry("status", self.status.as_str())?;
        if let Some(suite) = &self.suite {
            map.serialize_entry("suite", suite)?;
        }
        map.end()
    }
}

/// As `AsEngine` writes [`Code::to_value`].
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(line) = self.line {
            map.serialize_entry("line", &AsEngine(&Value::from(line)))?;
        }
        map.serialize_entry("path", &self.path)?;
        map.end()
    }
}

/// As `AsEngine` writes [`Location::to_value`].
impl Serialize for Location<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(column) = self.column {
            map.serialize_entry("column", &AsEngine(&Value::from(column)))?;
        }
        map.serialize_entry("line", &AsEngine(&Value::from(self.line)))?;
        map.serialize_entry("path", self.path)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// Every rule the schema's `test_case` makes beyond each member's type, with the
    /// definitions it refers to followed: `(where, keyword, value)`.
    fn rules(schema: &Value, node: &Value, at: &str, out: &mut Vec<(String, String, String)>) {
        let Some(members) = node.as_object() else {
            return;
        };
        for (keyword, value) in members {
            match keyword.as_str() {
                "description" | "type" => {}
                "$ref" => {
                    let pointer = value.as_str().unwrap_or_default().trim_start_matches('#');
                    let target = schema.pointer(pointer).expect("the reference resolves");
                    rules(schema, target, at, out);
                }
                "properties" => {
                    for (name, member) in value.as_object().into_iter().flatten() {
                        rules(schema, member, &format!("{at}/{name}"), out);
                    }
                }
                "items" => rules(schema, value, &format!("{at}/*"), out),
                "additionalProperties" if value.is_object() => {
                    rules(schema, value, &format!("{at}/*"), out);
                }
                _ => out.push((at.to_owned(), keyword.clone(), value.to_string())),
            }
        }
    }

    /// `TestCase::plainly_valid` skips the schema by knowing its rules for a test case. When
    /// this list changes, the schema gained or lost a rule: make `plainly_valid` (and the
    /// typed-case test in `cases.rs`) cover it, then update the list. How each rule is met
    /// now: members and `code`'s and `source`'s are only ever the fields of a `TestCase`
    /// (`additionalProperties`); `status` is one of four by its type, and `code.path`,
    /// `source.path` always there (`required`, `enum`); `plainly_valid` checks the name, the
    /// duration, both lines, the column and the path; a case never has `source.bytes` or
    /// `source.sha256`.
    #[test]
    fn plainly_valid_knows_every_rule_of_the_schemas_test_case() {
        let schema: Value = serde_json::from_str(crate::schema::SCHEMA_TEXT).unwrap();
        let mut found = Vec::new();
        rules(&schema, &schema["$defs"]["test_case"], "", &mut found);
        found.sort();
        let known: Vec<(String, String, String)> = [
            ("", "additionalProperties", "false"),
            ("", "required", r#"["name","status"]"#),
            ("/code", "additionalProperties", "false"),
            ("/code", "required", r#"["path"]"#),
            ("/code/line", "minimum", "1"),
            ("/duration_s", "maximum", "1000000000.0"),
            ("/duration_s", "minimum", "0"),
            ("/name", "minLength", "1"),
            ("/source", "additionalProperties", "false"),
            ("/source", "required", r#"["path"]"#),
            ("/source/bytes", "minimum", "0"),
            ("/source/column", "minimum", "1"),
            ("/source/line", "minimum", "1"),
            ("/source/path", "minLength", "1"),
            ("/source/sha256", "pattern", r#""^[a-f0-9]{64}$""#),
            (
                "/status",
                "enum",
                r#"["passed","failed","error","skipped"]"#,
            ),
        ]
        .into_iter()
        .map(|(at, keyword, value)| (at.to_owned(), keyword.to_owned(), value.to_owned()))
        .collect();
        assert_eq!(
            found, known,
            "the schema's test_case changed: see this test's comment"
        );
    }
}
