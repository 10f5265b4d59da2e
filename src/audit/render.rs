//! The aggregate of an audit in every format but `jsonl` (which is the releases' own reports):
//! table, json, csv, markdown and html. Each is a pure function of the [`Fleet`].
//!
//! ## JSON (`audit_version` 1.0)
//!
//! ```text
//! {
//!   "audit_version": "1.0",
//!   "tool": {"name", "version"},
//!   "verdict": "pass" | "fail" | "error", "exit_code": 0 | 1 | 2,
//!   "summary": {"total", "pass", "fail", "error", "pass_rate"},      // releases
//!   "requirements": [{"id", "title", "statuses": {status: releases},
//!                     "total", "pass", "fail", "error", "pass_rate", // releases it applied to
//!                     "months": [{"month", "total", "pass", "fail", "error", "pass_rate"}]}],
//!   "services": [{"service", "total", "pass", "fail", "error", "pass_rate"}],
//!   "months": [{"month", "total", "pass", "fail", "error", "pass_rate"}],
//!   "releases": [{"path", "id", "name", "version", "type", "date", "verdict", "exit_code",
//!                 "requirements": {id: status},
//!                 "reasons": [{"requirements": [id], "status", "text"}]}]
//! }
//! ```
//!
//! A pass rate is a share between 0 and 1 rounded to four places, or null when nothing counted.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

use serde_json::{Value, json};

use super::{Entry, Fleet, Tally, shown};
use crate::report::{html_escape as esc, markdown_cell as cell};

/// The aggregate JSON format version.
pub const AUDIT_VERSION: &str = "1.0";

/// One letter per status in the table's matrix.
fn letter(status: &str) -> char {
    match status {
        "pass" => '.',
        "warn" => 'w',
        "waived" => '~',
        "not_applicable" => '-',
        "fail" => 'F',
        "missing_evidence" => 'M',
        "error" => 'E',
        _ => '?',
    }
}

const LEGEND: &str = ". pass  w warn  ~ waived  - not_applicable  F fail  M missing_evidence  E error  (blank: not checked)";

/// "REL-03, REQ-26", or for many "DEP-01 … RM-15 (32 requirements)".
fn requirements_named(ids: &[String]) -> String {
    match ids {
        [first, .., last] if ids.len() > 4 => {
            format!("{first} … {last} ({} requirements)", ids.len())
        }
        _ => ids.join(", "),
    }
}

fn verdict(code: u8) -> &'static str {
    crate::matrix::Exit::from_code(code).verdict()
}

fn headline(fleet: &Fleet) -> String {
    let t = fleet.tally();
    let said = match fleet.exit_code() {
        _ if t.total == 0 => "nothing was audited",
        0 => "every release may proceed",
        1 => "releases blocked",
        _ => "evaluation incomplete, releases blocked",
    };
    format!(
        "{} release{}: {} pass, {} fail, {} error: {said}",
        t.total,
        if t.total == 1 { "" } else { "s" },
        t.pass,
        t.fail,
        t.error
    )
}

fn percent(tally: &Tally) -> String {
    tally
        .rate()
        .map_or_else(|| "–".to_owned(), |r| format!("{:.0}%", r * 100.0))
}

fn rounded(tally: &Tally) -> Value {
    tally
        .rate()
        .map_or(Value::Null, |r| json!((r * 10_000.0).round() / 10_000.0))
}

fn tally_json(tally: &Tally) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    map.insert("total".into(), json!(tally.total));
    map.insert("pass".into(), json!(tally.pass));
    map.insert("fail".into(), json!(tally.fail));
    map.insert("error".into(), json!(tally.error));
    map.insert("pass_rate".into(), rounded(tally));
    map
}

fn grouped(name: &str, groups: &BTreeMap<String, Tally>) -> Vec<Value> {
    groups
        .iter()
        .map(|(key, tally)| {
            let mut map = tally_json(tally);
            map.insert(name.into(), json!(key));
            Value::Object(map)
        })
        .collect()
}

