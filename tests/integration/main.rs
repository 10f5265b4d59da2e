//! Integration tests, built into one binary (faster to link than one per file).

mod attest;
mod audit;
mod ci;
mod cli;
mod diff;
mod docs;
mod fail_closed;
mod fit;
mod fuzz;
mod gather;
mod hostile;
mod html;
mod mutations;
mod one_tree;
mod opa;
mod platforms;
mod policy_cases;
mod reports;
mod truncated_input;
mod verify;
mod waivers;

/// The evaluation time of in-process checks: 2026-03-14T22:00:00Z, as for the binary.
fn context() -> relpolicy::evidence::Context {
    relpolicy::evidence::Context::at(
        chrono::DateTime::from_timestamp(1_773_525_600, 0).expect("a valid time"),
    )
}

/// Run the relpolicy binary from the repository root, without colour, at a fixed evaluation
/// time (2026-03-14T22:00:00Z).
fn run_relpolicy(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_relpolicy"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1773525600")
        .output()
        .expect("relpolicy runs")
}
