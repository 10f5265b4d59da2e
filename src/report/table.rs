//! The table: one line per requirement for a terminal or CI log, then every
//! finding in full with the evidence position it points at.

use std::io;

use super::Report;
use crate::diagnostics::Severity;
use crate::matrix::{MessageKind, Row, Status};
use crate::source::{printable, single_line};

/// Without a width to fit (a pipe or a file): reasons are cut here; titles are whole.
const REASON_WIDTH: usize = 100;
/// Below this, a REASON column is not worth showing; the findings below the table have it.
const MIN_REASON: usize = 16;
/// The narrowest a title is cut to.
const MIN_TITLE: usize = 16;

/// The title and reason column widths for a table `width` wide (`None`: unbounded), with
/// `fixed` taken by the ID and STATUS columns; a reason width of 0 leaves the column out.
fn columns(
    width: Option<usize>,
    fixed: usize,
    longest_title: usize,
    longest_reason: usize,
) -> (usize, usize) {
    let Some(width) = width else {
        return (longest_title, REASON_WIDTH);
    };
    let rest = width.saturating_sub(fixed);
    if longest_reason == 0 {
        return (longest_title.min(rest.max(MIN_TITLE)), 0);
    }
    if rest >= longest_title + 2 + MIN_REASON.max(longest_reason.min(40)) {
        return (longest_title, rest - longest_title - 2);
    }
    let title = (rest * 45 / 100).max(MIN_TITLE).min(longest_title);
    match rest.saturating_sub(title + 2) {
        reason if reason >= MIN_REASON => (title, reason),
        _ => (longest_title.min(rest.max(MIN_TITLE)), 0),
    }
}

/// A status as the table shows it: padded to `width`, coloured on a terminal.
fn status_cell(status: Status, width: usize, color: bool) -> String {
    use anstyle::{AnsiColor, Style};
    let text = format!("{:width$}", status.as_str());
    if !color {
        return text;
    }
    let style = match status {
        Status::Pass => AnsiColor::Green.on_default(),
        Status::Fail | Status::MissingEvidence => AnsiColor::Red.on_default().bold(),
        Status::Error => AnsiColor::Magenta.on_default().bold(),
        Status::Warn => AnsiColor::Yellow.on_default(),
        Status::Waived => AnsiColor::Cyan.on_default(),
        Status::NotApplicable => Style::new().dimmed(),
    };
    format!("{style}{text}{style:#}")
}

/// Every text the table prints from the evidence, the catalogue, waivers or policies goes
/// through [`printable`] (here, or in [`one_line`] and [`bounded`]) before any colour is added:
/// an escape sequence in a value must not rewrite what the release manager reads.
pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let matrix = report.matrix;
    let release = super::release_label(&matrix.release);
    let release = single_line(&release);
    let profile = matrix
        .profile
        .as_ref()
        .map_or_else(String::new, |p| format!(" · profile {}", single_line(p)));
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
    let longest_title = matrix
        .rows
        .iter()
        .map(|row| row.title.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let longest_reason = matrix
        .rows
        .iter()
        .filter_map(|row| row.reason())
        .map(|r| r.chars().count())
        .max()
        .unwrap_or(0);
    let (title_width, reason_width) = columns(
        report.width,
        id_width + 2 + status_width + 2,
        longest_title,
        longest_reason,
    );
    let header = if reason_width > 0 {
        format!(
            "{:id_width$}  {:status_width$}  {:title_width$}  REASON",
            "ID", "STATUS", "TITLE"
        )
    } else {
        format!("{:id_width$}  {:status_width$}  TITLE", "ID", "STATUS")
    };
    writeln!(out, "{}", header.trim_end())?;
    for row in &matrix.rows {
        let title = truncate(&single_line(&row.title), title_width);
        let line = if reason_width > 0 {
            format!(
                "{:id_width$}  {}  {:title_width$}  {}",
                row.id,
                status_cell(row.status, status_width, report.color),
                title,
                row.reason()
                    .map_or(String::new(), |r| truncate(&one_line(r), reason_width)),
            )
        } else {
            format!(
                "{:id_width$}  {}  {title}",
                row.id,
                status_cell(row.status, status_width, report.color),
            )
        };
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out)?;

    let summary = matrix.summary();
    let counts = summary.counts_text();
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
        counts,
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
            let line = format!(
                "  {} {} {} until {} ({} covered){note}",
                w.id,
                w.requirement,
                w.state.as_str(),
                w.expires,
                w.covered
            );
            writeln!(out, "{}", single_line(&line))?;
        }
    }

    // Each place in the evidence is drawn once, under the first finding that points there.
    let mut drawn_places = std::collections::HashSet::new();
    for row in &matrix.rows {
        let detailed = !matches!(row.status, Status::Pass | Status::NotApplicable);
        if !detailed && !report.verbose {
            continue;
        }
        writeln!(out)?;
        writeln!(
            out,
            "{} {} — {}",
            row.id,
            row.status,
            single_line(&row.title)
        )?;
        if detailed {
            let drawn: Vec<&super::snippet::Snippet> = report
                .snippets
                .iter()
                .filter(|s| s.requirement == row.id)
                .collect();
            if drawn.is_empty() {
                write_findings(row, report.paths, out)?;
            } else {
                let style = (report.color, report.width.unwrap_or(100));
                write_drawn(row, &drawn, style, report.paths, &mut drawn_places, out)?;
            }
        }
        if report.verbose {
            write_basis(row, report.paths, out)?;
        }
    }
    Ok(())
}

