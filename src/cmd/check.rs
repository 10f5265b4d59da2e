//! `relpolicy check`: the whole pipeline, from evidence to report.
//!
//! Order matters for failing closed: the catalogue is read first (without it
//! there are no rows), then the policies (their problems are collected, and the
//! requirements they touch become `error`), then the evidence (if it cannot be
//! read, every row is `error`). The report is written whatever happened, so a
//! pipeline always gets a matrix to show.

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use crate::checker::Checker;
use crate::cli::CheckArgs;
use crate::cmd::{Outcome, emit, take_in};
use crate::diagnostics::any_errors;
use crate::evidence::{Context, Prepared};
use crate::manifest::FileDigest;
use crate::matrix::Exit;
use crate::report::{self, Format, Report};

/// How many shares of the policies one `check` compiles and evaluates at once: one per core,
/// up to four. On two cores two parts take a fifth off a cold check of the example (31 -> 24
/// ms, benches/README.md); more parts than cores are slower, as each part analyses the helper
/// libraries again.
fn parts() -> usize {
    crate::parallel::cores().min(4)
}

pub fn run(args: &CheckArgs, stdout: &mut dyn Write) -> Outcome {
    // A path that names nothing is a typo, not a release to report on: one error, no matrix.
    if let Some(problem) = crate::cmd::not_found(args.evidence()) {
        return Outcome::failed(vec![problem]);
    }
    // A key that cannot sign is known before anything is evaluated.
    let signer = match signer(args) {
        Ok(signer) => signer,
        Err(problem) => return Outcome::failed(vec![problem]),
    };
    // Compiling the library and reading the evidence are independent: do them on both cores.
    let context = Context {
        as_of: args.as_of.unwrap_or_else(crate::manifest::evaluation_time),
        limits: args.limits.limits(),
    };
    let (checker, intake) = std::thread::scope(|scope| {
        let compiling = scope.spawn(|| {
            let sources = args.library.sources();
            Checker::new_in_parts(&sources, args.phase, context, parts())
        });
        let intake = take_in(args.evidence(), &context);
        let checker = compiling
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (checker, intake)
    });
    let (intake, gathering) = intake;
    let mut checker = match checker {
        Ok(checker) => checker,
        Err(mut problems) => {
            let mut gathering = gathering;
            problems.append(&mut gathering);
            return Outcome::failed(problems);
        }
    };
    // This process checks one release: the load problems move into its report.
    let loading = std::mem::take(&mut checker.problems);
    let Release {
        checked,
        manifest,
        mut problems,
        mut exit,
        paths,
    } = release(
        &checker,
        loading,
        args.evidence(),
        (intake, gathering),
        &Tailoring {
            profile: args.profile.as_deref(),
            waivers: &args.waivers,
        },
    );
    // Only the table draws findings on their evidence; reading the cited files is for it alone.
    let table =
        args.format == Format::Table || args.reports.iter().any(|(f, _)| *f == Format::Table);
    let snippets = match &checked.prepared {
        Some(prepared) if table => report::snippet::collect(&checked.matrix, prepared, &paths),
        _ => Vec::new(),
    };
    let subjects = checked
        .prepared
        .as_ref()
        .map(|p| crate::attest::subjects(&p.document))
        .unwrap_or_default();
    let mut report = Report {
        matrix: &checked.matrix,
        manifest: &manifest,
        diagnostics: &problems,
        exit,
        snippets: &snippets,
        color: false,
        paths: &paths,
        width: None,
        verbose: args.verbose,
        subjects: &subjects,
        signer: signer.as_ref(),
        attestations: &[],
    };
    // The attestation first: the other reports record its digest.
    let (attestations, mut failed) = attest(args, &report, stdout);
    report.attestations = &attestations;
    let terminal = args.color;
    // Every requested report renders the same matrix; failures to write are collected and
    // reported after all of them were attempted.
    let targets = targets(args)
        .into_iter()
        .filter(|(format, _, _)| *format != Format::Vsa);
    failed.extend(targets.filter_map(|(format, path, what)| {
        // An HTML page links to files relative to its own folder.
        let shown = match path {
            Some(path) if format == Format::Html && !crate::cmd::is_stdout(path) => paths
                .shown_from(Some(crate::paths::absolute(
                    path.parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .unwrap_or(Path::new(".")),
                ))),
            _ => paths.clone(),
        };
        let to_stdout = path.is_none_or(crate::cmd::is_stdout);
        let report = Report {
            color: terminal && to_stdout,
            paths: &shown,
            width: if to_stdout {
                report::terminal_width()
            } else {
                None
            },
            ..report
        };
        emit(path, stdout, &what, |out| {
            report::render(format, &report, out)
        })
        .err()
    }));
    if !failed.is_empty() {
        problems.extend(failed);
        exit = Exit::Error;
    }
    // After the reports, which show the rows themselves: this is for standard error.
    problems.extend(undecided(&checked.matrix));
    // The process ends right after this; freeing a large document's values one by one only
    // delays the exit (measured at about 4% of a check), so leave that to the operating system.
    std::mem::forget(checked);
    std::mem::forget(checker);
    Outcome { exit, problems }
}

