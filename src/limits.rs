//! Every limit relpolicy enforces on what it reads and runs, with its default.
//!
//! Evidence and policies may come from people relpolicy should not trust
//! blindly: a report of a billion test cases, a policy that never ends. Each
//! limit here ends in a located error and exit status 2, never a hang, a signal
//! or an out-of-memory abort. `docs/limits.md` lists them with the flag or
//! setting that changes each; a test keeps that page and these defaults equal.
//!
//! Limits on gathering a release folder (`max_file_mb`, `max_total_mb`) are set
//! in its `relpolicy.yaml` (see `gather::manifest`); the ones here are set on
//! the command line of `check`, `validate`, `explain` and `verify`.

use std::time::Duration;

/// One MiB.
pub const MIB: u64 = 1024 * 1024;

/// The limits of one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest evidence document read from a file or standard input, in bytes.
    pub evidence_bytes: u64,
    /// Most elements one array of the evidence may hold (test cases of one run, approvals, ...).
    pub items: usize,
    /// Longest time the policies may take on one document, all of them together.
    pub time: Duration,
    /// Longest message a policy finding may carry, in bytes.
    pub message_bytes: usize,
    /// Most `print()` output one policy test may write, in bytes (`relpolicy test`).
    pub print_bytes: usize,
}

impl Limits {
    pub const DEFAULT: Self = Self {
        evidence_bytes: 256 * MIB,
        items: 2_000_000,
        time: Duration::from_secs(10),
        message_bytes: 64 * 1024,
        print_bytes: 64 * 1024,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
