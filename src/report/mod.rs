//! Reports: every format renders the same matrix, manifest and diagnostics.
//!
//! Formats are a closed set, so they are an enum and a `match` (a missing
//! renderer is a compile error), each in its own file as a pure function
//! writing to any `io::Write`.

mod json;
mod table;

pub(crate) use table::write_findings;

use std::io;

use crate::diagnostics::Problem;
use crate::manifest::Manifest;
use crate::matrix::{Exit, Matrix};

pub use json::REPORT_VERSION;

/// An output format for `relpolicy check`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for terminals and CI logs, with every finding listed after it.
    Table,
    /// The versioned JSON report (docs/output-formats.md).
    Json,
}

/// Everything a report shows.
pub struct Report<'a> {
    pub matrix: &'a Matrix,
    pub manifest: &'a Manifest,
    /// Problems with relpolicy's inputs (not verdicts), errors and warnings.
    pub diagnostics: &'a [Problem],
    pub exit: Exit,
}

/// Write `report` in `format` to `out`.
pub fn render(format: Format, report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    match format {
        Format::Table => table::render(report, out),
        Format::Json => json::render(report, out),
    }
}

/// Write a file so that readers see either the old content or the whole new one: write a
/// temporary file beside it, then rename it into place.
pub fn write_atomically(
    path: &std::path::Path,
    write: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
) -> io::Result<()> {
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
    let result = (|| {
        let file = std::fs::File::create(&temp)?;
        let mut out = io::BufWriter::new(file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
