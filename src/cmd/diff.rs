//! `relpolicy diff OLD.json NEW.json`: what changed between two reports, per requirement.
//!
//! For each requirement: its status before and after, the findings it gained and lost, the
//! inputs behind it whose digest changed (the evidence files its messages cite, its policy
//! file), and its waivers added, removed, newly used and newly expired. A requirement got worse
//! when it left `pass`, gained a finding, or moved to a more blocking status (`waived` to
//! `fail`); the exit status is 1 then, 0 otherwise, and 2 when a report cannot be read.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;
use serde_json::Value;

use crate::cli::{DiffArgs, DiffFormat};
use crate::cmd::{Outcome, emit};
use crate::matrix::Exit;
use crate::report::archived::{self, Input, InputState};

/// The format of `relpolicy diff --format json`.
pub const DIFF_VERSION: &str = "1.0";

/// A report as the diff names it.
#[derive(Debug, Serialize)]
struct Side {
    path: String,
    report_version: String,
    release: Value,
    profile: Value,
    evaluated_at: Value,
    exit_code: Value,
}

/// A finding (a message that is not an explanation) of one report.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
struct Finding {
    kind: String,
    text: String,
}

#[derive(Debug, Default, Serialize)]
struct Waivers {
    added: Vec<String>,
    removed: Vec<String>,
    used: Vec<String>,
    expired: Vec<String>,
}

impl Waivers {
    fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.used.is_empty()
            && self.expired.is_empty()
    }
}

/// One requirement that changed.
#[derive(Debug, Serialize)]
struct Change {
    id: String,
    title: String,
    /// `null` when the report has no such requirement.
    old_status: Option<String>,
    new_status: Option<String>,
    worse: bool,
    better: bool,
    findings_added: Vec<Finding>,
    findings_removed: Vec<Finding>,
    inputs_changed: Vec<String>,
    waivers: Waivers,
}

#[derive(Debug, Serialize)]
struct InputChange {
    input: String,
    change: &'static str,
}

#[derive(Debug, Serialize)]
struct Diff {
    diff_version: &'static str,
    old: Side,
    new: Side,
    worse: bool,
    summary: Summary,
    inputs: Vec<InputChange>,
    requirements: Vec<Change>,
}

#[derive(Debug, Serialize)]
struct Summary {
    requirements: usize,
    changed: usize,
    worse: usize,
    better: usize,
    inputs_changed: usize,
}

pub fn run(args: &DiffArgs, stdout: &mut dyn Write) -> Outcome {
    let code = "relpolicy::diff::report";
    let (old, new) = match (
        archived::read(&args.old, code),
        archived::read(&args.new, code),
    ) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            return Outcome::failed(old.err().into_iter().chain(new.err()).collect());
        }
    };
    let diff = compare(
        side(&args.old.display().to_string(), &old),
        side(&args.new.display().to_string(), &new),
        &old,
        &new,
    );
    let mut exit = if diff.worse {
        Exit::Violations
    } else {
        Exit::Pass
    };
    let written = emit(
        args.output.as_deref(),
        stdout,
        "the diff",
        |out| match args.format {
            DiffFormat::Json => {
                serde_json::to_writer_pretty(&mut *out, &diff)?;
                writeln!(out)
            }
            // The reports' labels and findings come from evidence: shown, never obeyed.
            DiffFormat::Table => out.write_all(crate::source::printable(&table(&diff)).as_bytes()),
            DiffFormat::Markdown => out.write_all(markdown(&diff).as_bytes()),
        },
    );
    let mut problems = Vec::new();
    if let Err(problem) = written {
        problems.push(problem);
        exit = Exit::Error;
    }
    Outcome { exit, problems }
}

fn side(path: &str, report: &Value) -> Side {
    Side {
        path: path.to_owned(),
        report_version: report["report_version"].as_str().unwrap_or("").to_owned(),
        release: report["release"].clone(),
        profile: report["profile"].clone(),
        evaluated_at: report["manifest"]["evaluated_at"].clone(),
        exit_code: report["exit_code"].clone(),
    }
}

/// How far a status keeps a release from production: passing, allowed with a note, blocking,
/// not decided.
fn rank(status: Option<&str>) -> u8 {
    match status {
        Some("pass" | "not_applicable") => 0,
        Some("warn" | "waived") => 1,
        Some("fail" | "missing_evidence") => 2,
        _ => 3,
    }
}

fn rows(report: &Value) -> BTreeMap<String, &Value> {
    report["requirements"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| Some((r["id"].as_str()?.to_owned(), r)))
        .collect()
}

fn findings(row: Option<&&Value>) -> BTreeSet<Finding> {
    row.and_then(|r| r["messages"].as_array())
        .into_iter()
        .flatten()
        .filter(|m| m["kind"] != "info")
        .map(|m| Finding {
            kind: m["kind"].as_str().unwrap_or("").to_owned(),
            text: m["text"].as_str().unwrap_or("").to_owned(),
        })
        .collect()
}

