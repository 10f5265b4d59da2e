//! Problems relpolicy reports about its inputs, and how they are rendered.
//!
//! Every stage reports trouble as [`Problem`]s: a stable code
//! (`relpolicy::<stage>::<name>`, each documented in `docs/diagnostics.md`),
//! a message, optionally a labelled span in a [`SourceFile`], and help text
//! that says how to fix it. Stages accumulate problems and return them all
//! at once rather than stopping at the first one, so a user fixes everything
//! in one pass. Findings about the release itself are not problems: they are
//! verdicts in the matrix.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use crate::source::SourceFile;

/// How serious a problem is. Errors make relpolicy exit with 2; warnings and notes do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, nothing wrong: a choice the user made had a consequence.
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }
}

/// One thing wrong with relpolicy's input, located where possible.
#[derive(Clone, Debug)]
pub struct Problem {
    code: &'static str,
    message: String,
    severity: Severity,
    source: Option<SourceFile>,
    labels: Vec<(SourceSpan, String)>,
    help: Option<String>,
}

impl Problem {
    /// An error with a code from `docs/diagnostics.md` and a one-line message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            severity: Severity::Error,
            source: None,
            labels: Vec::new(),
            help: None,
        }
    }

    /// A warning: reported, but it does not change the exit code.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    /// A note: something the user chose had a consequence worth knowing.
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Note,
            ..Self::error(code, message)
        }
    }

    /// Attach the file the labels point into.
    pub fn in_file(mut self, source: &SourceFile) -> Self {
        self.source = Some(source.clone());
        self
    }

    /// Underline `span` (bytes in the attached file) with `text`.
    pub fn label(mut self, span: impl Into<SourceSpan>, text: impl Into<String>) -> Self {
        self.labels.push((span.into(), text.into()));
        self
    }

    /// Say how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn severity(&self) -> Severity {
        self.severity
    }

    pub fn help_text(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The attached file's name and the 1-based line of the first label, if any.
    pub fn location(&self) -> Option<(String, usize)> {
        let source = self.source.as_ref()?;
        let line = self
            .labels
            .first()
            .map_or(1, |(span, _)| source.line_col(span.offset()).line);
        Some((source.name().to_owned(), line))
    }
}

/// Messages, help and labels quote evidence, so they are displayed through
/// [`crate::source::printable`]: no escape sequence in a value reaches the terminal.
/// [`Problem::message`] keeps the exact text for the JSON report.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::source::printable(&self.message))
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(crate::source::printable(h)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.is_none() || self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().map(|(span, text)| {
            LabeledSpan::new_with_span(Some(crate::source::printable(text).into_owned()), *span)
        })))
    }
}

/// True when any problem is an error (rather than a warning).
pub fn any_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

/// Render problems as miette draws them, without colour and at a fixed width:
/// the form used by tests and by `NO_COLOR` terminals.
pub fn render_plain(problems: &[Problem]) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_break_words(false);
    let mut out = String::new();
    for problem in problems {
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, problem);
    }
    out
}

/// A YAML error's message without serde-saphyr's " at line L, column C" suffix:
/// the label carries the location.
pub(crate) fn yaml_message(err: &serde_saphyr::Error) -> String {
    let text = err.without_snippet().to_string();
    let text = match text.rfind(" at line ") {
        Some(i) if text[i..].contains(", column ") => text[..i].to_owned(),
        _ => text,
    };
    match did_you_mean(&text) {
        Some(name) => format!("{text} (did you mean `{name}`?)"),
        None => text,
    }
}

/// For serde's "unknown field `aprovals`, expected one of `a`, `b`" (or "unknown variant"),
/// the expected name closest to the unknown one, if one is close.
pub(crate) fn did_you_mean(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (unknown, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected ")?.1;
    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
    expected
        .split(", ")
        .map(|name| name.trim().trim_matches('`'))
        .filter(|name| !name.is_empty())
        .map(|name| (strsim::jaro_winkler(unknown, name), name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name.to_owned())
}

/// The byte offset and length a YAML location covers in the text that was parsed.
pub(crate) fn yaml_range(location: &serde_saphyr::Location) -> (usize, usize) {
    let span = location.span();
    let offset = span
        .byte_offset()
        .and_then(|o| usize::try_from(o).ok())
        .unwrap_or(0);
    let len = span
        .byte_len()
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(0);
    (offset, len)
}

/// A YAML error's message and the span it points at in `source`, the text that was parsed.
pub(crate) fn yaml_error(err: &serde_saphyr::Error, source: &SourceFile) -> (String, SourceSpan) {
    let (offset, _) = err.location().as_ref().map_or((0, 0), yaml_range);
    (
        yaml_message(err),
        SourceSpan::from((offset.min(source.text().len()), 0)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_code_message_label_and_help() {
        let src = SourceFile::new("catalog.yaml", "requirements:\n  - id: nope\n");
        let problem = Problem::error(
            "relpolicy::catalog::bad_id",
            "`nope` is not a requirement ID",
        )
        .in_file(&src)
        .label((22, 4), "here")
        .help("use PREFIX-NUMBER, e.g. REQ-24");
        let text = render_plain(std::slice::from_ref(&problem));
        assert!(text.contains("relpolicy::catalog::bad_id"), "{text}");
        assert!(text.contains("catalog.yaml:2:9"), "{text}");
        assert!(text.contains("use PREFIX-NUMBER"), "{text}");
        assert_eq!(problem.location(), Some(("catalog.yaml".into(), 2)));
    }

    #[test]
    fn unknown_names_get_the_closest_expected_one() {
        assert_eq!(
            did_you_mean(
                "unknown field `relese`, expected one of manifest_version, release, timezone"
            )
            .as_deref(),
            Some("release")
        );
        assert_eq!(
            did_you_mean("unknown field `aprovals`, expected one of `approvals`, `artifacts`")
                .as_deref(),
            Some("approvals")
        );
        assert_eq!(
            did_you_mean("unknown field `zzz`, expected one of `approvals`"),
            None
        );
        assert_eq!(did_you_mean("invalid type: string"), None);
    }

    #[test]
    fn yaml_errors_lose_their_location_suffix_but_keep_the_span() {
        let src = SourceFile::new("x.yaml", "a: 1\na: 2\n");
        let err = serde_saphyr::from_str::<std::collections::BTreeMap<String, u8>>(src.text())
            .unwrap_err();
        let (message, span) = yaml_error(&err, &src);
        assert!(message.starts_with("duplicate mapping key: a"), "{message}");
        assert!(!message.contains("at line"), "{message}");
        assert_eq!(src.line_col(span.offset()).line, 2);
    }
}