/// How the command line tailors every release: a profile overriding the folder's, and waiver
/// files added to those the folder names.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tailoring<'a> {
    pub profile: Option<&'a str>,
    pub waivers: &'a [std::path::PathBuf],
}

/// One release evaluated, with everything its reports show.
pub struct Release {
    pub checked: crate::checker::Checked,
    pub manifest: crate::manifest::Manifest,
    /// Problems with the inputs: the library's (`loading`), gathering's, the document's.
    pub problems: Vec<crate::diagnostics::Problem>,
    pub exit: Exit,
    pub paths: crate::paths::Paths,
}

/// Evaluate one release taken in from `evidence` with a compiled library: tailored by the
/// release folder's profile and waivers and by `tailoring`, exactly as `check` does. `check`
/// calls it once; `audit` once per release, sharing the checker (cloned only for a release
/// that is tailored).
pub fn release(
    checker: &Checker,
    loading: Vec<crate::diagnostics::Problem>,
    evidence: &Path,
    (intake, mut gathering): (crate::checker::Intake, Vec<crate::diagnostics::Problem>),
    tailoring: &Tailoring<'_>,
) -> Release {
    let mut problems = loading;
    problems.append(&mut gathering);
    // The release folder's manifest may name a profile and waiver files; the command line
    // adds waivers and overrides the profile.
    let settings = match &intake {
        Ok((prepared, _)) => prepared.settings.clone(),
        Err(_) => Default::default(),
    };
    let profile = tailoring.profile.or(settings.profile.as_deref());
    let mut waiver_files = tailoring.waivers.to_vec();
    waiver_files.extend(settings.waivers.iter().map(std::path::PathBuf::from));
    let tailored;
    let checker = if profile.is_none() && waiver_files.is_empty() {
        checker
    } else {
        let mut own = checker.clone();
        if let Some(name) = profile {
            problems.extend(own.use_profile(name));
        }
        problems.extend(own.use_waivers(&waiver_files));
        tailored = own;
        &tailored
    };
    let mut checked = checker.evaluate(intake);
    problems.append(&mut checked.problems);

    let mut manifest = checker.manifest();
    manifest.evidence = checked
        .prepared
        .as_ref()
        .map(evidence_digests)
        .unwrap_or_default();
    // Every path a report records is relative to one base: the release folder, or the folder
    // the evidence document is in.
    let base = match &checked.prepared {
        Some(prepared) => prepared.base.clone(),
        None => crate::paths::absolute(evidence),
    };
    rebase(&mut manifest, &mut checked.matrix, &base);
    let paths = crate::paths::Paths::new(base);
    let mut exit = checked.matrix.exit();
    if any_errors(&problems) {
        exit = Exit::Error;
    }
    Release {
        checked,
        manifest,
        problems,
        exit,
        paths,
    }
}

/// Every output asked for: the main format, then each `--report`, with how to name it.
fn targets(args: &CheckArgs) -> Vec<(Format, Option<&Path>, String)> {
    let mut targets = vec![(args.format, args.output.as_deref(), "the report".to_owned())];
    for (format, path) in &args.reports {
        targets.push((
            *format,
            Some(path.as_path()),
            format!("the {} report", format.name()),
        ));
    }
    targets
}

/// The signing key, when one is given for a VSA; refused when there is no VSA to sign.
fn signer(args: &CheckArgs) -> Result<Option<crate::attest::Signer>, crate::diagnostics::Problem> {
    let Some(path) = &args.sign_key else {
        return Ok(None);
    };
    if !targets(args).iter().any(|(f, _, _)| *f == Format::Vsa) {
        return Err(crate::diagnostics::Problem::error(
            "relpolicy::attest::nothing_to_sign",
            "--sign-key signs the verification summary attestation, and none is written",
        )
        .help("add --report vsa=FILE (or --format vsa) to write one"));
    }
    crate::attest::Signer::read(path).map(Some)
}

