//! Files that diagnostics point into, and the span helpers every stage shares.
//!
//! A [`SourceFile`] is a cheaply clonable, named text that implements
//! [`miette::SourceCode`], so any error can label bytes in it. Stages convert
//! their own location formats here: serde_json's line/column, YAML locations,
//! and JSON pointers into an evidence document ([`locate_pointers`]).

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use miette::{MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A named text that diagnostics can point into. Clones share the text.
#[derive(Clone)]
pub struct SourceFile(Arc<Inner>);

struct Inner {
    name: String,
    text: String,
    line_starts: OnceLock<Vec<usize>>,
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// Wrap `text`, shown to users as `name` (a path as the user typed it, or `<stdin>`).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self(Arc::new(Inner {
            name: name.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }))
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    pub fn text(&self) -> &str {
        &self.0.text
    }

    fn line_starts(&self) -> &[usize] {
        self.0.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text().match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_char_boundary(offset.min(self.text().len()));
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        LineCol {
            line,
            column: self.text()[start..offset].chars().count() + 1,
        }
    }

    /// The byte offset of a 1-based line and a 1-based column counted in bytes
    /// (serde_json's convention), clamped to the line. Column 0 is serde_json's
    /// way of naming the line break that ends the previous line.
    pub fn offset_of_byte_column(&self, line: usize, column: usize) -> usize {
        if column == 0 && line > 1 {
            return self.line_range(line - 1).end;
        }
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return self.text().len();
        };
        let end = starts.get(line).map_or(self.text().len(), |&next| next - 1);
        self.floor_char_boundary((start + column.saturating_sub(1)).min(end))
    }

    /// The byte range of a whole 1-based line, without its line break.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return self.text().len()..self.text().len();
        };
        let end = starts.get(line).map_or(self.text().len(), |&next| next - 1);
        start..end
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text().is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("name", &self.name())
            .field("len", &self.text().len())
            .finish()
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let contents = self
            .text()
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name().to_owned(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// Where a JSON pointer landed in a JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointerSpan {
    /// The byte range of the value (or, for an object member, of `"name": value`).
    pub range: Range<usize>,
    /// True when the pointer itself is absent and `range` is its nearest existing ancestor.
    pub ancestor: bool,
}

/// Resolve JSON pointers (RFC 6901) to byte ranges in `text`, parsing it once.
///
/// Returns `None` for every pointer when the text is not JSON (the caller has
/// already reported that). A pointer that does not exist resolves to its
/// nearest existing ancestor, flagged as such, so a message about a missing
/// member still points at the object that lacks it.
pub fn locate_pointers(text: &str, pointers: &[&str]) -> Vec<Option<PointerSpan>> {
    use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        ..ParseOptions::default()
    };
    let Ok(parsed) = parse_to_ast(text, &CollectOptions::default(), &strict) else {
        return vec![None; pointers.len()];
    };
    let Some(root) = parsed.value else {
        return vec![None; pointers.len()];
    };
    pointers.iter().map(|p| locate(&root, p)).collect()
}

fn locate(root: &jsonc_parser::ast::Value<'_>, pointer: &str) -> Option<PointerSpan> {
    use jsonc_parser::ast::Value;
    if !(pointer.is_empty() || pointer.starts_with('/')) {
        return None;
    }
    let mut node = root;
    let mut range = range_of(root);
    for raw in pointer.split('/').skip(1) {
        let token = raw.replace("~1", "/").replace("~0", "~");
        let next = match node {
            Value::Object(obj) => obj
                .properties
                .iter()
                .find(|p| p.name.as_str() == token)
                .map(|p| (&p.value, p.range.start..p.range.end)),
            Value::Array(arr) => token
                .parse::<usize>()
                .ok()
                .and_then(|i| arr.elements.get(i))
                .map(|v| (v, range_of(v))),
            _ => None,
        };
        match next {
            Some((value, r)) => {
                node = value;
                range = r;
            }
            None => {
                return Some(PointerSpan {
                    range,
                    ancestor: true,
                });
            }
        }
    }
    Some(PointerSpan {
        range,
        ancestor: false,
    })
}

fn range_of(value: &jsonc_parser::ast::Value<'_>) -> Range<usize> {
    use jsonc_parser::common::Ranged;
    let r = value.range();
    r.start..r.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_counts_characters() {
        let f = SourceFile::new("x", "ab\ncé d\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // "cé " is 4 bytes but 3 characters.
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 4 });
        assert_eq!(f.line_col(999), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn byte_columns_clamp_to_their_line() {
        let f = SourceFile::new("x", "abc\ndef");
        assert_eq!(f.offset_of_byte_column(2, 2), 5);
        assert_eq!(f.offset_of_byte_column(1, 99), 3);
        assert_eq!(f.offset_of_byte_column(9, 1), 7);
        assert_eq!(f.offset_of_byte_column(2, 0), 3);
    }

    #[test]
    fn pointers_resolve_to_members_elements_and_nearest_ancestors() {
        let text = "{\n  \"a\": [1, {\"b/c\": true}],\n  \"d\": null\n}";
        let got = locate_pointers(text, &["", "/a/1/b~1c", "/d", "/a/7", "/zz/y"]);
        let slice = |i: usize| {
            got[i]
                .as_ref()
                .map(|s| (&text[s.range.clone()], s.ancestor))
        };
        assert_eq!(slice(0), Some((text, false)));
        assert_eq!(slice(1), Some(("\"b/c\": true", false)));
        assert_eq!(slice(2), Some(("\"d\": null", false)));
        assert_eq!(slice(3), Some(("\"a\": [1, {\"b/c\": true}]", true)));
        assert_eq!(slice(4), Some((text, true)));
    }

    #[test]
    fn pointers_into_invalid_json_resolve_to_nothing() {
        assert_eq!(locate_pointers("{", &["/a"]), vec![None]);
    }
}