/// The aggregate as JSON.
pub fn json(fleet: &Fleet, out: &mut dyn io::Write) -> io::Result<()> {
    let requirements: Vec<Value> = fleet
        .requirements()
        .iter()
        .map(|r| {
            let mut map = tally_json(&r.tally);
            map.insert("id".into(), json!(r.id));
            map.insert("title".into(), json!(r.title));
            map.insert("statuses".into(), json!(r.statuses));
            map.insert("months".into(), json!(grouped("month", &r.months)));
            Value::Object(map)
        })
        .collect();
    let releases: Vec<Value> = fleet
        .entries
        .iter()
        .map(|e| {
            json!({
                "path": e.key,
                "id": e.id,
                "name": e.name,
                "version": e.version,
                "type": e.release_type,
                "date": e.date,
                "verdict": e.verdict(),
                "exit_code": e.exit_code,
                "requirements": e.statuses,
                "reasons": e.reasons,
            })
        })
        .collect();
    let code = fleet.exit_code();
    let document = json!({
        "audit_version": AUDIT_VERSION,
        "tool": crate::manifest::Tool::default(),
        "verdict": verdict(code),
        "exit_code": code,
        "summary": tally_json(&fleet.tally()),
        "requirements": requirements,
        "services": grouped("service", &fleet.services()),
        "months": grouped("month", &fleet.months()),
        "releases": releases,
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// Text for terminals and CI logs.
pub fn table(fleet: &Fleet, out: &mut dyn io::Write) -> io::Result<()> {
    let mut t = String::new();
    let _ = writeln!(t, "relpolicy audit: {}", headline(fleet));
    let requirements = fleet.requirements();
    let labels: Vec<String> = fleet
        .entries
        .iter()
        .map(|e| crate::source::single_line(&e.label()).into_owned())
        .collect();
    let width = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);

    let _ = writeln!(t, "\nRELEASES");
    for (entry, label) in fleet.entries.iter().zip(&labels) {
        let _ = writeln!(
            t,
            "  {:<7} {label:<width$}  {:<10}  {}",
            entry.verdict(),
            entry.date.as_deref().unwrap_or("-"),
            shown(&entry.key)
        );
    }

    let _ = writeln!(
        t,
        "\nPASS RATE PER REQUIREMENT (of the releases it applies to)"
    );
    for r in &requirements {
        let _ = writeln!(
            t,
            "  {:<8} {:>5}  {:>9}  {}",
            r.id,
            percent(&r.tally),
            format!("{}/{}", r.tally.pass, r.tally.total),
            r.title
        );
    }
    for (heading, groups) in [
        ("PER SERVICE", fleet.services()),
        ("PER MONTH", fleet.months()),
    ] {
        let _ = writeln!(t, "\n{heading}");
        let width = groups.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        for (key, tally) in &groups {
            let key = crate::source::single_line(key);
            let _ = writeln!(
                t,
                "  {key:<width$}  {:>5}  {:>9} releases passed  ({} fail, {} error)",
                percent(tally),
                format!("{}/{}", tally.pass, tally.total),
                tally.fail,
                tally.error
            );
        }
    }

    let _ = writeln!(
        t,
        "\nMATRIX (a column per requirement, in the order above)\n  {LEGEND}"
    );
    for (entry, label) in fleet.entries.iter().zip(&labels) {
        let row: String = requirements
            .iter()
            .map(|r| entry.statuses.get(&r.id).map_or(' ', |s| letter(s)))
            .collect();
        let _ = writeln!(t, "  {row}  {} ({})", label, shown(&entry.key));
    }

    let blocked: Vec<&Entry> = fleet.blocked().collect();
    if !blocked.is_empty() {
        let _ = writeln!(t, "\nBLOCKED RELEASES");
        for entry in blocked {
            let _ = writeln!(
                t,
                "  {} {} ({})",
                entry.verdict(),
                crate::source::single_line(&entry.label()),
                shown(&entry.key)
            );
            for reason in &entry.reasons {
                let _ = writeln!(
                    t,
                    "    {} {}: {}",
                    requirements_named(&reason.requirements),
                    reason.status,
                    reason.text
                );
            }
        }
    }
    // Labels, keys and reasons come from the evidence: no escape sequence reaches the terminal.
    out.write_all(crate::source::printable(&t).as_bytes())
}

/// The matrix for spreadsheets: a row per release, a column per requirement.
pub fn csv(fleet: &Fleet, out: &mut dyn io::Write) -> io::Result<()> {
    use crate::report::csv_inert as inert;
    let requirements = fleet.requirements();
    let mut writer = ::csv::Writer::from_writer(out);
    let mut header: Vec<String> = [
        "path", "id", "service", "version", "type", "date", "verdict",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(requirements.iter().map(|r| r.id.clone()));
    writer.write_record(&header)?;
    for e in &fleet.entries {
        let text = |f: &Option<String>| inert(f.as_deref().unwrap_or(""));
        let mut record = vec![
            inert(&shown(&e.key)),
            text(&e.id),
            text(&e.name),
            text(&e.version),
            text(&e.release_type),
            text(&e.date),
            e.verdict().to_owned(),
        ];
        record.extend(
            requirements
                .iter()
                .map(|r| e.statuses.get(&r.id).cloned().unwrap_or_default()),
        );
        writer.write_record(&record)?;
    }
    writer.flush()
}

/// The Markdown report's icon of a status (none for one relpolicy does not write).
fn icon(status: &str) -> &'static str {
    crate::matrix::Status::parse(status).map_or("", crate::report::markdown_icon)
}

/// Markdown for a summary page.
pub fn markdown(fleet: &Fleet, out: &mut dyn io::Write) -> io::Result<()> {
    let mut m = String::new();
    let _ = writeln!(
        m,
        "## {} relpolicy audit\n\n{}\n",
        icon(verdict(fleet.exit_code())),
        cell(&headline(fleet))
    );
    let requirements = fleet.requirements();
    let _ = writeln!(
        m,
        "### Pass rate per requirement\n\nOf the releases each requirement applies to.\n\n| Requirement | Title | Pass rate | Passed | Fail | Error |\n| --- | --- | ---: | ---: | ---: | ---: |"
    );
    for r in &requirements {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {}/{} | {} | {} |",
            cell(&r.id),
            cell(&r.title),
            percent(&r.tally),
            r.tally.pass,
            r.tally.total,
            r.tally.fail,
            r.tally.error
        );
    }
    for (heading, name, groups) in [
        ("Per service", "Service", fleet.services()),
        ("Per month", "Month", fleet.months()),
    ] {
        let _ = writeln!(
            m,
            "\n### {heading}\n\n| {name} | Releases | Pass rate | Pass | Fail | Error |\n| --- | ---: | ---: | ---: | ---: | ---: |"
        );
        for (key, t) in &groups {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} | {} |",
                cell(key),
                t.total,
                percent(t),
                t.pass,
                t.fail,
                t.error
            );
        }
    }
    let blocked: Vec<&Entry> = fleet.blocked().collect();
    if !blocked.is_empty() {
        let _ = writeln!(m, "\n### Blocked releases\n");
        for e in blocked {
            let _ = writeln!(
                m,
                "- {} **{}** ({}), `{}`",
                icon(e.verdict()),
                cell(&e.label()),
                e.verdict(),
                shown(&e.key).replace('`', "")
            );
            for r in &e.reasons {
                let _ = writeln!(
                    m,
                    "  - {} {}: {}",
                    cell(&requirements_named(&r.requirements)),
                    r.status,
                    cell(&r.text)
                );
            }
        }
    }
    let _ = writeln!(
        m,
        "\n<details><summary>The matrix: {} releases × {} requirements</summary>\n",
        fleet.entries.len(),
        requirements.len()
    );
    let ids: Vec<String> = requirements.iter().map(|r| cell(&r.id)).collect();
    let _ = writeln!(
        m,
        "| Release | Verdict | {} |\n| --- | --- |{}",
        ids.join(" | "),
        " :-: |".repeat(ids.len())
    );
    for e in &fleet.entries {
        let statuses: Vec<&str> = requirements
            .iter()
            .map(|r| e.statuses.get(&r.id).map_or("", |s| icon(s)))
            .collect();
        let _ = writeln!(
            m,
            "| {} | {} | {} |",
            cell(&e.label()),
            e.verdict(),
            statuses.join(" | ")
        );
    }
    let _ = writeln!(m, "\n</details>");
    out.write_all(m.as_bytes())
}

