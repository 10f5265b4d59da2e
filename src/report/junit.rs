//! JUnit XML: one test case per requirement, so CI dashboards (GitLab, Jenkins, GitHub test
//! reporters) show the matrix as a test run. `fail` and `missing_evidence` are failures,
//! `error` is an error, `not_applicable` and `waived` are skipped (a waived one with the
//! waiver as the reason and its findings as output), `warn` passes with its warnings as output. Written with quick-xml, which escapes every text and attribute.
//! Every text goes through [`printable`] first: XML 1.0 cannot hold most control characters
//! (even as `&#x1b;`), U+FFFE or U+FFFF, and one of them from the evidence would make the whole
//! report unreadable to the CI server, its failures lost; `printable` writes exactly those as
//! escapes.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Report, release_label};
use crate::matrix::{Row, Status};
use crate::source::printable;

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let matrix = report.matrix;
    let summary = matrix.summary();
    let tests = summary.total.to_string();
    let failures = (summary.fail + summary.missing_evidence).to_string();
    let errors = summary.error.to_string();
    let skipped = (summary.not_applicable + summary.waived).to_string();
    let suite = printable(&format!("relpolicy {}", release_label(&matrix.release))).into_owned();
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let totals = [
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", errors.as_str()),
        ("skipped", skipped.as_str()),
    ];
    w.create_element("testsuites")
        .with_attribute(("name", "relpolicy"))
        .with_attributes(totals)
        .write_inner_content(|w| {
            w.create_element("testsuite")
                .with_attribute(("name", suite.as_str()))
                .with_attributes(totals)
                .write_inner_content(|w| {
                    w.create_element("properties").write_inner_content(|w| {
                        for (name, value) in manifest_properties(report) {
                            w.create_element("property")
                                .with_attribute(("name", printable(&name).as_ref()))
                                .with_attribute(("value", printable(&value).as_ref()))
                                .write_empty()?;
                        }
                        Ok(())
                    })?;
                    for row in &matrix.rows {
                        case(w, row, report.paths)?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    w.get_mut().write_all(b"\n")
}

/// The report manifest as JUnit properties: `relpolicy.version`, `relpolicy.evaluated_at`, and
/// one `sha256:<what>:<path>` per digested file.
fn manifest_properties(report: &Report<'_>) -> Vec<(String, String)> {
    let m = report.manifest;
    let mut out = vec![("relpolicy.version".to_owned(), m.tool.version.to_owned())];
    if let Some(t) = &m.evaluated_at {
        out.push(("relpolicy.evaluated_at".to_owned(), t.clone()));
    }
    for (what, f) in m.files() {
        let what = what.replace(' ', "_");
        out.push((format!("sha256:{what}:{}", f.path), f.sha256.clone()));
    }
    out
}

fn case<W: io::Write>(w: &mut Writer<W>, row: &Row, paths: &crate::paths::Paths) -> io::Result<()> {
    let name = printable(&format!("{} {}", row.id, row.title)).into_owned();
    let classname = printable(&format!("relpolicy.{}", row.category)).into_owned();
    let element = w
        .create_element("testcase")
        .with_attribute(("name", name.as_str()))
        .with_attribute(("classname", classname.as_str()));
    let body = printable(&details(row, paths)).into_owned();
    let reason = printable(row.reason().unwrap_or("")).into_owned();
    match row.status {
        Status::Pass => {
            element.write_empty()?;
        }
        Status::Warn => {
            element.write_inner_content(|w| {
                w.create_element("system-out")
                    .write_text_content(BytesText::new(&body))?;
                Ok(())
            })?;
        }
        Status::NotApplicable => {
            element.write_inner_content(|w| {
                w.create_element("skipped")
                    .with_attribute(("message", format!("{}: {reason}", row.status).as_str()))
                    .write_empty()?;
                Ok(())
            })?;
        }
        // Skipped with the waiver as the reason; the findings it covers stay in the output.
        Status::Waived => {
            element.write_inner_content(|w| {
                w.create_element("skipped")
                    .with_attribute(("message", reason.as_str()))
                    .write_empty()?;
                w.create_element("system-out")
                    .write_text_content(BytesText::new(&body))?;
                Ok(())
            })?;
        }
        Status::Fail | Status::MissingEvidence | Status::Error => {
            let tag = if row.status == Status::Error {
                "error"
            } else {
                "failure"
            };
            element.write_inner_content(|w| {
                w.create_element(tag)
                    .with_attribute(("message", reason.as_str()))
                    .with_attribute(("type", row.status.as_str()))
                    .write_text_content(BytesText::new(&body))?;
                Ok(())
            })?;
        }
    }
    Ok(())
}

/// Every message with where it points, then the remediation.
fn details(row: &Row, paths: &crate::paths::Paths) -> String {
    let mut text = String::new();
    for m in &row.messages {
        text.push_str(&m.text);
        if let Some(w) = &m.waived_by {
            text.push_str(&format!(" [waived by {w}]"));
        }
        text.push('\n');
        if m.waived_by.is_none()
            && let Some(help) = super::snippet::params_help(m)
        {
            text.push_str(&format!("  {help}\n"));
        }
        for e in &m.evidence {
            if let Some(l) = &e.location {
                text.push_str(&format!("  at {} ({})\n", paths.location(l), e.pointer));
            }
        }
    }
    if let Some(fix) = &row.remediation
        && matches!(row.status, Status::Fail | Status::MissingEvidence)
    {
        text.push_str(&format!("How to fix: {fix}\n"));
    }
    text
}
