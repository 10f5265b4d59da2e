//! The table: one line per requirement for a terminal or CI log, then every
//! finding in full with the evidence position it points at.

use std::io;

use super::Report;
use crate::diagnostics::Severity;
use crate::matrix::{MessageKind, Row, Status};

const TITLE_WIDTH: usize = 52;
const REASON_WIDTH: usize = 72;

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let matrix = report.matrix;
    let release = super::release_label(&matrix.release);
    let profile = matrix
        .profile
        .as_ref()
        .map_or_else(String::new, |p| format!(" · profile {p}"));
    writeln!(
        out,
        "relpolicy {} · {release} · phase {}{profile}",
        env!("CARGO_PKG_VERSION"),
        matrix.phase
    )?;
    writeln!(out)?;

    let id_width = matrix
        .rows
        .iter()
        .map(|row| row.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let status_width = matrix
        .rows
        .iter()
        .map(|row| row.status.as_str().len())
        .max()
        .unwrap_or(6)
        .max(6);
    let title_width = matrix
        .rows
        .iter()
        .map(|row| row.title.chars().count().min(TITLE_WIDTH))
        .max()
        .unwrap_or(5)
        .max(5);
    writeln!(
        out,
        "{:id_width$}  {:status_width$}  {:title_width$}  REASON",
        "ID", "STATUS", "TITLE"
    )?;
    for row in &matrix.rows {
        let line = format!(
            "{:id_width$}  {:status_width$}  {:title_width$}  {}",
            row.id,
            row.status.as_str(),
            truncate(&row.title, TITLE_WIDTH),
            row.reason()
                .map_or(String::new(), |r| truncate(r, REASON_WIDTH)),
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out)?;

    let summary = matrix.summary();
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|s| summary.count(**s) > 0)
        .map(|s| format!("{} {s}", summary.count(*s)))
        .collect();
    let errors = report
        .diagnostics
        .iter()
        .filter(|p| p.severity() == Severity::Error)
        .count();
    let problems = match errors {
        0 => String::new(),
        1 => ", 1 input problem".to_owned(),
        n => format!(", {n} input problems"),
    };
    let verdict = super::verdict_label(report.exit);
    writeln!(
        out,
        "{} requirements: {}{problems} → exit {} ({verdict})",
        summary.total,
        counts.join(", "),
        report.exit.code()
    )?;

    if !matrix.waivers.is_empty() {
        writeln!(out)?;
        writeln!(out, "Waivers:")?;
        for w in &matrix.waivers {
            let note = w
                .note
                .as_ref()
                .map_or_else(String::new, |n| format!(": {n}"));
            writeln!(
                out,
                "  {} {} {} until {} ({} covered){note}",
                w.id,
                w.requirement,
                w.state.as_str(),
                w.expires,
                w.covered
            )?;
        }
    }

    let detailed: Vec<&Row> = matrix
        .rows
        .iter()
        .filter(|row| !matches!(row.status, Status::Pass | Status::NotApplicable))
        .collect();
    for row in detailed {
        writeln!(out)?;
        writeln!(out, "{} {} — {}", row.id, row.status, row.title)?;
        let drawn: Vec<&super::snippet::Snippet> = report
            .snippets
            .iter()
            .filter(|s| s.requirement == row.id)
            .collect();
        if drawn.is_empty() {
            write_findings(row, report.paths, out)?;
        } else {
            write_drawn(row, &drawn, report.color, report.paths, out)?;
        }
    }
    Ok(())
}

/// A row's messages: those that point at a readable place in the evidence drawn on it, with the
/// remediation as the last one's help; the others as text.
fn write_drawn(
    row: &Row,
    drawn: &[&super::snippet::Snippet],
    color: bool,
    paths: &crate::paths::Paths,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut plain = row.clone();
    let shown: std::collections::HashSet<&str> = drawn.iter().map(|s| s.message.as_str()).collect();
    plain.messages.retain(|m| !shown.contains(m.text.as_str()));
    plain.remediation = None;
    write_findings(&plain, paths, out)?;
    let last = drawn.len() - 1;
    for (i, snippet) in drawn.iter().enumerate() {
        let mut snippet = (*snippet).clone();
        if i != last {
            snippet.help = None;
        }
        let mut text = String::new();
        super::snippet::render(&[&snippet], color, &mut text);
        for line in text.lines() {
            writeln!(out, "{}", format!("  {line}").trim_end())?;
        }
    }
    Ok(())
}

/// A row's messages, each with the places in the evidence it cites, then the remediation when
/// the row fails or lacks evidence.
pub(crate) fn write_findings(
    row: &Row,
    paths: &crate::paths::Paths,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    for message in row.messages.iter().take(LISTED_PER_ROW) {
        let mark = match message.kind {
            _ if message.waived_by.is_some() => "~",
            MessageKind::Deny | MessageKind::Missing | MessageKind::Error => "✗",
            MessageKind::Warn => "!",
            MessageKind::Info => "·",
        };
        let waived = message
            .waived_by
            .as_ref()
            .map_or_else(String::new, |w| format!(" [waived by {w}]"));
        writeln!(out, "  {mark} {}{waived}", message.text)?;
        if message.waived_by.is_none()
            && let Some(help) = super::snippet::params_help(message)
        {
            writeln!(out, "      {help}")?;
        }
        for evidence in message
            .evidence
            .iter()
            .filter_map(|e| e.location.as_ref().map(|l| (e, l)))
        {
            writeln!(
                out,
                "      at {} ({})",
                paths.location(evidence.1),
                evidence.0.pointer
            )?;
        }
    }
    if row.messages.len() > LISTED_PER_ROW {
        writeln!(
            out,
            "  … and {} more (the json, sarif, html and csv reports list them all)",
            row.messages.len() - LISTED_PER_ROW
        )?;
    }
    if matches!(row.status, Status::Fail | Status::MissingEvidence)
        && let Some(help) = &row.remediation
    {
        writeln!(out, "  help: {help}")?;
    }
    Ok(())
}

/// How many messages of one requirement the table lists: a screen, not a log.
const LISTED_PER_ROW: usize = 25;

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncates_on_characters_with_an_ellipsis() {
        assert_eq!(truncate("abcdef", 6), "abcdef");
        assert_eq!(truncate("abcdéfg", 5), "abcd…");
    }
}