const STYLE: &str = r#"
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
table { border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #e5e5e5; }
th { background: #f5f5f7; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
code, td.id { font-family: ui-monospace, monospace; }
.verdict { font-weight: 600; padding: .15rem .5rem; border-radius: .3rem; }
.s-pass { background: #d9f2dd; color: #0b5a1a; }
.s-fail, .s-missing_evidence { background: #fbd9d6; color: #8a1208; }
.s-error { background: #3a0d0a; color: #fff; }
.s-warn { background: #fdefc7; color: #6b4c00; }
.s-waived, .s-not_applicable { background: #ececec; color: #444; }
table.matrix td.s { text-align: center; font-family: ui-monospace, monospace; font-size: .8em; padding: .2rem; }
table.matrix th.r { writing-mode: vertical-rl; transform: rotate(180deg); font-family: ui-monospace, monospace; font-weight: normal; font-size: .8em; }
svg text { font: 11px system-ui, sans-serif; fill: #1d1d1f; }
svg .axis { stroke: #999; }
.charts { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
@media print { .charts { display: block; } table.matrix { font-size: .7em; } }
"#;

/// Marks the page as rendered once the charts have a size: the browser test reads it.
const SCRIPT: &str = r#"
(function () {
  var cells = document.querySelectorAll("svg .cell");
  var bars = document.querySelectorAll("svg .bar");
  var sized = Array.prototype.filter.call(cells, function (c) { var b = c.getBBox(); return b.width > 0 && b.height > 0; });
  document.body.setAttribute("data-cells", String(sized.length));
  document.body.setAttribute("data-rated", String(document.querySelectorAll("svg .cell:not(.none)").length));
  document.body.setAttribute("data-bars", String(bars.length));
  document.body.setAttribute("data-ready", "true");
})();
"#;

/// A colour from red (0) through amber to green (1).
fn shade(rate: f64) -> String {
    let rate = rate.clamp(0.0, 1.0);
    let (r, g, b) = if rate < 0.5 {
        let t = rate / 0.5;
        (200.0 + 40.0 * t, 60.0 + 130.0 * t, 50.0 + 10.0 * t)
    } else {
        let t = (rate - 0.5) / 0.5;
        (240.0 - 180.0 * t, 190.0 - 10.0 * t, 60.0 + 30.0 * t)
    };
    format!("#{:02x}{:02x}{:02x}", r as u8, g as u8, b as u8)
}

/// Releases passing per month, as bars.
fn month_chart(h: &mut String, months: &BTreeMap<String, Tally>) {
    let (bar, gap, top, height, left) = (44.0, 14.0, 20.0, 140.0, 36.0);
    let width = left + months.len() as f64 * (bar + gap) + gap;
    let _ = write!(
        h,
        r#"<figure><svg id="months-chart" role="img" aria-label="Share of releases passing per month" width="{width}" height="{}" viewBox="0 0 {width} {}">"#,
        top + height + 40.0,
        top + height + 40.0
    );
    for (i, label) in ["100%", "50%", "0%"].iter().enumerate() {
        let y = top + height * i as f64 / 2.0;
        let _ = write!(
            h,
            r#"<line class="axis" x1="{left}" x2="{width}" y1="{y}" y2="{y}" stroke-dasharray="2 3"/><text x="2" y="{}">{label}</text>"#,
            y + 4.0
        );
    }
    for (i, (month, tally)) in months.iter().enumerate() {
        let x = left + gap + i as f64 * (bar + gap);
        let rate = tally.rate().unwrap_or(0.0);
        let tall = (height * rate).max(1.0);
        let _ = write!(
            h,
            r#"<rect class="bar" x="{x}" y="{}" width="{bar}" height="{tall}" fill="{}"><title>{}: {}/{} releases passed</title></rect><text x="{}" y="{}" text-anchor="middle">{}</text><text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            top + height - tall,
            shade(rate),
            esc(month),
            tally.pass,
            tally.total,
            x + bar / 2.0,
            top + height + 14.0,
            esc(month),
            x + bar / 2.0,
            top + height + 28.0,
            percent(tally),
        );
    }
    let _ = write!(
        h,
        "</svg><figcaption>Releases passing per month</figcaption></figure>"
    );
}

/// Pass rate per requirement (rows) and month (columns), as coloured cells.
fn requirement_chart(h: &mut String, fleet: &Fleet) {
    let requirements = fleet.requirements();
    let months: Vec<String> = fleet.months().into_keys().collect();
    let (cell_w, cell_h, left, top) = (52.0, 18.0, 70.0, 24.0);
    let width = left + months.len() as f64 * cell_w + 4.0;
    let height = top + requirements.len() as f64 * cell_h + 4.0;
    let _ = write!(
        h,
        r#"<figure><svg id="requirements-chart" role="img" aria-label="Pass rate per requirement per month" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"#
    );
    for (j, month) in months.iter().enumerate() {
        let _ = write!(
            h,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            left + j as f64 * cell_w + cell_w / 2.0,
            top - 8.0,
            esc(month)
        );
    }
    for (i, r) in requirements.iter().enumerate() {
        let y = top + i as f64 * cell_h;
        let _ = write!(
            h,
            r#"<text x="0" y="{}">{}</text>"#,
            y + cell_h - 5.0,
            esc(&r.id)
        );
        for (j, month) in months.iter().enumerate() {
            let x = left + j as f64 * cell_w;
            match r.months.get(month) {
                Some(t) if t.total > 0 => {
                    let rate = t.rate().unwrap_or(0.0);
                    let _ = write!(
                        h,
                        r#"<rect class="cell" x="{x}" y="{y}" width="{}" height="{}" fill="{}"><title>{} in {}: {}/{} passed</title></rect><text x="{}" y="{}" text-anchor="middle">{}</text>"#,
                        cell_w - 2.0,
                        cell_h - 2.0,
                        shade(rate),
                        esc(&r.id),
                        esc(month),
                        t.pass,
                        t.total,
                        x + cell_w / 2.0,
                        y + cell_h - 5.0,
                        percent(t)
                    );
                }
                _ => {
                    let _ = write!(
                        h,
                        r##"<rect class="cell none" x="{x}" y="{y}" width="{}" height="{}" fill="#eeeeee"><title>{} in {}: not applicable to any release</title></rect>"##,
                        cell_w - 2.0,
                        cell_h - 2.0,
                        esc(&r.id),
                        esc(month)
                    );
                }
            }
        }
    }
    let _ = write!(
        h,
        "</svg><figcaption>Pass rate per requirement over time (of the releases each month it applies to)</figcaption></figure>"
    );
}

fn group_table(h: &mut String, name: &str, groups: &BTreeMap<String, Tally>) {
    let _ = write!(
        h,
        "<table><tr><th>{name}</th><th>Releases</th><th>Pass rate</th><th>Pass</th><th>Fail</th><th>Error</th></tr>"
    );
    for (key, t) in groups {
        let _ = write!(
            h,
            r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
            esc(key),
            t.total,
            percent(t),
            t.pass,
            t.fail,
            t.error
        );
    }
    h.push_str("</table>");
}

/// One self-contained page: counts, charts, tables, the matrix.
pub fn html(fleet: &Fleet, out: &mut dyn io::Write) -> io::Result<()> {
    let code = fleet.exit_code();
    let requirements = fleet.requirements();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>relpolicy audit: {}</title><style>{STYLE}</style></head><body>",
        esc(&headline(fleet))
    );
    let _ = write!(
        h,
        r#"<h1>relpolicy audit</h1><p><span class="verdict s-{}" id="verdict">{}</span> <span id="headline">{}</span></p>"#,
        verdict(code),
        verdict(code),
        esc(&headline(fleet))
    );
    h.push_str(r#"<h2>Pass rates over time</h2><div class="charts">"#);
    month_chart(&mut h, &fleet.months());
    requirement_chart(&mut h, fleet);
    h.push_str("</div>");

    h.push_str(r#"<h2>Per requirement</h2><table id="requirements"><tr><th>Requirement</th><th>Title</th><th>Pass rate</th><th>Passed</th><th>Fail</th><th>Error</th></tr>"#);
    for r in &requirements {
        let _ = write!(
            h,
            r#"<tr><td class="id">{}</td><td>{}</td><td class="n">{}</td><td class="n">{}/{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
            esc(&r.id),
            esc(&r.title),
            percent(&r.tally),
            r.tally.pass,
            r.tally.total,
            r.tally.fail,
            r.tally.error
        );
    }
    h.push_str("</table><h2>Per service</h2>");
    group_table(&mut h, "Service", &fleet.services());
    h.push_str("<h2>Per month</h2>");
    group_table(&mut h, "Month", &fleet.months());

    let blocked: Vec<&Entry> = fleet.blocked().collect();
    if !blocked.is_empty() {
        h.push_str(r#"<h2>Blocked releases</h2><table id="blocked"><tr><th>Release</th><th>Verdict</th><th>Requirement</th><th>Reason</th></tr>"#);
        for e in blocked {
            let rows = e.reasons.len().max(1);
            let _ = write!(
                h,
                r#"<tr><td rowspan="{rows}">{}<br><code>{}</code></td><td rowspan="{rows}"><span class="verdict s-{}">{}</span></td>"#,
                esc(&e.label()),
                esc(&shown(&e.key)),
                e.verdict(),
                e.verdict()
            );
            if e.reasons.is_empty() {
                h.push_str("<td></td><td>see the release's report</td></tr>");
            }
            for (i, r) in e.reasons.iter().enumerate() {
                if i > 0 {
                    h.push_str("<tr>");
                }
                let _ = write!(
                    h,
                    r#"<td class="id"><span class="s-{}">{}</span></td><td>{}</td></tr>"#,
                    esc(&r.status),
                    esc(&requirements_named(&r.requirements)),
                    esc(&r.text)
                );
            }
        }
        h.push_str("</table>");
    }

    h.push_str(r#"<h2>The matrix</h2><table class="matrix" id="matrix"><tr><th>Release</th><th>Verdict</th>"#);
    for r in &requirements {
        let _ = write!(
            h,
            r#"<th class="r" title="{}">{}</th>"#,
            esc(&r.title),
            esc(&r.id)
        );
    }
    h.push_str("</tr>");
    for e in &fleet.entries {
        let _ = write!(
            h,
            r#"<tr data-verdict="{}"><td>{}<br><code>{}</code></td><td><span class="verdict s-{}">{}</span></td>"#,
            e.verdict(),
            esc(&e.label()),
            esc(&shown(&e.key)),
            e.verdict(),
            e.verdict()
        );
        for r in &requirements {
            match e.statuses.get(&r.id) {
                Some(s) => {
                    let _ = write!(
                        h,
                        r#"<td class="s s-{}" title="{}: {}">{}</td>"#,
                        esc(s),
                        esc(&r.id),
                        esc(s),
                        letter(s)
                    );
                }
                None => h.push_str(r#"<td class="s"></td>"#),
            }
        }
        h.push_str("</tr>");
    }
    let _ = writeln!(
        h,
        "</table><p><small>{}</small></p><script>{SCRIPT}</script></body></html>",
        esc(LEGEND)
    );
    out.write_all(h.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_run_from_red_to_green() {
        assert_eq!(shade(0.0), "#c83c32");
        assert_eq!(shade(1.0), "#3cb45a");
        assert_ne!(shade(0.5), shade(0.49));
    }
}
