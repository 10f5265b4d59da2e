use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use relpolicy::cli::Cli;

// See Cargo.toml: mimalloc makes a cold check about a quarter faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // clap exits with 2 on usage errors, which is relpolicy's "could not evaluate" code.
    let cli = Cli::parse();
    let color = cli.color.enabled(std::io::stderr().is_terminal());
    let quiet = cli.quiet;
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .color(color)
                .unicode(true)
                .terminal_links(false)
                // Break lines at spaces only: never split `REQ-24` into `REQ-` and `24`, nor a
                // path such as docs/policies.md at its slash.
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .word_separator(textwrap::WordSeparator::AsciiSpace)
                .break_words(false)
                .build(),
        )
    }));
    // Quiet: no report on standard output, and only errors on standard error.
    let outcome = if quiet {
        relpolicy::run(cli, &mut std::io::sink())
    } else {
        relpolicy::run(cli, &mut std::io::stdout().lock())
    };
    let mut stderr = std::io::stderr().lock();
    for problem in outcome.problems {
        if quiet && problem.severity() != relpolicy::diagnostics::Severity::Error {
            continue;
        }
        let _ = writeln!(stderr, "{:?}", miette::Report::new(problem));
    }
    ExitCode::from(outcome.exit.code())
}
