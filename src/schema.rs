//! The evidence schema: the shape every evidence document must have.
//!
//! The schema (`schemas/evidence.schema.json`, JSON Schema 2020-12, formats
//! enforced) is compiled into the binary and built into a validator once per
//! process. Validation reports every violation at once; [`problems`] places
//! each at its line in the evidence file and adds the schema's description of
//! the field as help. This is the only module that sees the JSON Schema crate.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use miette::SourceSpan;
use serde_json::Value;

use crate::diagnostics::Problem;
use crate::manifest::FileDigest;
use crate::source::{SourceFile, locate_pointers};

/// The schema text as shipped.
pub const SCHEMA_TEXT: &str = include_str!("../schemas/evidence.schema.json");

/// Where the schema lives in the source tree; how reports name it.
pub const SCHEMA_PATH: &str = "schemas/evidence.schema.json";

/// One way a document breaks the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer to the offending value (for an unexpected member, the member itself).
    pub pointer: String,
    pub message: String,
    /// How to fix it, from the schema's description of the field, when it has one.
    pub help: Option<String>,
}

impl Violation {
    /// The top-level section the violation is in (`approvals` for `/approvals/2/role`),
    /// or `None` for a problem with the document as a whole: at its root, or in
    /// `schema_version`, which says how every section is to be read.
    pub fn section(&self) -> Option<&str> {
        self.pointer
            .split('/')
            .nth(1)
            .filter(|s| !s.is_empty() && *s != "schema_version")
    }
}

struct Compiled {
    validator: jsonschema::Validator,
    /// The same schema with a test case as its root: gathered test cases are checked one by
    /// one as they are read, never held as one tree (see `evidence::cases`).
    case_validator: jsonschema::Validator,
    schema: Value,
}

/// Where the schema defines one test case.
const TEST_CASE: &str = "#/$defs/test_case";

fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        // The shipped schema is valid: `tests::the_shipped_schema_compiles` guards it.
        let schema: Value = serde_json::from_str(SCHEMA_TEXT).expect("shipped schema is JSON");
        let build = |schema: &Value| {
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(schema)
                .expect("shipped schema compiles")
        };
        let validator = build(&schema);
        let mut case_schema = schema.clone();
        if let Some(root) = case_schema.as_object_mut() {
            root.retain(|k, _| k.starts_with('$'));
            root.insert("$ref".to_owned(), Value::from(TEST_CASE));
        }
        let case_validator = build(&case_schema);
        Compiled {
            validator,
            case_validator,
            schema,
        }
    })
}

/// The schema's description of the value at evidence pointer `pointer`
/// (`/release/changes/0/approved_at`): `Some` with the node's `description` (or an empty
/// string) when the schema allows something there, `None` when it does not.
pub fn describe_evidence(pointer: &str) -> Option<String> {
    let schema = &compiled().schema;
    let resolve = |mut node: &'static Value| {
        while let Some(target) = node.get("$ref").and_then(Value::as_str) {
            node = schema.pointer(target.strip_prefix('#')?)?;
        }
        Some(node)
    };
    let mut node = resolve(schema)?;
    let mut description = node.get("description");
    for token in crate::source::pointer_tokens(pointer) {
        let next = match node.get("type").and_then(Value::as_str) {
            Some("array") => node.get("items"),
            _ => node
                .get("properties")
                .and_then(|p| p.get(&token))
                .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
        }?;
        description = next.get("description");
        node = resolve(next)?;
        description = description.or_else(|| node.get("description"));
    }
    Some(
        description
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
    )
}

/// The evidence pointer closest to `pointer` that the schema has: for `/artifact`,
/// `/artifacts`; for `/release/verison`, `/release/version`. The longest prefix the schema has
/// is kept, the first token after it is replaced by the nearest member name there.
pub fn suggest_evidence(pointer: &str) -> Option<String> {
    let schema = &compiled().schema;
    let resolve = |mut node: &'static Value| {
        while let Some(target) = node.get("$ref").and_then(Value::as_str) {
            node = schema.pointer(target.strip_prefix('#')?)?;
        }
        Some(node)
    };
    let tokens = crate::source::pointer_tokens(pointer);
    let mut node = resolve(schema)?;
    let mut prefix = String::new();
    for (i, token) in tokens.iter().enumerate() {
        if node.get("type").and_then(Value::as_str) == Some("array") {
            node = resolve(node.get("items")?)?;
            prefix.push('/');
            prefix.push_str(token);
            continue;
        }
        let properties = node.get("properties").and_then(Value::as_object);
        match properties.and_then(|p| p.get(token)) {
            Some(next) => {
                node = resolve(next)?;
                prefix.push('/');
                prefix.push_str(token);
            }
            None => {
                let (score, best) = properties?
                    .keys()
                    .map(|k| (strsim::jaro_winkler(token, k), k))
                    .max_by(|a, b| a.0.total_cmp(&b.0))?;
                if score < 0.8 {
                    return None;
                }
                let rest: String = tokens[i + 1..].iter().map(|t| format!("/{t}")).collect();
                let suggestion = format!("{prefix}/{best}{rest}");
                return describe_evidence(&suggestion)
                    .is_some()
                    .then_some(suggestion)
                    .or_else(|| Some(format!("{prefix}/{best}")));
            }
        }
    }
    None
}

