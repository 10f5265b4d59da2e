//! The evidence document: reading it, and the aggregates relpolicy computes from it.
//!
//! An evidence document is one JSON file (hand-written, or written by
//! `relpolicy gather`). It is read once, checked by `schema`, and then
//! [`derive()`]d: relpolicy recomputes every aggregate a policy reads (test
//! counts per category and outcome, cost totals per period) from the items
//! themselves, so policies read small summaries instead of scanning thousands
//! of test cases, and a summary written into the document cannot lie.

pub mod cases;
mod derive;
mod prepared;
pub mod test_case;
pub mod timeline;

pub use derive::{LISTED_CASES, SUMMARISED, derive, summarise, summarise_with};
pub use prepared::{Context, Prepared};

use miette::SourceSpan;
use serde_json::Value;

use crate::diagnostics::Problem;
use crate::manifest::sha256_hex;
use crate::source::SourceFile;

/// An evidence document as read from disk, before anything is derived from it.
#[derive(Clone, Debug)]
pub struct Evidence {
    pub file: SourceFile,
    pub sha256: String,
    pub document: Value,
}

impl Evidence {
    /// Parse evidence bytes read from `name` (a path, or `<stdin>`).
    pub fn parse(name: &str, bytes: Vec<u8>) -> Result<Self, Problem> {
        let (file, sha256) = Self::decode(name, bytes)?;
        Self::from_text(file, sha256)
    }

    /// Digest evidence bytes and decode them as text: the first half of [`Evidence::parse`].
    pub fn decode(name: &str, bytes: Vec<u8>) -> Result<(SourceFile, String), Problem> {
        let sha256 = sha256_hex(&bytes);
        let file = SourceFile::decode(name, bytes).map_err(|e| {
            Problem::error("relpolicy::evidence::encoding", format!("{name} is {e}"))
                .help("evidence documents are JSON in UTF-8 (or UTF-16 that starts with its byte order mark); save the document as UTF-8")
        })?;
        Ok((file, sha256))
    }

    /// Parse decoded evidence as JSON: the second half of [`Evidence::parse`].
    pub fn from_text(file: SourceFile, sha256: String) -> Result<Self, Problem> {
        let document =
            crate::json::parse(file.text()).map_err(|e| Self::invalid_json(&file, &e))?;
        Ok(Self {
            file,
            sha256,
            document,
        })
    }

    /// The problem of a document that is not valid JSON, at the position of the error.
    pub fn invalid_json(file: &SourceFile, e: &serde_json::Error) -> Problem {
        let offset = file.offset_of_byte_column(e.line(), e.column());
        Problem::error(
            "relpolicy::evidence::invalid_json",
            format!("{} is not valid JSON", file.name()),
        )
        .in_file(file)
        .label(SourceSpan::from((offset, 0)), crate::json::message_without_position(e))
        .help("fix the JSON syntax at the marked position; `relpolicy validate` checks a document without evaluating it")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_json_and_digests_the_bytes() {
        let e =
            Evidence::parse("e.json", b"{\"release\": {\"type\": \"minor\"}}".to_vec()).unwrap();
        assert_eq!(
            e.document.pointer("/release/type"),
            Some(&serde_json::json!("minor"))
        );
        assert_eq!(e.sha256.len(), 64);
    }

    #[test]
    fn invalid_json_is_located() {
        let problem =
            Evidence::parse("e.json", b"{\n  \"a\": 1,\n  \"b\": tru\n}".to_vec()).unwrap_err();
        assert_eq!(problem.code(), "relpolicy::evidence::invalid_json");
        assert_eq!(problem.location(), Some(("e.json".into(), 3)));
    }

    #[test]
    fn binary_input_is_refused_without_panicking() {
        let problem = Evidence::parse("e.json", vec![0xff, 0xfe, b'{']).unwrap_err();
        assert_eq!(problem.code(), "relpolicy::evidence::encoding");
    }
}
