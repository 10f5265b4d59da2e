//! CSV for spreadsheets: one row per requirement, RFC 4180 quoting (the `csv` crate).

use std::io;

use super::Report;

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "id",
        "status",
        "title",
        "category",
        "severity",
        "policy",
        "messages",
        "evidence",
        "remediation",
        "waivers",
    ])?;
    for row in &report.matrix.rows {
        let messages: Vec<String> = row
            .messages
            .iter()
            .map(|m| match &m.waived_by {
                Some(w) => format!("{} [waived by {w}]", m.text),
                None => m.text.clone(),
            })
            .collect();
        let evidence: Vec<String> = row
            .evidence
            .iter()
            .map(|e| match &e.location {
                Some(l) => format!("{} ({})", e.pointer, report.paths.location(l)),
                None => e.pointer.clone(),
            })
            .collect();
        writer.write_record(
            [
                row.id.as_str(),
                row.status.as_str(),
                row.title.as_str(),
                row.category.as_str(),
                &row.severity.map(|s| s.to_string()).unwrap_or_default(),
                row.policy.as_ref().map_or("", |p| p.file.as_str()),
                &messages.join("\n"),
                &evidence.join("\n"),
                row.remediation.as_deref().unwrap_or(""),
                &row.waivers.join("\n"),
            ]
            .map(inert),
        )?;
    }
    writer.flush()
}

/// A cell a spreadsheet will not run as a formula: text from evidence that starts with `=`, `+`,
/// `-`, `@` or a control character gets a leading apostrophe (OWASP's advice for CSV export).
pub(crate) fn inert(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_from_evidence_are_not_run() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("REQ-27"), "REQ-27");
    }
}