/// What a time field of the evidence records, as the schema declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeKind {
    /// Something that happened (`#/$defs/timestamp`): it cannot be later than the evaluation.
    Event,
    /// Something planned (`#/$defs/planned_timestamp`): a deployment window, a scheduled review.
    Planned,
    /// A calendar day (`#/$defs/date`).
    Date,
}

/// One step of a path through the evidence: a member name, or any element of an array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Member(String),
    Element,
}

/// Every place the schema puts a time, as a path from the document root, with its kind. Read
/// from the schema once, so a time field added to the schema is checked without further code.
pub fn time_fields() -> &'static [(Vec<Step>, TimeKind)] {
    static FIELDS: OnceLock<Vec<(Vec<Step>, TimeKind)>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let schema = &compiled().schema;
        let mut out = Vec::new();
        collect_times(schema, schema, &mut Vec::new(), &mut out);
        out
    })
}

fn collect_times(
    schema: &Value,
    node: &Value,
    path: &mut Vec<Step>,
    out: &mut Vec<(Vec<Step>, TimeKind)>,
) {
    // The evidence schema nests a handful of levels; this bounds a reference cycle.
    if path.len() > 16 {
        return;
    }
    let mut node = node;
    while let Some(target) = node.get("$ref").and_then(Value::as_str) {
        let kind = match target {
            "#/$defs/timestamp" => Some(TimeKind::Event),
            "#/$defs/planned_timestamp" => Some(TimeKind::Planned),
            "#/$defs/date" => Some(TimeKind::Date),
            _ => None,
        };
        if let Some(kind) = kind {
            out.push((path.clone(), kind));
            return;
        }
        match target.strip_prefix('#').and_then(|p| schema.pointer(p)) {
            Some(next) => node = next,
            None => return,
        }
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for (name, child) in properties {
            path.push(Step::Member(name.clone()));
            collect_times(schema, child, path, out);
            path.pop();
        }
    }
    if let Some(items) = node.get("items").filter(|i| i.is_object()) {
        path.push(Step::Element);
        collect_times(schema, items, path, out);
        path.pop();
    }
}

/// The schema's digest, for report manifests.
pub fn digest() -> FileDigest {
    FileDigest::of(SCHEMA_PATH, SCHEMA_TEXT.as_bytes())
}

/// Every way `document` breaks the schema, in document order of their pointers.
pub fn validate(document: &Value) -> Vec<Violation> {
    let compiled = compiled();
    violations(compiled, &compiled.validator, document)
}

/// Every way one test case breaks the schema; pointers are relative to the case.
pub fn validate_case(case: &Value) -> Vec<Violation> {
    let compiled = compiled();
    violations(compiled, &compiled.case_validator, case)
}