/// The files a row rests on: its policy and the evidence files its places are in.
fn files_of(row: Option<&&Value>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Some(row) = row else { return out };
    if let Some(file) = row["policy"]["file"].as_str() {
        out.insert(file.to_owned());
    }
    let places = row["evidence"].as_array().into_iter().flatten().chain(
        row["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|m| m["evidence"].as_array().into_iter().flatten()),
    );
    for place in places {
        if let Some(path) = place["location"]["path"].as_str() {
            out.insert(path.to_owned());
        }
    }
    out
}

/// Per waiver id: (requirement, state).
fn waivers(report: &Value) -> BTreeMap<String, (String, String)> {
    report["waivers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| {
            Some((
                w["id"].as_str()?.to_owned(),
                (
                    w["requirement"].as_str().unwrap_or("").to_owned(),
                    w["state"].as_str().unwrap_or("").to_owned(),
                ),
            ))
        })
        .collect()
}

fn compare(old_side: Side, new_side: Side, old: &Value, new: &Value) -> Diff {
    let inputs: Vec<Input> = archived::compare_inputs(&old["manifest"], &new["manifest"]);
    let changed_paths: BTreeSet<&str> = inputs
        .iter()
        .filter(|i| i.state != InputState::Unchanged)
        .map(|i| i.path.as_str())
        .collect();
    let (before, after) = (rows(old), rows(new));
    let (waivers_before, waivers_after) = (waivers(old), waivers(new));
    let mut ids: Vec<&String> = before.keys().chain(after.keys()).collect();
    ids.sort_by(|a, b| crate::catalog::cmp_ids(a, b));
    ids.dedup();
    let mut changes = Vec::new();
    for id in ids {
        let (o, n) = (before.get(id), after.get(id));
        let status = |r: Option<&&Value>| r.and_then(|r| r["status"].as_str()).map(str::to_owned);
        let (old_status, new_status) = (status(o), status(n));
        let (was, is) = (findings(o), findings(n));
        let added: Vec<Finding> = is.difference(&was).cloned().collect();
        let removed: Vec<Finding> = was.difference(&is).cloned().collect();
        let inputs_changed: Vec<String> = files_of(o)
            .union(&files_of(n))
            .filter(|p| changed_paths.contains(p.as_str()))
            .cloned()
            .collect();
        let mut w = Waivers::default();
        let used = |s: &str| s == "applied" || s == "partial";
        for (wid, (requirement, state)) in &waivers_after {
            if requirement != id {
                continue;
            }
            let earlier = waivers_before.get(wid).map(|(_, s)| s.as_str());
            if earlier.is_none() {
                w.added.push(wid.clone());
            }
            if used(state) && !earlier.is_some_and(used) {
                w.used.push(wid.clone());
            }
            if state == "expired" && earlier != Some("expired") {
                w.expired.push(wid.clone());
            }
        }
        for (wid, (requirement, _)) in &waivers_before {
            if requirement == id && !waivers_after.contains_key(wid) {
                w.removed.push(wid.clone());
            }
        }
        let left_pass =
            old_status.as_deref() == Some("pass") && new_status.as_deref() != Some("pass");
        let worse = left_pass
            || !added.is_empty()
            || rank(new_status.as_deref()) > rank(old_status.as_deref());
        let better = !worse
            && (rank(new_status.as_deref()) < rank(old_status.as_deref())
                || (new_status.as_deref() == Some("pass")
                    && old_status.as_deref() != Some("pass")));
        if old_status == new_status
            && added.is_empty()
            && removed.is_empty()
            && inputs_changed.is_empty()
            && w.is_empty()
        {
            continue;
        }
        let title = n
            .or(o)
            .and_then(|r| r["title"].as_str())
            .unwrap_or("")
            .to_owned();
        changes.push(Change {
            id: id.clone(),
            title,
            old_status,
            new_status,
            worse,
            better,
            findings_added: added,
            findings_removed: removed,
            inputs_changed,
            waivers: w,
        });
    }
    let input_changes: Vec<InputChange> = inputs
        .iter()
        .filter(|i| i.state != InputState::Unchanged)
        .map(|i| InputChange {
            input: i.name.clone(),
            change: match i.state {
                InputState::Changed => "changed",
                InputState::Missing => "removed",
                _ => "added",
            },
        })
        .collect();
    let summary = Summary {
        requirements: before.len().max(after.len()),
        changed: changes.len(),
        worse: changes.iter().filter(|c| c.worse).count(),
        better: changes.iter().filter(|c| c.better).count(),
        inputs_changed: input_changes.len(),
    };
    Diff {
        diff_version: DIFF_VERSION,
        old: old_side,
        new: new_side,
        worse: summary.worse > 0,
        summary,
        inputs: input_changes,
        requirements: changes,
    }
}

fn label(side: &Side) -> String {
    let r = &side.release;
    let field = |k: &str| r[k].as_str().unwrap_or("?").to_owned();
    format!(
        "{} (release {}, {} {}; exit {}; evaluated {})",
        side.path,
        field("id"),
        field("name"),
        field("version"),
        side.exit_code,
        side.evaluated_at
            .as_str()
            .unwrap_or("at an unrecorded time")
    )
}

