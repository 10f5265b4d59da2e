//! HTML: one self-contained file an auditor opens offline. No external assets: the style and the
//! script are inline. It shows the verdict and counts, the matrix with status colours, a filter
//! by status (also settable by the address, `report.html#status=fail,error`), each requirement
//! expandable to its statement, policy, messages and evidence, and the manifest of digests.
//! Every text from the evidence, catalogue or policies is escaped.

use std::fmt::Write as _;
use std::io;

use super::{Report, release_label, verdict_label};
use crate::manifest::FileDigest;
use crate::matrix::{EvidenceRef, Row, Status};

const STYLE: &str = r#"
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.verdict { font-weight: 600; padding: .15rem .5rem; border-radius: .3rem; }
.counts { margin: .75rem 0; }
.counts span { margin-right: 1rem; }
fieldset { border: 1px solid #ccc; border-radius: .3rem; margin: 1rem 0; }
fieldset label { margin-right: 1rem; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e5e5e5; }
th { background: #f5f5f7; }
td.id { font-family: ui-monospace, monospace; white-space: nowrap; }
.status { font-family: ui-monospace, monospace; padding: .1rem .4rem; border-radius: .25rem; white-space: nowrap; }
.s-pass { background: #d9f2dd; color: #0b5a1a; }
.s-fail, .s-missing_evidence { background: #fbd9d6; color: #8a1208; }
.s-error { background: #3a0d0a; color: #fff; }
.s-warn { background: #fdefc7; color: #6b4c00; }
.s-waived, .s-not_applicable { background: #ececec; color: #444; }
.req > .summary { cursor: pointer; }
.req > .summary::before { content: "▾ "; color: #888; }
.req.closed > .summary::before { content: "▸ "; }
.req > .body { margin: .5rem 0 .5rem 1rem; }
.req.closed > .body { display: none; }
header.run { margin-bottom: 1rem; }
header.run dl { display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem; margin: .5rem 0; }
header.run dt { color: #555; }
header.run dd { margin: 0; font-family: ui-monospace, monospace; font-size: .92em; word-break: break-all; }
table.basis { width: auto; margin: .25rem 0 .5rem; }
table.basis td, table.basis th { padding: .15rem .5rem; font-size: .92em; }
@media print {
  body { margin: 0; font-size: 11px; }
  fieldset, .no-print { display: none !important; }
  tr[data-status][hidden] { display: table-row !important; }
  .req.closed > .body { display: block !important; }
  .req > .summary::before { content: none; }
  tr[data-status] { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
  .status { border: 1px solid #999; }
}
code, .mono { font-family: ui-monospace, monospace; font-size: .92em; }
ul { margin: .25rem 0; padding-left: 1.25rem; }
.manifest td { font-family: ui-monospace, monospace; font-size: .85em; word-break: break-all; }
footer { margin-top: 2rem; color: #666; font-size: .85em; }
"#;

const SCRIPT: &str = r#"
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name=status]'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-status]'));
  function apply() {
    var shown = {};
    boxes.forEach(function (b) { shown[b.value] = b.checked; });
    var visible = 0;
    rows.forEach(function (r) {
      r.hidden = !shown[r.getAttribute('data-status')];
      if (!r.hidden) { visible++; }
    });
    document.getElementById('visible').textContent = String(visible);
  }
  function fromHash() {
    var m = /status=([a-z_,]*)/.exec(location.hash);
    if (!m) { return; }
    var wanted = m[1].split(',');
    boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
  }
  boxes.forEach(function (b) {
    b.addEventListener('change', function () {
      var on = boxes.filter(function (x) { return x.checked; }).map(function (x) { return x.value; });
      history.replaceState(null, '', '#status=' + on.join(','));
      apply();
    });
  });
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  // Passing and not applicable requirements start closed on screen; print shows them all.
  Array.prototype.slice.call(document.querySelectorAll('.req')).forEach(function (req) {
    var summary = req.querySelector('.summary');
    if (req.getAttribute('data-open') !== 'true') { req.classList.add('closed'); }
    function toggle() {
      req.classList.toggle('closed');
      summary.setAttribute('aria-expanded', String(!req.classList.contains('closed')));
    }
    summary.setAttribute('aria-expanded', String(!req.classList.contains('closed')));
    summary.addEventListener('click', toggle);
    summary.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); }
    });
  });
  fromHash();
  apply();
  document.body.setAttribute('data-ready', 'true');
})();
"#;

pub fn render(report: &Report<'_>, out: &mut dyn io::Write) -> io::Result<()> {
    let matrix = report.matrix;
    let summary = matrix.summary();
    let release = release_label(&matrix.release);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>relpolicy: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&release)
    );
    let exit_class = match report.exit.code() {
        0 => "s-pass",
        1 => "s-fail",
        _ => "s-error",
    };
    let _ = writeln!(
        h,
        "<header class=\"run\">\n<h1>relpolicy: {}</h1>\n<p><span class=\"verdict {exit_class}\" id=\"verdict\">{}</span> \
         exit {} · phase <code>{}</code>{}</p>",
        esc(&release),
        esc(verdict_label(report.exit)),
        report.exit.code(),
        matrix.phase,
        matrix
            .profile
            .as_ref()
            .map_or_else(String::new, |p| format!(
                " · profile <code id=\"profile\">{}</code>",
                esc(p)
            ))
    );
    // What an auditor needs to tie the page to its run.
    let m = report.manifest;
    let evaluated = m.evaluated_at.as_deref().unwrap_or("not recorded");
    let _ = writeln!(
        h,
        "<dl id=\"run\"><dt>Release</dt><dd>{release}</dd><dt>Verdict</dt><dd>{verdict} (exit {code})</dd>\
         <dt>Evaluated</dt><dd id=\"evaluated\">{evaluated}</dd><dt>Judged as of</dt><dd id=\"as-of\">{evaluated}</dd>\
         <dt>Policy library</dt><dd id=\"library\">sha256:{library} ({policies} policy files; catalogue {catalog})</dd>\
         <dt>Evidence</dt><dd>{evidence}</dd><dt>Paths relative to</dt><dd id=\"base\">{base}</dd>\
         <dt>relpolicy</dt><dd>{version}</dd></dl>\n</header>",
        release = esc(&release),
        verdict = esc(verdict_label(report.exit)),
        code = report.exit.code(),
        evaluated = esc(evaluated),
        library = m.library_digest(),
        policies = m.policies.len(),
        catalog = esc(m.catalog.as_ref().map_or("none", |c| c.path.as_str())),
        evidence = m.evidence.first().map_or_else(
            || "none".to_owned(),
            |f| format!("{} (sha256:{})", esc(&f.path), esc(&f.sha256))
        ),
        base = esc(&report.paths.base.to_string_lossy()),
        version = esc(m.tool.version),
    );
    h.push_str("<p class=\"counts\" id=\"counts\">");
    let _ = write!(h, "<span><b>{}</b> requirements</span>", summary.total);
    for status in Status::ALL {
        let n = summary.count(status);
        if n > 0 {
            let _ = write!(
                h,
                "<span><span class=\"status s-{status}\">{status}</span> {n}</span>"
            );
        }
    }
    h.push_str("</p>\n<fieldset class=\"no-print\"><legend>Show</legend>");
    for status in Status::ALL {
        let _ = write!(
            h,
            "<label><input type=\"checkbox\" name=\"status\" value=\"{status}\" checked> {status} ({})</label>",
            summary.count(status)
        );
    }
    h.push_str(" <span>(<span id=\"visible\">");
    let _ = write!(h, "{}", summary.total);
    h.push_str("</span> shown)</span></fieldset>\n");

    h.push_str("<table id=\"matrix\">\n<thead><tr><th>ID</th><th>Status</th><th>Requirement</th></tr></thead>\n<tbody>\n");
    for row in &matrix.rows {
        requirement(&mut h, row, &report.manifest.evidence, report.paths);
    }
    h.push_str("</tbody>\n</table>\n");

    if !matrix.waivers.is_empty() {
        h.push_str("<h2>Waivers</h2>\n<table id=\"waivers\">\n<thead><tr><th>Waiver</th><th>Requirement</th><th>State</th><th>Reason</th><th>Approved by</th><th>Expires</th><th>Ticket</th></tr></thead>\n<tbody>\n");
        for w in &matrix.waivers {
            let _ = writeln!(
                h,
                "<tr data-waiver-state=\"{state}\"><td class=\"id\">{id}</td><td class=\"id\"><a href=\"#{req}\">{req}</a></td><td><code>{state}</code>{note}</td><td>{reason}</td><td>{name} ({role}), {at}</td><td>{expires}</td><td>{ticket}</td></tr>",
                id = esc(&w.id),
                req = esc(&w.requirement),
                state = w.state.as_str(),
                note = w
                    .note
                    .as_deref()
                    .map_or_else(String::new, |n| format!("<br><small>{}</small>", esc(n))),
                reason = esc(&w.reason),
                name = esc(&w.approved_by.name),
                role = esc(&w.role),
                at = esc(&w.approved_at),
                expires = esc(&w.expires),
                ticket = esc(&w.ticket),
            );
        }
        h.push_str("</tbody>\n</table>\n");
    }

    if !report.diagnostics.is_empty() {
        h.push_str("<h2>Input problems</h2>\n<ul>\n");
        for p in report.diagnostics {
            let at = p
                .location()
                .map_or_else(String::new, |(path, line)| format!(" ({path}:{line})"));
            let _ = writeln!(
                h,
                "<li><code>{}</code>: {}{}</li>",
                esc(p.code()),
                esc(p.message()),
                esc(&at)
            );
        }
        h.push_str("</ul>\n");
    }

    let m = report.manifest;
    h.push_str("<h2>Manifest</h2>\n<p>SHA-256 of everything these verdicts rest on; <code>relpolicy verify</code> re-checks them.</p>\n<table class=\"manifest\">\n<thead><tr><th>what</th><th>file</th><th>sha256</th></tr></thead>\n<tbody>\n");
    for (what, f) in m.files() {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(what),
            esc(&f.path),
            esc(&f.sha256)
        );
    }
    h.push_str("</tbody>\n</table>\n");
    let _ = writeln!(
        h,
        "<footer>relpolicy {}{}</footer>",
        esc(m.tool.version),
        m.evaluated_at
            .as_deref()
            .map_or_else(String::new, |t| format!(" · evaluated {}", esc(t)))
    );
    let _ = write!(h, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out.write_all(h.as_bytes())
}

fn requirement(h: &mut String, row: &Row, digests: &[FileDigest], paths: &crate::paths::Paths) {
    let _ = write!(
        h,
        "<tr data-status=\"{status}\" id=\"{id}\"><td class=\"id\">{id}</td>\
         <td><span class=\"status s-{status}\">{status}</span></td><td><div class=\"req\" data-open=\"{open}\"><div class=\"summary\" role=\"button\" tabindex=\"0\">{title}{reason}</div><div class=\"body\">",
        status = row.status,
        id = esc(&row.id),
        title = esc(&row.title),
        open = !matches!(row.status, Status::Pass | Status::NotApplicable),
        reason = row
            .reason()
            .map_or_else(String::new, |r| format!(" — <i>{}</i>", esc(r))),
    );
    let _ = write!(h, "<p>{}</p>", esc(&row.statement));
    let severity = row
        .severity
        .map_or_else(String::new, |s| format!(" · severity {s}"));
    let _ = write!(h, "<p>Category {}{}", esc(&row.category), esc(&severity));
    if let Some(p) = &row.policy {
        let _ = write!(
            h,
            " · policy <code>{}</code> (<code>{}</code>{})",
            esc(&p.file),
            esc(&p.package),
            p.rule
                .map_or_else(String::new, |r| format!(", rule <code>{r}</code>"))
        );
    }
    h.push_str("</p>");
    if !row.messages.is_empty() {
        h.push_str("<ul class=\"messages\">");
        for m in &row.messages {
            let _ = write!(h, "<li>{}", esc(&m.text));
            if let Some(w) = &m.waived_by {
                let _ = write!(
                    h,
                    " <span class=\"status s-waived\">waived by {}</span>",
                    esc(w)
                );
            } else if let Some(help) = super::snippet::params_help(m) {
                let _ = write!(h, "<br><small>{}</small>", esc(&help));
            }
            for e in &m.evidence {
                let _ = write!(h, "<br><small>{}</small>", place(e, digests, paths));
            }
            h.push_str("</li>");
        }
        h.push_str("</ul>");
    }
    if !row.evidence.is_empty() {
        h.push_str("<p>Evidence:</p><ul class=\"evidence\">");
        for e in &row.evidence {
            let _ = write!(h, "<li>{}</li>", place(e, digests, paths));
        }
        h.push_str("</ul>");
    }
    if !row.basis.is_empty() {
        h.push_str("<p>What the verdict rests on:</p><table class=\"basis\"><tbody>");
        for b in &row.basis {
            let at = b.location.as_ref().map_or_else(String::new, |l| {
                format!(
                    " at <a href=\"{}\">{}</a>",
                    esc(&super::percent_encode(&paths.show(&l.path))),
                    esc(&paths.location(l))
                )
            });
            let _ = write!(
                h,
                "<tr><th colspan=\"2\">{} <code>{}</code>{at}</th></tr>",
                esc(b.what.as_deref().unwrap_or("evidence")),
                esc(&b.pointer)
            );
            for (name, value) in &b.values {
                let shown = match value {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let _ = write!(
                    h,
                    "<tr><td><code>{}</code></td><td>{}</td></tr>",
                    esc(name),
                    esc(&shown)
                );
            }
        }
        if row.basis_omitted > 0 {
            let _ = write!(
                h,
                "<tr><td colspan=\"2\">… and {} more (reports keep the first {})</td></tr>",
                row.basis_omitted,
                crate::matrix::BASIS_SHOWN
            );
        }
        h.push_str("</tbody></table>");
    }
    if let Some(fix) = &row.remediation
        && matches!(row.status, Status::Fail | Status::MissingEvidence)
    {
        let _ = write!(h, "<p><b>How to fix:</b> {}</p>", esc(fix));
    }
    h.push_str("</div></div></td></tr>\n");
}

/// `/approvals/3` at `approvals.yaml:5:3`, linked to the file (relative to the report), with the
/// file's digest when the manifest has it.
fn place(e: &EvidenceRef, digests: &[FileDigest], paths: &crate::paths::Paths) -> String {
    let mut s = format!("<code>{}</code>", esc(&e.pointer));
    if !e.present {
        s.push_str(" (absent)");
    }
    if let Some(l) = &e.location {
        let digest = digests
            .iter()
            .find(|d| d.path == l.path)
            .map_or_else(String::new, |d| {
                format!(" <span class=\"mono\">sha256:{}</span>", esc(&d.sha256))
            });
        let _ = write!(
            s,
            " at <a href=\"{}\">{}</a>{digest}",
            esc(&super::percent_encode(&paths.show(&l.path))),
            esc(&paths.location(l))
        );
    }
    s
}

/// Text for HTML content and attribute values.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_break_out_of_content_or_attributes() {
        assert_eq!(
            esc("<script>\"x\"&'"),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;"
        );
    }
}
