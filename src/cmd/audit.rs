//! `relpolicy audit PATH...`: many releases with one compiled library.
//!
//! The library is compiled once; `--jobs` workers take the releases in the audit's order and
//! evaluate each exactly as `check` would ([`crate::cmd::check::release`]). Each release's
//! JSON report is written as one line the moment every release before it is written, so the
//! lines come in the same order whatever the number of jobs, and only a few per job wait in
//! memory. The aggregate keeps a small [`Entry`] per release, read back from that same line,
//! which is also all `--merge` has: merging the lines of several runs gives the same aggregate
//! as one run over everything.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::audit::{Entry, Fleet, Item};
use crate::checker::Checker;
use crate::cli::{AuditArgs, AuditFormat};
use crate::cmd::check::{Tailoring, release};
use crate::cmd::{Outcome, write_problem};
use crate::diagnostics::Problem;
use crate::evidence::Context;
use crate::matrix::Exit;
use crate::report::{AtomicFile, Report};

/// Releases finished beyond the next one to write, per job, before a worker waits: bounds
/// what is held in memory when one release takes long.
const AHEAD_PER_JOB: usize = 4;

/// One JSON line of a merge input may be this long (a report of a very large release).
const MAX_LINE_BYTES: u64 = 256 * 1024 * 1024;

/// Where the JSON lines go while they stream: standard output and files.
#[derive(Default)]
struct Lines {
    to_stdout: bool,
    files: Vec<(AtomicFile, PathBuf)>,
    problems: Vec<Problem>,
    /// Standard output stopped reading (`| head`): stop writing to it, quietly.
    stdout_closed: bool,
}

impl Lines {
    /// Open the JSON-lines targets among `targets`; the aggregate formats are returned.
    fn open(
        targets: Vec<(AuditFormat, Option<PathBuf>)>,
    ) -> (Self, Vec<(AuditFormat, Option<PathBuf>)>) {
        let mut lines = Self::default();
        let mut rest = Vec::new();
        for (format, path) in targets {
            if format != AuditFormat::Jsonl {
                rest.push((format, path));
                continue;
            }
            match path {
                None => lines.to_stdout = true,
                Some(path) => match AtomicFile::create(&path) {
                    Ok(file) => lines.files.push((file, path)),
                    Err(e) => lines
                        .problems
                        .push(write_problem("the JSON lines", &path, &e)),
                },
            }
        }
        (lines, rest)
    }

    fn write(&mut self, line: &[u8], stdout: &mut dyn Write) {
        if self.to_stdout
            && !self.stdout_closed
            && let Err(e) = stdout.write_all(line)
        {
            self.stdout_closed = true;
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                self.problems.push(write_problem(
                    "the JSON lines",
                    Path::new("standard output"),
                    &e,
                ));
            }
        }
        let mut failed = Vec::new();
        for (i, (file, path)) in self.files.iter_mut().enumerate() {
            if let Err(e) = file.writer().write_all(line) {
                self.problems
                    .push(write_problem("the JSON lines", path, &e));
                failed.push(i);
            }
        }
        for i in failed.into_iter().rev() {
            self.files.remove(i);
        }
    }

    fn finish(mut self, stdout: &mut dyn Write) -> Vec<Problem> {
        if self.to_stdout && !self.stdout_closed {
            let _ = stdout.flush();
        }
        for (file, path) in self.files {
            if let Err(e) = file.commit() {
                self.problems
                    .push(write_problem("the JSON lines", &path, &e));
            }
        }
        self.problems
    }
}

/// The output targets: the main format, then every `--report`.
fn targets(args: &AuditArgs) -> Vec<(AuditFormat, Option<PathBuf>)> {
    let mut targets = vec![(args.format, args.output.clone())];
    targets.extend(args.reports.iter().map(|(f, p)| (*f, Some(p.clone()))));
    targets
        .into_iter()
        .map(|(f, p)| (f, p.filter(|p| !crate::cmd::is_stdout(p))))
        .collect()
}