/// What a row's verdict rests on, one item a line (`--verbose`).
fn write_basis(row: &Row, paths: &crate::paths::Paths, out: &mut dyn io::Write) -> io::Result<()> {
    if row.basis.is_empty() {
        return Ok(());
    }
    writeln!(out, "  rests on:")?;
    for b in &row.basis {
        let at = b
            .location
            .as_ref()
            .map_or_else(String::new, |l| format!(" at {}", paths.location(l)));
        let what = b.what.as_deref().unwrap_or("evidence");
        let line = format!("    {what} {}{at}", b.pointer);
        writeln!(out, "{}", single_line(&line))?;
        writeln!(
            out,
            "      {}",
            bounded(&b.values_text()).replace('\n', "\n      ")
        )?;
    }
    if row.basis_omitted > 0 {
        writeln!(
            out,
            "    … and {} more (the policy names them; reports keep the first {})",
            row.basis_omitted,
            crate::matrix::BASIS_SHOWN
        )?;
    }
    Ok(())
}

/// Text on one line: newlines in evidence text would break the table's rows.
fn one_line(text: &str) -> String {
    printable(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// The most of one finding the table prints; the other formats carry all of it.
const FINDING_CHARS: usize = 1000;

/// `text`, cut at [`FINDING_CHARS`] with a note of how much more there is.
fn bounded(text: &str) -> String {
    let text = printable(text);
    let count = text.chars().count();
    if count <= FINDING_CHARS {
        return text.into_owned();
    }
    let cut: String = text.chars().take(FINDING_CHARS).collect();
    format!(
        "{cut}… ({} more characters in the json and html reports)",
        count - FINDING_CHARS
    )
}

/// A row's messages: those that point at a place in the evidence not drawn yet drawn on it,
/// with the remediation as the last one's help; the others as text (a place on a line too long
/// to draw gets an excerpt of the line).
fn write_drawn(
    row: &Row,
    drawn: &[&super::snippet::Snippet],
    (color, width): (bool, usize),
    paths: &crate::paths::Paths,
    places: &mut std::collections::HashSet<crate::matrix::Location>,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let fresh: Vec<&super::snippet::Snippet> = drawn
        .iter()
        .copied()
        .filter(|s| s.excerpt.is_none() && places.insert(s.place.clone()))
        .collect();
    let mut plain = row.clone();
    // Every finding at a place drawn here is in that drawing.
    let shown: std::collections::HashSet<&str> = drawn
        .iter()
        .filter(|s| fresh.iter().any(|f| f.place == s.place))
        .map(|s| s.message.as_str())
        .collect();
    plain.messages.retain(|m| !shown.contains(m.text.as_str()));
    if !fresh.is_empty() {
        plain.remediation = None;
    }
    write_findings_with(&plain, paths, drawn, out)?;
    let last = fresh.len().saturating_sub(1);
    for (i, snippet) in fresh.iter().enumerate() {
        let mut snippet = (*snippet).clone();
        if i != last {
            snippet.help = None;
        }
        // Other findings of this row at the same place share the drawing.
        let same: Vec<&str> = drawn
            .iter()
            .filter(|s| s.place == snippet.place && s.message != snippet.message)
            .map(|s| s.message.as_str())
            .collect();
        if !same.is_empty() {
            snippet.message = format!("{}\n{}", snippet.message, same.join("\n"));
        }
        snippet.message = bounded(&snippet.message);
        let mut text = String::new();
        super::snippet::render(
            &[&snippet],
            color,
            width.saturating_sub(2).max(40),
            &mut text,
        );
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
    write_findings_with(row, paths, &[], out)
}

/// [`write_findings`], with the excerpts of places on lines too long to draw from `drawn`.
fn write_findings_with(
    row: &Row,
    paths: &crate::paths::Paths,
    drawn: &[&super::snippet::Snippet],
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
            .map_or_else(String::new, |w| format!(" [waived by {}]", printable(w)));
        // A message's further lines are indented under it: they cannot pass for a line of
        // the table's own.
        let text = bounded(&message.text).replace('\n', "\n    ");
        writeln!(out, "  {mark} {text}{waived}")?;
        if message.waived_by.is_none()
            && let Some(help) = super::snippet::params_help(message)
        {
            writeln!(out, "      {}", printable(&help))?;
        }
        for evidence in message
            .evidence
            .iter()
            .filter_map(|e| e.location.as_ref().map(|l| (e, l)))
        {
            let at = format!(
                "      at {} ({})",
                paths.location(evidence.1),
                evidence.0.pointer
            );
            writeln!(out, "{}", single_line(&at))?;
            let excerpt = drawn
                .iter()
                .find(|s| &s.place == evidence.1)
                .and_then(|s| s.excerpt.as_ref());
            if let Some((text, column)) = excerpt {
                writeln!(out, "      │ {}", printable(text))?;
                writeln!(out, "      │ {}^", " ".repeat(*column))?;
            }
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
        writeln!(out, "  help: {}", printable(help))?;
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
    use super::{columns, truncate};

    #[test]
    fn truncates_on_characters_with_an_ellipsis() {
        assert_eq!(truncate("abcdef", 6), "abcdef");
        assert_eq!(truncate("abcdéfg", 5), "abcd…");
    }

    #[test]
    fn columns_fit_the_width() {
        // Unbounded: whole titles, reasons cut at 100.
        assert_eq!(columns(None, 26, 58, 300), (58, 100));
        // Wide: whole titles, the rest for reasons.
        assert_eq!(columns(Some(200), 26, 58, 300), (58, 114));
        // 80 columns: both cut, and the row fits.
        let (t, r) = columns(Some(80), 26, 58, 300);
        assert!(t >= 16 && r >= 16 && 26 + t + 2 + r <= 80, "{t} {r}");
        // Too narrow for reasons: titles only.
        assert_eq!(columns(Some(50), 26, 58, 300).1, 0);
    }
}