fn shown(status: &Option<String>) -> &str {
    status.as_deref().unwrap_or("absent")
}

fn verdict(diff: &Diff) -> String {
    if diff.worse {
        let worse: Vec<&str> = diff
            .requirements
            .iter()
            .filter(|c| c.worse)
            .map(|c| c.id.as_str())
            .collect();
        format!("Got worse: {} → exit 1", worse.join(", "))
    } else {
        "Nothing got worse → exit 0".to_owned()
    }
}

fn waiver_lines(w: &Waivers) -> Vec<String> {
    [
        ("waiver added", &w.added),
        ("waiver removed", &w.removed),
        ("waiver now used", &w.used),
        ("waiver now expired", &w.expired),
    ]
    .into_iter()
    .filter(|(_, ids)| !ids.is_empty())
    .map(|(what, ids)| format!("{what}: {}", ids.join(", ")))
    .collect()
}

fn table(diff: &Diff) -> String {
    let mut t = String::new();
    // Every value on a line of its own: a line break in one cannot forge a line of the diff.
    let one = |text: &str| crate::source::single_line(text).into_owned();
    let _ = writeln!(t, "old: {}", one(&label(&diff.old)));
    let _ = writeln!(t, "new: {}", one(&label(&diff.new)));
    let _ = writeln!(t);
    let _ = writeln!(t, "Inputs: {} changed", diff.inputs.len());
    for i in &diff.inputs {
        let _ = writeln!(t, "  {:<8} {}", i.change.to_uppercase(), one(&i.input));
    }
    let _ = writeln!(t);
    let s = &diff.summary;
    let _ = writeln!(
        t,
        "Requirements: {} of {} changed ({} worse, {} better)",
        s.changed, s.requirements, s.worse, s.better
    );
    for c in &diff.requirements {
        let mark = if c.worse {
            "  WORSE"
        } else if c.better {
            "  better"
        } else {
            ""
        };
        let _ = writeln!(
            t,
            "  {} {} → {}{mark}  {}",
            c.id,
            shown(&c.old_status),
            shown(&c.new_status),
            one(&c.title)
        );
        for f in &c.findings_added {
            let _ = writeln!(t, "      + {} {}", f.kind, one(&f.text));
        }
        for f in &c.findings_removed {
            let _ = writeln!(t, "      - {} {}", f.kind, one(&f.text));
        }
        for p in &c.inputs_changed {
            let _ = writeln!(t, "      input changed: {}", one(p));
        }
        for line in waiver_lines(&c.waivers) {
            let _ = writeln!(t, "      {}", one(&line));
        }
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "{}", verdict(diff));
    t
}

fn markdown(diff: &Diff) -> String {
    use crate::report::markdown_cell as cell;
    let mut t = String::new();
    let icon = if diff.worse { "❌" } else { "✅" };
    let _ = writeln!(t, "## {icon} relpolicy diff: {}\n", cell(&verdict(diff)));
    let _ = writeln!(t, "- old: {}", cell(&label(&diff.old)));
    let _ = writeln!(t, "- new: {}\n", cell(&label(&diff.new)));
    let s = &diff.summary;
    let _ = writeln!(
        t,
        "**{} of {} requirements changed** ({} worse, {} better) · {} inputs changed\n",
        s.changed, s.requirements, s.worse, s.better, s.inputs_changed
    );
    if !diff.requirements.is_empty() {
        let _ = writeln!(t, "| Requirement | Before | After | | Changes |");
        let _ = writeln!(t, "| --- | --- | --- | --- | --- |");
        for c in &diff.requirements {
            let mut changes: Vec<String> = Vec::new();
            changes.extend(
                c.findings_added
                    .iter()
                    .map(|f| format!("+ {}", cell(&f.text))),
            );
            changes.extend(
                c.findings_removed
                    .iter()
                    .map(|f| format!("− {}", cell(&f.text))),
            );
            changes.extend(
                c.inputs_changed
                    .iter()
                    .map(|p| format!("input changed: `{}`", p.replace('`', ""))),
            );
            changes.extend(waiver_lines(&c.waivers).iter().map(|l| cell(l)));
            let _ = writeln!(
                t,
                "| {} {} | `{}` | `{}` | {} | {} |",
                c.id,
                cell(&c.title),
                shown(&c.old_status),
                shown(&c.new_status),
                if c.worse {
                    "worse"
                } else if c.better {
                    "better"
                } else {
                    ""
                },
                changes.join("<br>")
            );
        }
    }
    if !diff.inputs.is_empty() {
        let _ = writeln!(t, "\n<details><summary>Inputs changed</summary>\n");
        for i in &diff.inputs {
            let _ = writeln!(t, "- {} `{}`", i.change, i.input.replace('`', ""));
        }
        let _ = writeln!(t, "\n</details>");
    }
    t
}