pub fn run(args: &AuditArgs, stdout: &mut dyn Write) -> Outcome {
    if args.merge {
        return merge(args, stdout);
    }
    let context = Context {
        as_of: args.as_of.unwrap_or_else(crate::manifest::evaluation_time),
        limits: args.limits.limits(),
    };
    let checker = match Checker::new(&args.library.sources(), args.phase, context) {
        Ok(checker) => checker,
        Err(problems) => return Outcome::failed(problems),
    };
    let found = crate::audit::discover(&args.paths, &args.globs, context.limits.evidence_bytes);
    let mut problems = found.problems;
    // The library's own problems once here; each release's report carries them too.
    problems.extend(checker.problems.iter().cloned());
    if found.items.is_empty() {
        problems.push(nothing_found(args));
        return Outcome::failed(problems);
    }
    let (mut lines, aggregates) = Lines::open(targets(args));
    let jobs = args.jobs.map_or_else(crate::parallel::cores, usize::from);
    let tailoring = Tailoring {
        profile: args.profile.as_deref(),
        waivers: &args.waivers,
    };
    let progress = if args.progress {
        indicatif::ProgressBar::new(found.items.len() as u64).with_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} releases, {elapsed} ({eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut fleet = Fleet::default();
    evaluate_all(&checker, &found.items, jobs, &tailoring, |line| {
        lines.write(&line, stdout);
        match Entry::from_report(&line) {
            Ok(entry) => fleet.entries.push(entry),
            // The line was written by this process a moment ago: this cannot happen unless
            // the report format and its reader disagree, which tests would catch.
            Err(e) => problems.push(Problem::error(
                "relpolicy::audit::internal",
                format!("cannot read back a release's report: {e}"),
            )),
        }
        progress.inc(1);
    });
    progress.finish_and_clear();
    problems.extend(lines.finish(stdout));
    finish(&fleet, aggregates, problems, stdout)
}

fn nothing_found(args: &AuditArgs) -> Problem {
    let names: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    Problem::error(
        "relpolicy::audit::nothing_found",
        format!("no release found under {}", names.join(", ")),
    )
    .help(if args.globs.is_empty() {
        "an audit evaluates release folders (holding relpolicy.yaml), evidence documents and JSON reports, or folders holding them"
    } else {
        "no release matched --glob; patterns match the path below each searched folder (`2026-*/**`)"
    })
}

/// Write the aggregates, and decide the exit status over every release.
fn finish(
    fleet: &Fleet,
    aggregates: Vec<(AuditFormat, Option<PathBuf>)>,
    mut problems: Vec<Problem>,
    stdout: &mut dyn Write,
) -> Outcome {
    for (format, path) in aggregates {
        let what = format!("the {} audit", format.name());
        let written = crate::cmd::emit(path.as_deref(), stdout, &what, |out| {
            render(format, fleet, out)
        });
        if let Err(problem) = written {
            problems.push(problem);
        }
    }
    let incomplete: Vec<&Entry> = fleet.entries.iter().filter(|e| e.exit_code > 1).collect();
    if !incomplete.is_empty() {
        let names: Vec<String> = incomplete
            .iter()
            .take(10)
            .map(|e| crate::audit::shown(&e.key))
            .collect();
        let more = match incomplete.len() {
            n if n > 10 => format!(" and {} more", n - 10),
            _ => String::new(),
        };
        problems.push(
            Problem::error(
                "relpolicy::audit::incomplete",
                format!(
                    "{} of {} releases could not be evaluated completely: {}{more}",
                    incomplete.len(),
                    fleet.entries.len(),
                    names.join(", ")
                ),
            )
            .help("each has its reasons in the output (BLOCKED RELEASES), and its full report in --format jsonl; `relpolicy check PATH` shows one release's problems"),
        );
    }
    let mut exit = Exit::from_code(fleet.exit_code());
    if crate::diagnostics::any_errors(&problems) {
        exit = Exit::Error;
    }
    Outcome { exit, problems }
}

fn render(format: AuditFormat, fleet: &Fleet, out: &mut dyn Write) -> std::io::Result<()> {
    use crate::audit::render;
    match format {
        AuditFormat::Table => render::table(fleet, out),
        AuditFormat::Json => render::json(fleet, out),
        AuditFormat::Csv => render::csv(fleet, out),
        AuditFormat::Markdown => render::markdown(fleet, out),
        AuditFormat::Html => render::html(fleet, out),
        // Merged lines are written as they are read (see `merge`).
        AuditFormat::Jsonl => Ok(()),
    }
}

/// Evaluate every item on `jobs` threads and hand each release's JSON line to `emit`, in the
/// items' order.
fn evaluate_all(
    checker: &Checker,
    items: &[Item],
    jobs: usize,
    tailoring: &Tailoring<'_>,
    emit: impl FnMut(Vec<u8>),
) {
    crate::parallel::in_order(
        items.len(),
        jobs,
        jobs * AHEAD_PER_JOB,
        |i| evaluate_one(checker, &items[i], tailoring),
        emit,
    );
}

/// One release, evaluated as `check` would, as its JSON report on one line. A release whose
/// evaluation panicked (a bug, never meant to happen) is reported as unreadable rather than
/// ending the audit.
fn evaluate_one(checker: &Checker, item: &Item, tailoring: &Tailoring<'_>) -> Vec<u8> {
    let evaluate = |broken: Option<Problem>| {
        let intake = match broken {
            Some(problem) => (Err(problem), Vec::new()),
            None => crate::cmd::take_in(&item.path, &checker.context),
        };
        let evaluated = release(
            checker,
            checker.problems.clone(),
            &item.path,
            intake,
            tailoring,
        );
        let report = Report {
            matrix: &evaluated.checked.matrix,
            manifest: &evaluated.manifest,
            diagnostics: &evaluated.problems,
            exit: evaluated.exit,
            snippets: &[],
            color: false,
            paths: &evaluated.paths,
            width: None,
            verbose: false,
            subjects: &[],
            signer: None,
            attestations: &[],
        };
        let mut line = Vec::new();
        // Writing to memory does not fail.
        let _ = crate::report::render_json_line(&report, &mut line);
        line
    };
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        evaluate(item.broken.clone())
    }));
    attempt.unwrap_or_else(|_| {
        evaluate(Some(Problem::error(
            "relpolicy::audit::internal",
            format!(
                "relpolicy failed on {} (a bug: please report it with this release's evidence)",
                item.path.display()
            ),
        )))
    })
}

