//! Reports: every format renders the same matrix, manifest and diagnostics.
//!
//! Formats are a closed set, so they are an enum and a `match` (a missing
//! renderer is a compile error), each in its own file as a pure function
//! writing to any `io::Write`.

pub mod archived;
mod codequality;
mod csv;
mod github;
mod html;
mod json;
mod junit;
mod markdown;
mod oscal;
mod sarif;
pub mod snippet;
mod table;

pub(crate) use csv::inert as csv_inert;
pub(crate) use html::esc as html_escape;
pub(crate) use markdown::{cell as markdown_cell, icon as markdown_icon};
pub(crate) use table::write_findings;

use std::io;

use crate::diagnostics::Problem;
use crate::manifest::Manifest;
use crate::matrix::{Exit, Matrix};

pub use json::{REPORT_VERSION, render_line as render_json_line};
pub use oscal::OSCAL_VERSION;

/// An output format for `relpolicy check`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for terminals and CI logs, with every finding listed after it.
    Table,
    /// The versioned JSON report (docs/output-formats.md; schemas/report.schema.json).
    Json,
    /// Markdown for a CI step summary or a merge-request comment.
    Markdown,
    /// JUnit XML: one test case per requirement, for CI test dashboards.
    Junit,
    /// SARIF 2.1.0: a rule and a result per requirement (pass, fail, notApplicable, ...),
    /// located in the evidence.
    Sarif,
    /// CSV for spreadsheets: one row per requirement.
    Csv,
    /// One self-contained HTML page for auditors: counts, the matrix, a status filter, details.
    Html,
    /// GitHub Actions workflow commands: an annotation per finding on its file and line.
    Github,
    /// GitLab's Code Quality report: an issue per finding, for merge request widgets.
    Codequality,
    /// An in-toto Statement with SLSA's Verification Summary Attestation: the verdict bound to
    /// the release's artifacts; signed in a DSSE envelope with --sign-key.
    Vsa,
    /// OSCAL 1.1.2 assessment results (JSON): a finding per requirement, an observation per
    /// piece of evidence.
    Oscal,
}

impl Format {
    /// The name used on the command line and in `--report FORMAT=FILE`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Json => "json",
            Self::Markdown => "markdown",
            Self::Junit => "junit",
            Self::Sarif => "sarif",
            Self::Csv => "csv",
            Self::Html => "html",
            Self::Github => "github",
            Self::Codequality => "codequality",
            Self::Vsa => "vsa",
            Self::Oscal => "oscal",
        }
    }
}

/// Everything a report shows.
#[derive(Clone, Copy)]
pub struct Report<'a> {
    pub matrix: &'a Matrix,
    pub manifest: &'a Manifest,
    /// Problems with relpolicy's inputs (not verdicts), errors and warnings.
    pub diagnostics: &'a [Problem],
    pub exit: Exit,
    /// Findings drawn on the evidence they point at (the table shows them under each failure).
    pub snippets: &'a [snippet::Snippet],
    /// Colour for a terminal; never in files, pipes or under `NO_COLOR`.
    pub color: bool,
    /// What the report's paths are relative to, and where they are shown from.
    pub paths: &'a crate::paths::Paths,
    /// The width the table fits (a terminal's, or COLUMNS); `None`: as wide as its text.
    pub width: Option<usize>,
    /// The table also shows what each verdict rests on, passes included.
    pub verbose: bool,
    /// The release's artifacts (sha256 digests): the subjects of a VSA.
    pub subjects: &'a [crate::attest::Resource],
    /// The key a VSA is signed with, if any.
    pub signer: Option<&'a crate::attest::Signer>,
    /// Attestations written in this run (path relative to the base, digest): the JSON report
    /// and SARIF name them so that the three can be matched.
    pub attestations: &'a [crate::manifest::FileDigest],
}

/// The width of the terminal standard output is, or COLUMNS when set (as shells export it and
/// tests set it); `None` for a pipe or file without COLUMNS.
pub fn terminal_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
    {
        return Some(columns);
    }
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

