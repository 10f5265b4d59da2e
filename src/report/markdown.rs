//! Markdown: a GitHub step summary or merge-request comment. The matrix as a table, then every
//! requirement that did not pass with its messages, their places in the evidence, and the fix.

use std::io;

use super::{Report, release_label, verdict_label};
use crate::matrix::{Row, Status};

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let matrix = report.matrix;
    let summary = matrix.summary();
    writeln!(
        out,
        "## {} relpolicy: {} — {}\n",
        icon_for_exit(report.exit.code()),
        inline(&release_label(&matrix.release)),
        verdict_label(report.exit)
    )?;
    let counts = summary.counts_text();
    writeln!(
        out,
        "**{} requirements**: {} · phase `{}`{} · exit {}\n",
        summary.total,
        counts,
        matrix.phase,
        matrix
            .profile
            .as_ref()
            .map_or_else(String::new, |p| format!(
                " · profile `{}`",
                p.replace('`', "")
            )),
        report.exit.code()
    )?;
    writeln!(out, "| | Requirement | Status | Title | Reason |")?;
    writeln!(out, "| --- | --- | --- | --- | --- |")?;
    for row in &matrix.rows {
        writeln!(
            out,
            "| {} | {} | `{}` | {} | {} |",
            icon(row.status),
            row.id,
            row.status,
            cell(&row.title),
            cell(row.reason().unwrap_or(""))
        )?;
    }
    for row in matrix
        .rows
        .iter()
        .filter(|r| !matches!(r.status, Status::Pass | Status::NotApplicable))
    {
        details(row, report.paths, out)?;
    }
    waivers(report, out)?;
    basis(report, out)?;
    let problems: Vec<_> = report.diagnostics.iter().collect();
    if !problems.is_empty() {
        writeln!(out, "\n### Input problems\n")?;
        for p in problems {
            let at = p.location().map_or_else(String::new, |(path, line)| {
                format!(" ({})", code(&format!("{path}:{line}")))
            });
            writeln!(out, "- `{}`: {}{at}", p.code(), inline(p.message()))?;
        }
    }
    manifest(report, out)
}

/// Every waiver the run was given: what it covers, why, who approved it, until when, and what
/// became of it.
fn waivers(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let list = &report.matrix.waivers;
    if list.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n### Waivers\n")?;
    writeln!(
        out,
        "| Waiver | Requirement | State | Reason | Approved by | Expires | Ticket |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |")?;
    for w in list {
        let state = match &w.note {
            Some(note) => format!("`{}` ({})", w.state.as_str(), cell(note)),
            None => format!("`{}`", w.state.as_str()),
        };
        writeln!(
            out,
            "| {} | {} | {state} | {} | {} ({}), {} | {} | {} |",
            cell(&w.id),
            cell(&w.requirement),
            cell(&w.reason),
            cell(&w.approved_by.name),
            cell(&w.role),
            cell(&w.approved_at),
            cell(&w.expires),
            cell(&w.ticket)
        )?;
    }
    Ok(())
}

/// What every verdict rests on, passes included, in a collapsed section: per requirement its
/// basis items, with the file and line each is at and the values that decided.
fn basis(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let rows: Vec<&Row> = report
        .matrix
        .rows
        .iter()
        .filter(|r| !r.basis.is_empty())
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n<details><summary>What each verdict rests on</summary>\n"
    )?;
    for row in rows {
        writeln!(out, "- {} {} `{}`", icon(row.status), row.id, row.status)?;
        for b in &row.basis {
            let at = b.location.as_ref().map_or_else(String::new, |l| {
                format!(" at {}", code(&report.paths.location(l)))
            });
            writeln!(
                out,
                "  - {} {}{at}: {}",
                inline(b.what.as_deref().unwrap_or("evidence")),
                code(&b.pointer),
                inline(&b.values_text())
            )?;
        }
        if row.basis_omitted > 0 {
            writeln!(out, "  - … and {} more", row.basis_omitted)?;
        }
    }
    writeln!(out, "\n</details>")
}

/// The manifest in a collapsed section: tool, time, and every file with its SHA-256.
fn manifest(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let m = report.manifest;
    writeln!(
        out,
        "\n<details><summary>Manifest: relpolicy {}{}</summary>\n",
        m.tool.version,
        m.evaluated_at
            .as_deref()
            .map_or_else(String::new, |t| format!(", evaluated {t}"))
    )?;
    writeln!(out, "| what | file | sha256 |\n| --- | --- | --- |")?;
    for (what, f) in m.files() {
        writeln!(out, "| {what} | {} | `{}` |", cell(&f.path), f.sha256)?;
    }
    writeln!(out, "\n</details>")
}

fn details(row: &Row, paths: &crate::paths::Paths, out: &mut dyn io::Write) -> io::Result<()> {
    writeln!(
        out,
        "\n### {} {} `{}` — {}\n",
        icon(row.status),
        row.id,
        row.status,
        inline(&row.title)
    )?;
    for message in &row.messages {
        let places: Vec<String> = message
            .evidence
            .iter()
            .map(|e| match &e.location {
                Some(l) => format!("{} ({})", code(&paths.location(l)), code(&e.pointer)),
                None => code(&e.pointer),
            })
            .collect();
        let at = if places.is_empty() {
            String::new()
        } else {
            format!(" — at {}", places.join(", "))
        };
        let waived = message
            .waived_by
            .as_ref()
            .map_or_else(String::new, |w| format!(" — *waived by {}*", inline(w)));
        writeln!(out, "- {}{at}{waived}", inline(&message.text))?;
        if message.waived_by.is_none()
            && let Some(help) = super::snippet::params_help(message)
        {
            writeln!(out, "  - {}", inline_keep_code(&help))?;
        }
    }
    if matches!(row.status, Status::Fail | Status::MissingEvidence)
        && let Some(fix) = &row.remediation
    {
        writeln!(out, "\n**How to fix:** {}", inline(fix))?;
    }
    Ok(())
}

pub(crate) fn icon(status: Status) -> &'static str {
    match status {
        Status::Pass => "✅",
        Status::Fail | Status::MissingEvidence => "❌",
        Status::Error => "⛔",
        Status::Warn => "⚠️",
        Status::Waived | Status::NotApplicable => "➖",
    }
}

fn icon_for_exit(code: u8) -> &'static str {
    match code {
        0 => "✅",
        1 => "❌",
        _ => "⛔",
    }
}

/// `text` as inline code: one line, no backtick to end the span early, control characters
/// written as escapes.
fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ").replace('`', "'");
    format!("`{}`", crate::source::printable(&text))
}

/// Text safe in a table cell: no pipes, no line breaks, no HTML.
pub(crate) fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|")
}

/// Help text that quotes parameter names in backticks: the names keep their code style, the
/// rest is escaped.
fn inline_keep_code(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("`{}`", part.replace('`', ""))
            } else {
                inline(part)
            }
        })
        .collect()
}

/// Text safe in running Markdown: one line, HTML and Markdown markup characters neutralised,
/// other control characters written as escapes ([`crate::source::printable`]).
fn inline(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let mut out = String::with_capacity(text.len());
    for c in crate::source::printable(&text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '*' | '_' | '[' | ']' | '`' | '#' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_text_cannot_inject_markup() {
        assert_eq!(cell("a|b\n<script>"), "a\\|b &lt;script&gt;");
        assert_eq!(inline("`x` *y* [l](u)"), "\\`x\\` \\*y\\* \\[l\\](u)");
    }
}
