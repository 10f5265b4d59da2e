//! Integration tests, built into one binary (faster to link than one per file).

mod cli;
mod docs;
mod fail_closed;
mod gather;
mod policy_cases;
mod truncated_input;
