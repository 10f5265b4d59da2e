//! The evidence as evaluated: read, checked against the schema and the limits,
//! derived, and converted into the policy engine's values.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{Evidence, SUMMARISED, derive};
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
    /// The document with relpolicy's derived summaries and timeline: what policies see as
    /// `input`.
    pub document: Value,
    pub input: Input,
    /// The schema's verdict on the document as read, and lists over the item limit.
    pub violations: Vec<Violation>,
    /// Sections that could not be gathered completely (a file in them failed to read or parse).
    pub unreadable: Vec<Violation>,
    /// The release folder the document was gathered from, if it was: provenance paths are
    /// relative to it.
    pub root: Option<std::path::PathBuf>,
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

    /// Read evidence bytes all the way to a prepared document. Like [`Prepared::new`], but the
    /// conversion starts as soon as the bytes are decoded, alongside the JSON parse.
    pub fn from_bytes(
        name: &str,
        bytes: Vec<u8>,
        context: &Context,
    ) -> Result<(Self, Vec<Problem>), Problem> {
        let (file, sha256) = Evidence::decode(name, bytes)?;
        let text = file.clone();
        std::thread::scope(|scope| {
            let converting = scope.spawn(|| Input::from_json_text(text.text()));
            let evidence = Evidence::from_text(file, sha256)?;
            Ok(Self::finish(evidence, converting, context))
        })
    }

    fn finish(
        mut evidence: Evidence,
        converting: std::thread::ScopedJoinHandle<'_, Option<Input>>,
        context: &Context,
    ) -> (Self, Vec<Problem>) {
        let document = std::mem::take(&mut evidence.document);
        let mut violations = schema::validate(&document);
        violations.extend(oversized(&document, context.limits.items));
        let (document, warnings) = derive(document, context.as_of);
        let converted = converting
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let input = match converted {
            Some(mut input) => {
                for pointer in SUMMARISED {
                    if let Some(summary) = document.pointer(pointer).and_then(|s| s.get("summary"))
                    {
                        input.set(pointer, "summary", summary.clone());
                    }
                }
                if let Some(timeline) = document.get("timeline") {
                    input.set("", "timeline", timeline.clone());
                }
                input
            }
            // The text was parsed once already; this is only a safety net.
            None => Input::new(document.clone()),
        };
        let prepared = Self {
            file: evidence.file,
            sha256: evidence.sha256,
            document,
            input,
            violations,
            unreadable: Vec::new(),
            root: None,
        };
        (prepared, warnings)
    }

    /// The schema violations as problems: located in the files items were gathered from when
    /// the document was gathered, else in the evidence file.
    pub fn schema_problems(&self) -> Vec<Problem> {
        match &self.root {
            Some(root) => {
                schema::problems_in_sources(&self.violations, &self.document, root, &self.file)
            }
            None => schema::problems(&self.violations, &self.file),
        }
    }

    /// True when `pointer` names a value in the document (a JSON `null` counts as absent).
    pub fn has(&self, pointer: &str) -> bool {
        self.document.pointer(pointer).is_some_and(|v| !v.is_null())
    }
}

/// Every list of the document longer than `limit`, as a violation at the list.
fn oversized(document: &Value, limit: usize) -> Vec<Violation> {
    fn visit(node: &Value, pointer: &mut String, limit: usize, out: &mut Vec<Violation>) {
        let len = pointer.len();
        match node {
            Value::Array(items) => {
                if items.len() > limit {
                    out.push(Violation {
                        pointer: pointer.clone(),
                        message: format!(
                            "holds {} items, over the limit of {limit}",
                            items.len()
                        ),
                        help: Some(
                            "raise the limit with --max-items if this really is one release's evidence (docs/limits.md)"
                                .to_owned(),
                        ),
                    });
                }
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
