//! Integration tests, built into one binary (faster to link than one per file).

mod cli;
mod policy_cases;
