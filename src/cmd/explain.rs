//! `relpolicy explain ID`: one requirement, from its statement to the evidence values its
//! verdict rests on.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;

use regex::Regex;
use serde_json::Value;

use crate::catalog::Requirement;
use crate::checker::Checker;
use crate::cli::ExplainArgs;
use crate::cmd::{Outcome, emit, take_in};
use crate::diagnostics::Problem;
use crate::matrix::{Exit, Status};
use crate::policy::{Policy, Slot};

pub fn run(args: &ExplainArgs, stdout: &mut dyn Write) -> Outcome {
    let context = crate::evidence::Context {
        as_of: crate::manifest::evaluation_time(),
        limits: args.limits.limits(),
    };
    let checker = match Checker::new(&args.library.sources(), args.phase, context) {
        Ok(checker) => checker,
        Err(problems) => return Outcome::failed(problems),
    };
    let Some(requirement) = checker.catalog.get(&args.id) else {
        return Outcome::failed(vec![unknown(&checker, &args.id)]);
    };
    let mut problems = checker.problems.clone();
    let mut text = describe(&checker, requirement);
    let mut exit = Exit::Pass;

    if let Some(path) = args.evidence() {
        let (intake, gathering) = take_in(path, &context);
        problems.extend(gathering);
        let checked = checker.evaluate(intake);
        problems.extend(checked.problems);
        if let Some(row) = checked.matrix.rows.iter().find(|r| r.id == requirement.id) {
            let _ = writeln!(
                text,
                "\nVerdict on {}: {}",
                path.display(),
                row.status.as_str()
            );
            let mut findings = Vec::new();
            let base = checked.prepared.as_ref().map_or_else(
                || crate::paths::absolute(path),
                |prepared| prepared.base.clone(),
            );
            let paths = crate::paths::Paths::new(base);
            let _ = crate::report::write_findings(row, &paths, &mut findings);
            text.push_str(&String::from_utf8_lossy(&findings));
            if !row.basis.is_empty() {
                text.push_str("\nWhat the verdict rests on:\n");
            }
            for b in &row.basis {
                let at = b
                    .location
                    .as_ref()
                    .map_or_else(String::new, |l| format!(" at {}", paths.location(l)));
                let _ = writeln!(
                    text,
                    "  {} {}{at}",
                    b.what.as_deref().unwrap_or("evidence"),
                    b.pointer
                );
                let width = b.values.keys().map(String::len).max().unwrap_or(0);
                for (name, value) in &b.values {
                    let shown = match value {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    let indent = " ".repeat(4 + width + 2);
                    let _ = writeln!(
                        text,
                        "    {name:width$}  {}",
                        wrap(
                            &shown,
                            96usize.saturating_sub(indent.len()).max(40),
                            &indent
                        )
                    );
                }
            }
            if let Some(prepared) = &checked.prepared {
                let all: BTreeSet<&str> = row.evidence.iter().map(|e| e.pointer.as_str()).collect();
                // A cited item says more than the whole list it is in.
                let pointers: Vec<&str> = all
                    .iter()
                    .copied()
                    .filter(|p| {
                        !all.iter()
                            .any(|q| q.len() > p.len() && q.starts_with(&format!("{p}/")))
                    })
                    .collect();
                if !pointers.is_empty() {
                    text.push_str("\nEvidence behind it:\n");
                }
                for pointer in pointers {
                    match prepared.document.pointer(pointer) {
                        None => {
                            let _ = writeln!(text, "  {pointer} = (absent)");
                        }
                        // Whole, as pretty JSON, long lines wrapped: never cut.
                        Some(value) => {
                            let _ = writeln!(text, "  {pointer} =");
                            let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
                            for line in pretty.lines() {
                                let depth = line.len() - line.trim_start().len();
                                let indent = " ".repeat(4 + depth + 2);
                                let _ = writeln!(
                                    text,
                                    "    {}",
                                    wrap(
                                        line,
                                        96usize.saturating_sub(indent.len()).max(40),
                                        &indent
                                    )
                                );
                            }
                        }
                    }
                }
            }
            exit = match row.status {
                Status::Fail | Status::MissingEvidence => Exit::Violations,
                Status::Error => Exit::Error,
                _ => Exit::Pass,
            };
        }
    }
    if let Err(problem) = emit(None, stdout, "the explanation", |out| {
        out.write_all(text.as_bytes())
    }) {
        problems.push(problem);
        exit = Exit::Error;
    }
    Outcome { exit, problems }
}

fn unknown(checker: &Checker, id: &str) -> Problem {
    let closest = checker
        .catalog
        .requirements
        .iter()
        .map(|r| {
            (
                strsim::jaro_winkler(&r.id.to_ascii_uppercase(), &id.to_ascii_uppercase()),
                &r.id,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.clone());
    let ids: Vec<&str> = checker
        .catalog
        .requirements
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    Problem::error(
        "relpolicy::explain::unknown",
        format!("{id} is not in the catalogue"),
    )
    .help(match closest {
        Some(c) => format!("did you mean {c}? Catalogued: {}", ids.join(", ")),
        None => format!("catalogued requirements: {}", ids.join(", ")),
    })
}

/// The requirement, its policy and what the policy reads.
fn describe(checker: &Checker, r: &Requirement) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}\n", r.id, r.title);
    let _ = writeln!(out, "{}\n", wrap(&r.statement, 96, ""));
    let types: Vec<&str> = r.applies_to.iter().map(|t| t.as_str()).collect();
    let _ = writeln!(out, "  category    {}", r.category);
    let _ = writeln!(out, "  applies to  {} releases", types.join(", "));
    let _ = writeln!(out, "  phase       {}", r.phase);
    let mut source = r.origin.document.clone();
    for part in [&r.origin.step, &r.origin.section].into_iter().flatten() {
        let _ = write!(source, ", {part}");
    }
    let _ = writeln!(out, "  source      {source}");

    match checker.policies.get(&r.id) {
        Some(Slot::Policy(policy)) => policy_part(checker, policy, &mut out),
        Some(Slot::Contested(files)) => {
            let _ = writeln!(
                out,
                "\nPolicy: none trusted; {} policies claim {}: {}",
                files.len(),
                r.id,
                files.join(", ")
            );
        }
        None => {
            let _ = writeln!(
                out,
                "\nPolicy: none. Every check reports {} as error until a policy names it.",
                r.id
            );
        }
    }
    out
}

fn policy_part(checker: &Checker, policy: &Policy, out: &mut String) {
    let m = &policy.metadata;
    let _ = writeln!(
        out,
        "\nPolicy: {} (package {})",
        policy.file.name(),
        policy.package
    );
    if let Some(severity) = m.severity {
        let _ = writeln!(out, "  severity     {severity}");
    }
    if let Some(d) = &m.description {
        let _ = writeln!(out, "  description  {}", wrap(d, 80, "               "));
    }
    if let Some(r) = &m.remediation {
        let _ = writeln!(out, "  remediation  {}", wrap(r, 80, "               "));
    }

    let _ = writeln!(
        out,
        "\nEvidence it rests on (missing any of these makes it missing_evidence):"
    );
    for pointer in &m.evidence {
        let about = crate::schema::describe_evidence(pointer).unwrap_or_default();
        let _ = writeln!(out, "  {pointer:<28} {}", first_sentence(&about));
    }
    let text = policy.file.text();
    let reads = paths(text, r"\binput((?:\.[a-z_][a-z0-9_]*)+)");
    if !reads.is_empty() {
        let _ = writeln!(out, "\nEvidence fields the policy reads:");
        for path in reads {
            let _ = writeln!(out, "  input{path}");
        }
    }
    let params = paths(text, r"\bparams((?:\.[a-z_][a-z0-9_]*)+)");
    if !params.is_empty() {
        let values = checker.library.params_json().unwrap_or_default();
        let _ = writeln!(out, "\nParameters it reads (params.yaml, --params):");
        for path in params {
            let pointer = path.replace('.', "/");
            match values.pointer(&pointer) {
                None => {
                    let _ = writeln!(out, "  {:<40} (not set)", &path[1..]);
                }
                // A table of settings: one member a line, whole.
                Some(Value::Object(members)) => {
                    let _ = writeln!(out, "  {}", &path[1..]);
                    for (name, value) in members {
                        let _ = writeln!(
                            out,
                            "    {name:<38} {}",
                            wrap(&value.to_string(), 56, &" ".repeat(43))
                        );
                    }
                }
                Some(value) => {
                    let _ = writeln!(
                        out,
                        "  {:<40} {}",
                        &path[1..],
                        wrap(&value.to_string(), 56, &" ".repeat(43))
                    );
                }
            }
        }
    }
}

/// The distinct dotted paths the first group of `pattern` captures, outside comments.
fn paths(text: &str, pattern: &str) -> BTreeSet<String> {
    // The patterns are constants of this file.
    let re = Regex::new(pattern).expect("valid pattern");
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(|l| {
            re.captures_iter(l)
                .map(|c| c[1].to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn first_sentence(text: &str) -> &str {
    text.split_inclusive(". ").next().unwrap_or(text).trim()
}

/// `text` wrapped at `width`, continuation lines starting with `indent` (the first line's label
/// is written by the caller).
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let options = textwrap::Options::new(width + indent.len())
        .initial_indent(indent)
        .subsequent_indent(indent)
        // Identifiers such as production-deployment stay whole.
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let filled = textwrap::fill(text, options);
    filled.strip_prefix(indent).unwrap_or(&filled).to_owned()
}
