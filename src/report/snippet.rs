//! Findings drawn on their evidence: for each message of a requirement that did not pass, the
//! line of the file it points at, underlined, with the requirement ID as the code and the
//! remediation as help, as miette draws compiler-style diagnostics. The file is the evidence
//! document itself, or for a gathered release folder the file the item was read from.

use std::collections::BTreeMap;
use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use crate::evidence::Prepared;
use crate::matrix::{Matrix, MessageKind, Status};
use crate::source::SourceFile;

/// One finding at one place in the evidence.
#[derive(Clone, Debug)]
pub struct Snippet {
    pub requirement: String,
    pub message: String,
    pub warning: bool,
    pub file: SourceFile,
    pub span: SourceSpan,
    pub label: String,
    /// How to fix the failure (the requirement's remediation).
    pub help: Option<String>,
    /// The parameters that decided the finding, and where to change them.
    pub params: Option<String>,
    /// Where it is: drawn once per place, however many findings point there.
    pub place: crate::matrix::Location,
    /// For a place on a line too long to draw (a one-line XML report), the part of the line
    /// around it, with the column marked: shown instead of the drawing.
    pub excerpt: Option<(String, usize)>,
}

/// Lines longer than this are not drawn whole: only about 100 characters around the place.
pub const LONG_LINE: usize = 240;
const EXCERPT: usize = 100;

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Snippet {}

impl Diagnostic for Snippet {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.requirement))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(if self.warning {
            miette::Severity::Warning
        } else {
            miette::Severity::Error
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let text = match (&self.help, &self.params) {
            (Some(h), Some(p)) => format!("{h}\n{p}"),
            (Some(t), None) | (None, Some(t)) => t.clone(),
            (None, None) => return None,
        };
        Some(Box::new(text))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.file)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            self.span,
        ))))
    }
}

/// How many findings of one requirement the table draws on their evidence; the others are listed.
pub const DRAWN_PER_ROW: usize = 10;

/// The snippets of every requirement that did not pass, in matrix order, at most
/// [`DRAWN_PER_ROW`] each. A place whose file cannot be read (a gathered file since moved) is
/// left out; the table still names it.
pub fn collect(matrix: &Matrix, prepared: &Prepared, paths: &crate::paths::Paths) -> Vec<Snippet> {
    let mut files: BTreeMap<String, Option<SourceFile>> = BTreeMap::new();
    let mut out = Vec::new();
    for row in &matrix.rows {
        if matches!(
            row.status,
            Status::Pass | Status::NotApplicable | Status::Waived
        ) {
            continue;
        }
        let first = out.len();
        for message in &row.messages {
            // Explanations, and findings a waiver covers, are listed, not drawn.
            if message.kind == MessageKind::Info || message.waived_by.is_some() {
                continue;
            }
            if out.len() - first >= DRAWN_PER_ROW {
                break;
            }
            let warning = message.kind == MessageKind::Warn;
            for evidence in &message.evidence {
                let Some(location) = &evidence.location else {
                    continue;
                };
                let file = files.entry(location.path.clone()).or_insert_with(|| {
                    if location.path == prepared.document_path {
                        return Some(prepared.file.clone());
                    }
                    let path = prepared.base.join(&location.path);
                    let shown = paths.show(&location.path);
                    crate::source::read_text(&path, shown, crate::limits::MIB * 1024).ok()
                });
                let Some(file) = file else { continue };
                let excerpt = long_line(file, location.line, location.column.unwrap_or(1));
                out.push(Snippet {
                    place: location.clone(),
                    excerpt,
                    requirement: row.id.clone(),
                    message: message.text.clone(),
                    warning,
                    file: file.clone(),
                    span: file.span_to_line_end(location.line, location.column),
                    label: evidence.pointer.clone(),
                    help: if warning {
                        None
                    } else {
                        row.remediation.clone()
                    },
                    params: params_help(message),
                });
            }
        }
    }
    out
}

/// When line `line` (or a line beside it, which a drawing shows too) is longer than
/// [`LONG_LINE`]: about [`EXCERPT`] characters of it around `column`, cut with `…`, and the
/// column of the place within that excerpt.
fn long_line(file: &SourceFile, line: usize, column: usize) -> Option<(String, usize)> {
    let lines: Vec<&str> = file
        .text()
        .lines()
        .skip(line.saturating_sub(2))
        .take(3)
        .collect();
    if lines.iter().all(|l| l.chars().count() <= LONG_LINE) {
        return None;
    }
    let text = file
        .text()
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("");
    let chars: Vec<char> = text.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(EXCERPT / 4);
    let end = (start + EXCERPT).min(chars.len());
    let mut excerpt = String::new();
    if start > 0 {
        excerpt.push('…');
    }
    excerpt.extend(&chars[start..end]);
    if end < chars.len() {
        excerpt.push('…');
    }
    Some((excerpt, at - start + usize::from(start > 0)))
}

/// Which parameters decided a finding, and where to change them.
pub(crate) fn params_help(message: &crate::matrix::Message) -> Option<String> {
    (!message.params.is_empty()).then(|| {
        format!(
            "decided by parameter {}: set it in your params file (--params) if your process differs",
            message
                .params
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// Draw snippets as miette does: with colour on a terminal, plain otherwise (and in tests).
pub fn render(snippets: &[&Snippet], color: bool, width: usize, out: &mut String) {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_break_words(false);
    for snippet in snippets {
        // Writing into a String cannot fail.
        let _ = handler.render_report(out, *snippet);
    }
}