/// Write the VSA outputs; the digests of those written to files, for the other reports.
fn attest(
    args: &CheckArgs,
    report: &Report<'_>,
    stdout: &mut dyn Write,
) -> (Vec<FileDigest>, Vec<crate::diagnostics::Problem>) {
    let mut written = Vec::new();
    let mut problems = Vec::new();
    for (_, path, what) in targets(args)
        .into_iter()
        .filter(|(f, _, _)| *f == Format::Vsa)
    {
        if report.subjects.is_empty() {
            problems.push(
                crate::diagnostics::Problem::error(
                    "relpolicy::attest::no_subject",
                    "the release names no artifact with a sha256 digest, so there is nothing to attest the verdict for",
                )
                .help("list the release's artifacts with their digests (`artifacts:` in the evidence, docs/evidence.md); a VSA's subjects are the artifacts a deployment admits"),
            );
            continue;
        }
        let bytes = crate::attest::render(&report::vsa(report), report.signer);
        match emit(path, stdout, &what, |out| out.write_all(&bytes)) {
            Ok(()) => {
                if let Some(path) = path.filter(|p| !crate::cmd::is_stdout(p)) {
                    written.push(FileDigest {
                        path: crate::paths::relative_to(
                            &path.display().to_string(),
                            &report.paths.base,
                        ),
                        sha256: crate::manifest::sha256_hex(&bytes),
                    });
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    (written, problems)
}

/// Every requirement in `error`, named on standard error, so that exit status 2 always
/// explains itself there, whatever the report format and wherever the report was written.
pub fn undecided(matrix: &crate::matrix::Matrix) -> Option<crate::diagnostics::Problem> {
    use crate::matrix::Status;
    let rows: Vec<&crate::matrix::Row> = matrix
        .rows
        .iter()
        .filter(|r| r.status == Status::Error)
        .collect();
    if rows.is_empty() {
        return None;
    }
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    // Requirements that share a reason (an unreadable document) are listed together.
    let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
    for row in &rows {
        let reason = row.reason().unwrap_or("no reason recorded");
        match grouped.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, ids)) => ids.push(&row.id),
            None => grouped.push((reason, vec![&row.id])),
        }
    }
    let mut reasons: Vec<String> = match grouped.as_slice() {
        [(reason, _)] => vec![(*reason).to_owned()],
        _ => grouped
            .iter()
            .take(10)
            .map(|(reason, ids)| format!("{}: {reason}", ids.join(", ")))
            .collect(),
    };
    if grouped.len() > 10 {
        reasons.push(format!(
            "... and {} more reasons (see the report)",
            grouped.len() - 10
        ));
    }
    Some(
        crate::diagnostics::Problem::error(
            "relpolicy::check::undecided",
            format!(
                "{} of {} requirements could not be decided: {}",
                rows.len(),
                matrix.rows.len(),
                ids.join(", ")
            ),
        )
        .help(reasons.join("\n")),
    )
}

/// Record the files the user named (policies, catalogue, parameters, waivers) relative to
/// `base`, as the evidence already is.
fn rebase(
    manifest: &mut crate::manifest::Manifest,
    matrix: &mut crate::matrix::Matrix,
    base: &Path,
) {
    use crate::paths::relative_to;
    let digests = manifest
        .policies
        .iter_mut()
        .chain(&mut manifest.waivers)
        .chain(manifest.catalog.as_mut())
        .chain(manifest.params.as_mut())
        .chain(manifest.params_override.as_mut());
    for digest in digests {
        digest.path = relative_to(&digest.path, base);
    }
    for row in &mut matrix.rows {
        if let Some(policy) = &mut row.policy {
            policy.file = relative_to(&policy.file, base);
        }
    }
    for waiver in &mut matrix.waivers {
        waiver.file = relative_to(&waiver.file, base);
    }
}

/// The evidence document itself, then the files it says it was gathered from.
fn evidence_digests(prepared: &Prepared) -> Vec<FileDigest> {
    let mut sources: Vec<FileDigest> = prepared
        .document
        .get("sources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            Some(FileDigest {
                path: s.get("path")?.as_str()?.to_owned(),
                sha256: s.get("sha256")?.as_str()?.to_owned(),
            })
        })
        .collect();
    sources.sort();
    sources.dedup();
    let mut digests = vec![FileDigest {
        path: prepared.document_path.clone(),
        sha256: prepared.sha256.clone(),
    }];
    digests.extend(sources);
    digests
}
