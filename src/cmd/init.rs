//! `relpolicy init`: a commented starter manifest for a release folder, and with
//! `--policies DIR` a copy of the built-in policy library for a team to own.

use std::io::Write;
use std::path::Path;

use crate::cli::InitArgs;
use crate::cmd::Outcome;
use crate::diagnostics::Problem;
use crate::gather::{MANIFEST_NAME, STARTER};
use crate::matrix::Exit;

pub fn run(args: &InitArgs, stdout: &mut dyn Write) -> Outcome {
    let mut said = Vec::new();
    if let Some(dir) = &args.policies {
        match write_library(dir, args.force) {
            Ok(count) => said.push(format!(
                "wrote the built-in policy library ({count} files) to {dir}: fit params.yaml and catalog.yaml to your process, then run `relpolicy test {dir}`, `relpolicy lint {dir}` and `relpolicy check --policies {dir} RELEASE` (docs/policies.md, \"Fit relpolicy to your process\")",
                dir = dir.display()
            )),
            Err(problem) => return Outcome::failed(vec![problem]),
        }
    }
    let folder = match (&args.dir, &args.policies) {
        (Some(dir), _) => Some(dir.as_path()),
        (None, None) => Some(Path::new(".")),
        (None, Some(_)) => None,
    };
    if let Some(dir) = folder {
        match write_manifest(dir, args.force) {
            Ok(()) => said.push(format!(
                "wrote {}: name your files in it, then run `relpolicy gather {}`",
                dir.join(MANIFEST_NAME).display(),
                dir.display()
            )),
            Err(problem) => return Outcome::failed(vec![problem]),
        }
    }
    for line in said {
        let _ = writeln!(stdout, "{line}");
    }
    Outcome {
        exit: Exit::Pass,
        problems: Vec::new(),
    }
}

fn write_manifest(dir: &Path, force: bool) -> Result<(), Problem> {
    let path = dir.join(MANIFEST_NAME);
    if path.exists() && !force {
        return Err(Problem::error(
            "relpolicy::init::exists",
            format!("{} already exists", path.display()),
        )
        .help("edit it, or pass --force to replace it with the starter"));
    }
    std::fs::create_dir_all(dir)
        .and_then(|()| {
            crate::report::write_atomically(&path, |out| out.write_all(STARTER.as_bytes()))
        })
        .map_err(|e| write_error(&path, &e))
}

/// Write every file of the built-in library under `dir`. A directory that already holds
/// anything is left alone unless `force` (then the library's files are replaced, others kept).
fn write_library(dir: &Path, force: bool) -> Result<usize, Problem> {
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied && !force {
        return Err(Problem::error(
            "relpolicy::init::exists",
            format!("{} is not empty", dir.display()),
        )
        .help("name a new directory, or pass --force to replace the library's files in it (other files are kept)"));
    }
    let files = crate::policy::library::builtin_files();
    for (relative, text) in &files {
        let path = dir.join(relative);
        let parent = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent)
            .and_then(|()| {
                crate::report::write_atomically(&path, |out| out.write_all(text.as_bytes()))
            })
            .map_err(|e| write_error(&path, &e))?;
    }
    Ok(files.len())
}

fn write_error(path: &Path, e: &std::io::Error) -> Problem {
    Problem::error(
        "relpolicy::init::write",
        format!("cannot write {}: {e}", path.display()),
    )
    .help("check that the directory is writable")
}