/// A line of a merge input: its key, the entry, and the line itself.
struct Merged {
    entry: Entry,
    line: Vec<u8>,
}

/// Read one merge input's next report line; `None` at the end.
fn next_line(
    reader: &mut dyn BufRead,
    path: &Path,
    number: &mut usize,
    problems: &mut Vec<Problem>,
) -> Option<Merged> {
    loop {
        let mut line = Vec::new();
        *number += 1;
        let read = std::io::Read::take(&mut *reader, MAX_LINE_BYTES).read_until(b'\n', &mut line);
        match read {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) => {
                problems.push(Problem::error(
                    "relpolicy::audit::merge",
                    format!("cannot read {}: {e}", path.display()),
                ));
                return None;
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !line.ends_with(b"\n") {
            line.push(b'\n');
        }
        match Entry::from_report(&line) {
            Ok(entry) => return Some(Merged { entry, line }),
            Err(e) => problems.push(
                Problem::error(
                    "relpolicy::audit::merge",
                    format!(
                        "{}:{number} is not a relpolicy report: {e}",
                        path.display()
                    ),
                )
                .help("merge the files `relpolicy audit --format jsonl` wrote, one JSON report per line"),
            ),
        }
    }
}

/// `--merge`: combine JSON-lines files into one order (each file is in the audit's order;
/// they are merged like sorted runs) and aggregate them. A release in several files is kept
/// once, from the first file naming it.
fn merge(args: &AuditArgs, stdout: &mut dyn Write) -> Outcome {
    let mut problems = Vec::new();
    let mut readers: Vec<(Box<dyn BufRead>, &Path, usize)> = Vec::new();
    for path in &args.paths {
        match std::fs::File::open(path) {
            Ok(file) => readers.push((Box::new(std::io::BufReader::new(file)), path, 0)),
            Err(e) => problems.push(
                Problem::error(
                    "relpolicy::audit::merge",
                    format!("cannot read {}: {e}", path.display()),
                )
                .help("name the JSON Lines files `relpolicy audit --format jsonl` wrote"),
            ),
        }
    }
    let mut heads: Vec<Option<Merged>> = readers
        .iter_mut()
        .map(|(reader, path, number)| next_line(reader.as_mut(), path, number, &mut problems))
        .collect();
    let (mut lines, aggregates) = Lines::open(targets(args));
    let mut fleet = Fleet::default();
    let mut unsorted: Vec<&Path> = Vec::new();
    // The smallest key among the files' next lines; ties go to the earlier file.
    let smallest = |heads: &[Option<Merged>]| {
        (0..heads.len())
            .filter_map(|i| Some((heads[i].as_ref()?.entry.key.as_str(), i)))
            .min()
            .map(|(_, i)| i)
    };
    while let Some(at) = smallest(&heads) {
        let Some(head) = heads[at].take() else { break };
        let (reader, path, number) = &mut readers[at];
        heads[at] = next_line(reader.as_mut(), path, number, &mut problems);
        if let Some(following) = &heads[at]
            && following.entry.key < head.entry.key
            && !unsorted.contains(path)
        {
            unsorted.push(path);
        }
        if fleet
            .entries
            .last()
            .is_some_and(|e| e.key == head.entry.key)
        {
            problems.push(Problem::warning(
                "relpolicy::audit::duplicate",
                format!(
                    "{} is in more than one input; the first is kept",
                    crate::audit::shown(&head.entry.key)
                ),
            ));
            continue;
        }
        lines.write(&head.line, stdout);
        fleet.entries.push(head.entry);
    }
    for path in unsorted {
        problems.push(
            Problem::warning(
                "relpolicy::audit::unsorted",
                format!(
                    "{} is not in the order `relpolicy audit` writes, so the merged order is not that of one run",
                    path.display()
                ),
            )
            .help("merge the files as `relpolicy audit --format jsonl` wrote them"),
        );
    }
    problems.extend(lines.finish(stdout));
    if fleet.entries.is_empty() {
        problems.push(
            Problem::error(
                "relpolicy::audit::nothing_found",
                "the files to merge hold no release reports",
            )
            .help("merge the files `relpolicy audit --format jsonl` wrote"),
        );
        return Outcome::failed(problems);
    }
    finish(&fleet, aggregates, problems, stdout)
}