fn violations(
    compiled: &Compiled,
    validator: &jsonschema::Validator,
    document: &Value,
) -> Vec<Violation> {
    // Most documents and cases are valid; telling that is much cheaper than collecting errors.
    if validator.is_valid(document) {
        return Vec::new();
    }
    let mut violations: Vec<Violation> = validator
        .iter_errors(document)
        .map(|err| {
            use jsonschema::error::ValidationErrorKind as Kind;
            let mut pointer = err.instance_path().as_str().to_owned();
            let keyword = err
                .absolute_keyword_location()
                .and_then(|uri| uri.fragment().map(|f| f.as_str().to_owned()))
                .unwrap_or_default();
            let parent = keyword.rsplit_once('/').map_or("", |(p, _)| p);
            let mut message = err.to_string();
            let help = match err.kind() {
                Kind::AdditionalProperties { unexpected } => {
                    // Point at the unexpected member rather than at the object holding it.
                    if let [only] = unexpected.as_slice() {
                        pointer =
                            format!("{pointer}/{}", only.replace('~', "~0").replace('/', "~1"));
                        message = format!("`{only}` is not a field here");
                    }
                    suggest(&compiled.schema, parent, unexpected)
                }
                Kind::Required { property } => property
                    .as_str()
                    .and_then(|name| {
                        describe(&compiled.schema, &format!("{parent}/properties/{name}"))
                    })
                    .map(|d| format!("add `{}`: {d}", property.as_str().unwrap_or_default())),
                Kind::Enum { options } => {
                    let choices: Vec<String> = options
                        .as_array()
                        .map(|o| o.iter().map(Value::to_string).collect())
                        .unwrap_or_default();
                    message = format!("{} is not one of {}", err.instance(), choices.join(", "));
                    describe(&compiled.schema, parent).map(|d| format!("expected: {d}"))
                }
                _ if parent.is_empty() => None,
                _ => describe(&compiled.schema, parent).map(|d| format!("expected: {d}")),
            };
            Violation {
                pointer,
                message,
                help,
            }
        })
        .collect();
    violations.dedup();
    violations
}

/// The description of the subschema at `pointer`, or of the definition it refers to.
fn describe(schema: &Value, pointer: &str) -> Option<String> {
    let node = schema.pointer(pointer)?;
    if let Some(d) = node.get("description").and_then(Value::as_str) {
        return Some(d.to_owned());
    }
    let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
    schema
        .pointer(target)?
        .get("description")?
        .as_str()
        .map(str::to_owned)
}