/// Write `report` in `format` to `out`.
pub fn render(format: Format, report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    match format {
        Format::Table => table::render(report, out),
        Format::Json => json::render(report, out),
        Format::Markdown => markdown::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Csv => csv::render(report, out),
        Format::Html => html::render(report, out),
        Format::Github => github::render(report, out),
        Format::Codequality => codequality::render(report, out),
        Format::Vsa => out.write_all(&crate::attest::render(&vsa(report), report.signer)),
        Format::Oscal => oscal::render(report, out),
    }
}

/// The VSA statement of a report.
pub fn vsa(report: &Report<'_>) -> crate::attest::Statement {
    crate::attest::statement(
        report.matrix,
        report.manifest,
        report.exit == Exit::Pass,
        &report.paths.base,
        report.subjects.to_vec(),
    )
}

/// "release REL-2026-03-015 (payments-api 2.4.0, minor)", or "release (unidentified)".
pub(crate) fn release_label(r: &crate::matrix::ReleaseInfo) -> String {
    match (&r.id, &r.name, &r.version, &r.release_type) {
        (None, None, None, None) => "release (unidentified)".to_owned(),
        _ => {
            let field = |f: &Option<String>| f.clone().unwrap_or_else(|| "?".to_owned());
            format!(
                "release {} ({} {}, {})",
                field(&r.id),
                field(&r.name),
                field(&r.version),
                field(&r.release_type)
            )
        }
    }
}

/// What the exit status means for the release.
pub(crate) fn verdict_label(exit: Exit) -> &'static str {
    match exit {
        Exit::Pass => "release may proceed",
        Exit::Violations => "release blocked",
        Exit::Error => "evaluation incomplete, release blocked",
    }
}

/// Write a file so that readers see either the old content or the whole new one: write a
/// temporary file beside it, then rename it into place.
pub fn write_atomically(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    write(file.writer())?;
    file.commit()
}

/// A file being replaced atomically: written to a temporary file beside it, which
/// [`AtomicFile::commit`] renames into place. Dropped uncommitted, the temporary file is
/// removed and the old content stays. Reports written as they stream (`audit --format jsonl`)
/// use it directly.
pub struct AtomicFile {
    path: std::path::PathBuf,
    temp: std::path::PathBuf,
    out: Option<io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Start replacing `path`: refused when it is a link, a directory or a device.
    pub fn create(path: &std::path::Path) -> io::Result<Self> {
        // Replacing a symbolic link would write where the link points from then on, and
        // replacing a device or a FIFO with a regular file breaks whatever uses it (`/dev/null`).
        match std::fs::symlink_metadata(path) {
            Ok(existing) if !existing.file_type().is_file() => {
                let what = if existing.file_type().is_symlink() {
                    "a symbolic link"
                } else if existing.is_dir() {
                    "a directory"
                } else {
                    "not a regular file"
                };
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "{} is {what}; reports replace only regular files (use `-` for standard output)",
                        path.display()
                    ),
                ));
            }
            // Output never replaces a file this run read as input: a report written over its
            // own evidence would destroy what it is the record of.
            Ok(existing) if crate::source::was_read(&existing) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "{} is an input of this run (evidence, a manifest, a policy or a waivers file); output never replaces its own input, so write it to another path",
                        path.display()
                    ),
                ));
            }
            _ => {}
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let name = path.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "the output path names no file")
        })?;
        let temp = dir.join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        // `create_new` refuses a file (or a link) already at the temporary name.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        Ok(Self {
            path: path.to_path_buf(),
            temp,
            out: Some(io::BufWriter::new(file)),
        })
    }

    /// Where to write the new content.
    pub fn writer(&mut self) -> &mut dyn io::Write {
        match &mut self.out {
            Some(out) => out,
            None => unreachable!("an AtomicFile is written only before it is committed"),
        }
    }

    /// Flush, sync and rename the new content into place.
    pub fn commit(mut self) -> io::Result<()> {
        let Some(out) = self.out.take() else {
            return Ok(());
        };
        let result = (|| {
            let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
            file.sync_all()?;
            std::fs::rename(&self.temp, &self.path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&self.temp);
        }
        result
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// A path as a URI reference: separators kept, everything outside the unreserved characters
/// percent-encoded.
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
