//! `relpolicy init`: a commented starter manifest for a release folder.

use std::io::Write;

use crate::cli::InitArgs;
use crate::cmd::Outcome;
use crate::diagnostics::Problem;
use crate::gather::{MANIFEST_NAME, STARTER};
use crate::matrix::Exit;

pub fn run(args: &InitArgs, stdout: &mut dyn Write) -> Outcome {
    let path = args.dir.join(MANIFEST_NAME);
    if path.exists() && !args.force {
        return Outcome::failed(vec![
            Problem::error(
                "relpolicy::init::exists",
                format!("{} already exists", path.display()),
            )
            .help("edit it, or pass --force to replace it with the starter"),
        ]);
    }
    let written = std::fs::create_dir_all(&args.dir).and_then(|()| {
        crate::report::write_atomically(&path, |out| out.write_all(STARTER.as_bytes()))
    });
    if let Err(e) = written {
        return Outcome::failed(vec![
            Problem::error(
                "relpolicy::init::write",
                format!("cannot write {}: {e}", path.display()),
            )
            .help("check that the folder is writable"),
        ]);
    }
    let _ = writeln!(
        stdout,
        "wrote {}: name your files in it, then run `relpolicy gather {}`",
        path.display(),
        args.dir.display()
    );
    Outcome {
        exit: Exit::Pass,
        problems: Vec::new(),
    }
}
