//! GitHub Actions workflow commands: one annotation per finding of a requirement that did not
//! pass, on the file and line of the evidence it points at, and a closing notice with the
//! verdict. Printed in a workflow step, GitHub shows them on the run and in the changed files.
//! Paths are as typed from the working directory (the repository root in a workflow).

use std::io;

use super::Report;
use crate::matrix::{MessageKind, Status};

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    for row in &report.matrix.rows {
        let level = match row.status {
            Status::Pass | Status::NotApplicable => continue,
            Status::Fail | Status::MissingEvidence | Status::Error => "error",
            Status::Warn => "warning",
            Status::Waived => "notice",
        };
        for message in &row.messages {
            if message.kind == MessageKind::Info && row.status != Status::Warn {
                continue;
            }
            let level = match (message.kind, &message.waived_by) {
                (_, Some(_)) => "notice",
                (MessageKind::Warn | MessageKind::Info, None) => "warning",
                _ => level,
            };
            let mut properties = Vec::new();
            if let Some(l) = message.evidence.iter().find_map(|e| e.location.as_ref())
                && !l.path.starts_with('<')
            {
                properties.push(format!("file={}", property(&report.paths.show(&l.path))));
                properties.push(format!("line={}", l.line));
                if let Some(c) = l.column {
                    properties.push(format!("col={c}"));
                }
            }
            properties.push(format!(
                "title={}",
                property(&format!("{} {}", row.id, row.title))
            ));
            let waived = message
                .waived_by
                .as_ref()
                .map_or_else(String::new, |w| format!(" (waived by {w})"));
            writeln!(
                out,
                "::{level} {}::{}",
                properties.join(","),
                data(&format!("{}: {}{waived}", row.id, message.text))
            )?;
        }
    }
    let summary = report.matrix.summary();
    let counts = summary.counts_text();
    writeln!(
        out,
        "::notice title=relpolicy::{}",
        data(&format!(
            "{}: {} requirements: {} → exit {} ({})",
            super::release_label(&report.matrix.release),
            summary.total,
            counts,
            report.exit.code(),
            super::verdict_label(report.exit)
        ))
    )
}

/// A workflow command's message: `%`, CR and LF escaped, other control characters written
/// visibly ([`crate::source::printable`]).
fn data(text: &str) -> String {
    let escaped = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::source::printable(&escaped).into_owned()
}

/// A workflow command's property value: as [`data`], and `:` and `,` too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_as_github_reads_them() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