/// "Did you mean" for a misspelt field: the known field closest to the first unexpected one.
fn suggest(schema: &Value, object_schema: &str, unexpected: &[String]) -> Option<String> {
    let known = schema
        .pointer(&format!("{object_schema}/properties"))?
        .as_object()?;
    let wrong = unexpected.first()?;
    let (best, score) = known
        .keys()
        .map(|k| (k, strsim::jaro_winkler(k, wrong)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    (score > 0.8).then(|| {
        format!("did you mean `{best}`? (see docs/evidence.md for the fields of each section)")
    })
}

/// Schema violations as problems located in the evidence file, in file order.
pub fn problems(violations: &[Violation], file: &SourceFile) -> Vec<Problem> {
    let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
    let spans = locate_pointers(file.text(), &pointers);
    let mut located: Vec<(usize, Problem)> = violations
        .iter()
        .zip(spans)
        .map(|(v, span)| {
            let (offset, len) = span.map_or((0, 0), |s| (s.range.start, s.range.len()));
            let at = if v.pointer.is_empty() {
                "the document"
            } else {
                &v.pointer
            };
            let mut problem = Problem::error(
                "relpolicy::schema::violation",
                format!("evidence does not match the schema at {at}"),
            )
            .in_file(file)
            .label(SourceSpan::from((offset, len)), v.message.clone());
            problem = problem.help(
                v.help
                    .clone()
                    .unwrap_or_else(|| "see docs/evidence.md for the evidence format".to_owned()),
            );
            (offset, problem)
        })
        .collect();
    located.sort_by_key(|(offset, _)| *offset);
    located.into_iter().map(|(_, p)| p).collect()
}

/// Schema violations in a gathered document, located in the files the offending items were
/// gathered from (their `source`), relative to the release folder `root`. A violation with no
/// provenance is located in the gathered document `fallback`.
pub fn problems_in_sources(
    violations: &[Violation],
    locate: impl Fn(&str) -> Option<crate::matrix::Location>,
    root: &Path,
    fallback: &SourceFile,
) -> Vec<Problem> {
    let mut files: BTreeMap<String, Option<SourceFile>> = BTreeMap::new();
    let mut unplaced = Vec::new();
    let mut placed = Vec::new();
    for violation in violations {
        let Some(location) = locate(&violation.pointer) else {
            unplaced.push(violation.clone());
            continue;
        };
        let file = files.entry(location.path.clone()).or_insert_with(|| {
            let path = root.join(&location.path);
            crate::source::read_text(&path, path.display().to_string(), 1024 * crate::limits::MIB)
                .ok()
        });
        let Some(file) = file else {
            unplaced.push(violation.clone());
            continue;
        };
        let problem = Problem::error(
            "relpolicy::schema::violation",
            format!(
                "evidence gathered from {} does not match the schema at {}",
                location.path, violation.pointer
            ),
        )
        .in_file(file)
        .label(
            file.span_to_line_end(location.line, location.column),
            violation.message.clone(),
        )
        .help(
            violation
                .help
                .clone()
                .unwrap_or_else(|| "see docs/evidence.md for the evidence format".to_owned()),
        );
        placed.push(((location.path, location.line), problem));
    }
    placed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut problems: Vec<Problem> = placed.into_iter().map(|(_, p)| p).collect();
    problems.extend(self::problems(&unplaced, fallback));
    problems
}

#[cfg(test)]
mod suggestion_tests {
    use super::suggest_evidence;

    #[test]
    fn misspelt_pointers_get_the_nearest_the_schema_has() {
        assert_eq!(suggest_evidence("/artifact").as_deref(), Some("/artifacts"));
        assert_eq!(
            suggest_evidence("/release/verison").as_deref(),
            Some("/release/version")
        );
        assert_eq!(
            suggest_evidence("/aprovals/0/role").as_deref(),
            Some("/approvals/0/role")
        );
        assert_eq!(suggest_evidence("/zzzzzz"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_looked_up_through_references_and_arrays() {
        assert!(describe_evidence("/approvals").is_some());
        assert!(
            describe_evidence("/release/changes/0/approved_at").is_some(),
            "arrays and $ref are followed"
        );
        assert!(describe_evidence("/release/target_window/start").is_some());
        assert!(describe_evidence("/aprovals").is_none());
        assert!(describe_evidence("/release/nonsense").is_none());
        assert!(
            describe_evidence("/release/impact")
                .unwrap()
                .contains("notification lead time")
        );
    }
    use serde_json::json;

    #[test]
    fn the_shipped_schema_compiles() {
        let _ = compiled();
    }

    #[test]
    fn an_empty_document_needs_only_a_version() {
        assert_eq!(validate(&json!({"schema_version": "1.0"})), []);
        let v = validate(&json!({}));
        assert_eq!(v.len(), 1);
        assert!(v[0].message.contains("schema_version"), "{v:?}");
        assert_eq!(v[0].section(), None);
        // The help describes the missing property, not the whole document.
        assert!(
            v[0].help
                .as_deref()
                .unwrap_or("")
                .starts_with("add `schema_version`: The evidence schema version"),
            "{v:?}"
        );
    }

    #[test]
    fn formats_are_enforced() {
        let doc = json!({"schema_version": "1.0", "approvals": [
            {"scope": "release", "decision": "approved", "approver": {"id": "a"}, "timestamp": "yesterday"}
        ]});
        let v = validate(&doc);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].pointer, "/approvals/0/timestamp");
        assert_eq!(v[0].section(), Some("approvals"));
        assert!(
            v[0].help.as_deref().unwrap_or("").contains("RFC 3339"),
            "{v:?}"
        );
    }

    #[test]
    fn unexpected_members_are_pointed_at_with_a_suggestion() {
        let v = validate(&json!({"schema_version": "1.0", "aprovals": []}));
        assert_eq!(v[0].pointer, "/aprovals");
        assert_eq!(v[0].message, "`aprovals` is not a field here");
        assert!(
            v[0].help
                .as_deref()
                .unwrap_or("")
                .starts_with("did you mean `approvals`?"),
            "{v:?}"
        );
        let v = validate(&json!({"schema_version": "1.0", "xyzzy": []}));
        assert_eq!(v[0].help, None);
    }

    #[test]
    fn enum_errors_list_every_choice() {
        let v = validate(&json!({"schema_version": "1.0", "release": {"type": "hotfix"}}));
        assert_eq!(
            v[0].message,
            r#""hotfix" is not one of "major", "minor", "patch", "emergency""#
        );
    }

    #[test]
    fn problems_are_located_and_ordered_by_position() {
        let text = "{\n  \"schema_version\": \"1.0\",\n  \"release\": {\"type\": \"huge\"},\n  \"approvals\": [{\"scope\": \"release\"}]\n}";
        let evidence =
            crate::evidence::Evidence::parse("e.json", text.as_bytes().to_vec()).unwrap();
        let problems = problems(&validate(&evidence.document), &evidence.file);
        let lines: Vec<_> = problems.iter().map(|p| p.location().unwrap().1).collect();
        assert_eq!(lines, [3, 4, 4], "{problems:?}");
    }
}
