//! `relpolicy verify REPORT [EVIDENCE]`: does an archived report still stand?
//!
//! The report's manifest names every input by path and SHA-256. verify checks the evidence
//! again with the library and phase the report names, as `check --format json` would, and
//! compares the two reports: every file whose digest changed, that is missing, or that was
//! not there before is named, and so is every requirement whose verdict or messages differ.
//! A report stands only when nothing differs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::catalog::Phase;
use crate::cli::{CheckArgs, LibraryArgs, VerifyArgs};
use crate::cmd::{Outcome, emit};
use crate::diagnostics::Problem;
use crate::matrix::Exit;
use crate::policy::library::BUILTIN;
use crate::report::Format;
use crate::report::archived::{InputState, compare_inputs};

/// How the document itself is named in a manifest when it was gathered from a folder.
const GATHERED: &str = " (gathered)";

pub fn run(args: &VerifyArgs, stdout: &mut dyn Write) -> Outcome {
    // A verification summary attestation (signed or not) is verified as one.
    if let Some(outcome) = super::verify_vsa::run(args, stdout) {
        return outcome;
    }
    if args.key.is_some() {
        return Outcome::failed(vec![
            Problem::error(
                "relpolicy::verify::report",
                format!(
                    "--key checks the signature of a verification summary attestation, and {} is a JSON report",
                    args.report.display()
                ),
            )
            .help("give the VSA written with --report vsa=FILE --sign-key KEY, or leave out --key to verify the JSON report"),
        ]);
    }
    let old = match crate::report::archived::read(&args.report, "relpolicy::verify::report") {
        Ok(old) => old,
        Err(problem) => return Outcome::failed(vec![problem]),
    };
    let manifest = &old["manifest"];
    // Paths in a report are relative to its base (reports before 1.3 have none: they were
    // relative to the directory relpolicy ran in).
    let base = old["base"]
        .as_str()
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let resolve = |path: &str| -> PathBuf {
        let path = path.strip_suffix(GATHERED).unwrap_or(path);
        base.join(path)
    };
    let recorded = manifest["evidence"][0]["path"].as_str().unwrap_or("");
    let evidence = args.evidence.clone().unwrap_or_else(|| resolve(recorded));
    if !evidence.exists() {
        return Outcome::failed(vec![
            Problem::error(
                "relpolicy::verify::no_evidence",
                format!(
                    "the evidence the report rests on is not at {} (the report's base is {})",
                    evidence.display(),
                    base.display()
                ),
            )
            .help(format!(
                "if the archive moved, name its new place: relpolicy verify {} EVIDENCE (a release folder or an evidence document)",
                args.report.display()
            )),
        ]);
    }
    let catalog_path = manifest["catalog"]["path"].as_str().unwrap_or("");
    let policies = args.policies.clone().or_else(|| {
        // A library directory's catalogue is DIR/catalog.yaml; the built-in one needs nothing.
        (!catalog_path.starts_with(BUILTIN))
            .then(|| resolve(catalog_path).parent().map(Path::to_path_buf))
            .flatten()
    });
    let params = args
        .params
        .clone()
        .or_else(|| manifest["params_override"]["path"].as_str().map(resolve));
    let phase = match old["phase"].as_str() {
        Some("pre-deploy") => Phase::PreDeploy,
        _ => Phase::PostDeploy,
    };
    let check = CheckArgs {
        // Judged as of the same moment as the report, so "nothing dated after the evaluation"
        // gives the same answer a year later.
        as_of: manifest["evaluated_at"]
            .as_str()
            .and_then(crate::when::parse_time),
        // The same waivers and profile: they are part of what the verdicts rest on.
        waivers: manifest["waivers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w["path"].as_str().map(resolve))
            .collect(),
        profile: manifest["profile"].as_str().map(str::to_owned),
        ..CheckArgs::again(
            evidence.clone(),
            LibraryArgs {
                policies,
                catalog: args.catalog.clone(),
                params,
            },
            phase,
            Format::Json,
        )
    };
    let mut buffer = Vec::new();
    let outcome = crate::cmd::check::run(&check, &mut buffer);
    let new: Value = match crate::json::parse_slice(&buffer) {
        Ok(new) => new,
        Err(_) => return Outcome::failed(outcome.problems),
    };

    let mut text = format!(
        "Verifying {} (relpolicy {}, evaluated {}) against {}\n\n",
        args.report.display(),
        old["tool"]["version"].as_str().unwrap_or("?"),
        manifest["evaluated_at"]
            .as_str()
            .unwrap_or("at an unrecorded time"),
        evidence.display()
    );
    let files = compare_inputs(&old["manifest"], &new["manifest"]);
    let mut verdicts = compare_verdicts(&old, &new);
    // A report made before evaluation times were recorded (1.0) is judged as of now; one that
    // records a time that is not a zoned time cannot be judged as of it, and does not stand.
    if let Some(at) = manifest.get("evaluated_at").filter(|t| !t.is_null())
        && at.as_str().and_then(crate::when::parse_time).is_none()
    {
        verdicts.push(format!(
            "evaluated_at: {at} is not an RFC 3339 time with a zone, so the verdicts cannot be judged as of it"
        ));
    }
    // Paths as they would be typed from here: the new report's base is where they are now.
    let shown = crate::paths::Paths::new(
        new["base"]
            .as_str()
            .map_or_else(|| base.clone(), PathBuf::from),
    );
    for input in &files {
        let name = match input.name.strip_suffix(input.path.as_str()) {
            // The schema is compiled in: its name is not a path.
            Some(what) if !input.path.is_empty() && what != "schema " => {
                format!("{what}{}", shown.show(&input.path))
            }
            _ => input.name.clone(),
        };
        let _ = writeln!(text, "  {:<8} {name}", input.state.label());
    }
    let count = |state: InputState| files.iter().filter(|f| f.state == state).count();
    let _ = writeln!(
        text,
        "\n{} files: {} unchanged, {} changed, {} missing, {} added",
        files.len(),
        count(InputState::Unchanged),
        count(InputState::Changed),
        count(InputState::Missing),
        count(InputState::Added)
    );
    let total = new["requirements"].as_array().map_or(0, Vec::len);
    if verdicts.is_empty() {
        let _ = writeln!(
            text,
            "Re-evaluated {total} requirements: every verdict and message is as reported."
        );
    } else {
        let _ = writeln!(
            text,
            "Re-evaluated {total} requirements: {} differ.",
            verdicts.len()
        );
        for line in &verdicts {
            let _ = writeln!(text, "  {line}");
        }
    }
    if old["tool"]["version"] != new["tool"]["version"] {
        let _ = writeln!(
            text,
            "Note: the report was made by relpolicy {}, this is {}.",
            old["tool"]["version"].as_str().unwrap_or("?"),
            new["tool"]["version"].as_str().unwrap_or("?")
        );
    }
    let stands = files.iter().all(|f| f.state == InputState::Unchanged) && verdicts.is_empty();
    text.push_str(if stands {
        "\nThe report stands.\n"
    } else {
        "\nThe report does not stand.\n"
    });

    let mut problems = outcome.problems;
    let mut exit = if stands { Exit::Pass } else { Exit::Violations };
    if let Err(problem) = emit(None, stdout, "the verification", |out| {
        out.write_all(crate::source::printable(&text).as_bytes())
    }) {
        problems.push(problem);
        exit = Exit::Error;
    }
    Outcome { exit, problems }
}

/// One line per requirement whose status or messages differ between the two reports.
fn compare_verdicts(old: &Value, new: &Value) -> Vec<String> {
    let rows = |r: &Value| -> BTreeMap<String, (String, Vec<String>)> {
        r["requirements"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|row| {
                let messages = row["messages"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|m| {
                        let text = m["text"].as_str()?;
                        Some(match m["waived_by"].as_str() {
                            Some(w) => format!("{text} [waived by {w}]"),
                            None => text.to_owned(),
                        })
                    })
                    .collect();
                (
                    row["id"].as_str().unwrap_or("").to_owned(),
                    (row["status"].as_str().unwrap_or("").to_owned(), messages),
                )
            })
            .collect()
    };
    let (before, now) = (rows(old), rows(new));
    let mut out = Vec::new();
    for (id, (status, messages)) in &before {
        match now.get(id) {
            None => out.push(format!(
                "{id}: reported {status}, no longer in the catalogue"
            )),
            Some((s, _)) if s != status => {
                out.push(format!("{id}: reported {status}, now {s}"));
            }
            Some((_, m)) if m != messages => {
                out.push(format!("{id}: {status} as reported, but for other reasons"));
            }
            Some(_) => {}
        }
    }
    for (id, (status, _)) in &now {
        if !before.contains_key(id) {
            out.push(format!("{id}: not in the report, now {status}"));
        }
    }
    if old["exit_code"] != new["exit_code"] {
        out.push(format!(
            "exit code: reported {}, now {}",
            old["exit_code"], new["exit_code"]
        ));
    }
    out
}
