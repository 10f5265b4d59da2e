//! JSON reports read back: `relpolicy verify` and `relpolicy diff` both take archived reports
//! and compare what they rest on.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::diagnostics::Problem;

/// The major report version this relpolicy reads (every `1.x`).
pub const READABLE_MAJOR: &str = "1";

/// Read a JSON report written by `relpolicy check --format json`, refusing anything else with
/// `code`: an unreadable file, text that is not JSON, or a report of another major version.
pub fn read(path: &Path, code: &'static str) -> Result<Value, Problem> {
    let help = "pass a JSON report written by `relpolicy check --format json`";
    let bytes = crate::source::read_regular(path, 1024 * crate::limits::MIB).map_err(|e| {
        Problem::error(code, format!("cannot read report {}: {e}", path.display())).help(help)
    })?;
    let report: Value = crate::json::parse_slice(&bytes).map_err(|e| {
        Problem::error(code, format!("{} is not JSON: {e}", path.display())).help(help)
    })?;
    let version = report["report_version"].as_str().unwrap_or("");
    let major = version.split('.').next().unwrap_or("");
    if major != READABLE_MAJOR
        || !report["manifest"].is_object()
        || !report["requirements"].is_array()
    {
        return Err(Problem::error(
            code,
            format!(
                "{} is not a relpolicy report this version can read (report_version `{version}`)",
                path.display()
            ),
        )
        .help(format!(
            "this relpolicy reads report_version {READABLE_MAJOR}.x, written by `relpolicy check --format json`; use the relpolicy that wrote the report"
        )));
    }
    Ok(report)
}

/// What happened to one input between two manifests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum InputState {
    Unchanged,
    Changed,
    /// In the old manifest, not the new.
    Missing,
    /// In the new manifest, not the old.
    Added,
}

impl InputState {
    /// How `verify` and `diff` print it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Unchanged => "ok",
            Self::Changed => "CHANGED",
            Self::Missing => "MISSING",
            Self::Added => "ADDED",
        }
    }
}

/// One input of a manifest: what it is and its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// `evidence document PATH`, `evidence PATH`, `schema PATH`, `policy PATH`, `waivers PATH`...
    pub name: String,
    pub path: String,
    pub state: InputState,
}

/// Every input of the old manifest against the new one, in the old manifest's order, then the
/// added ones. The evidence document itself is compared by position (its name is wherever it was
/// read from); everything else by what it is and its path.
pub fn compare_inputs(old: &Value, new: &Value) -> Vec<Input> {
    let now: BTreeMap<String, (String, String)> = listed(new)
        .into_iter()
        .map(|(k, p, d)| (k, (p, d)))
        .collect();
    let before = listed(old);
    let mut out = Vec::new();
    for (key, path, digest) in &before {
        let state = match now.get(key) {
            Some((_, d)) if d == digest => InputState::Unchanged,
            Some(_) => InputState::Changed,
            None => InputState::Missing,
        };
        let name = if key == DOCUMENT {
            format!("{DOCUMENT} {path}")
        } else {
            key.clone()
        };
        out.push(Input {
            name,
            path: path.clone(),
            state,
        });
    }
    for (key, (path, _)) in &now {
        if !before.iter().any(|(k, _, _)| k == key) {
            out.push(Input {
                name: key.clone(),
                path: path.clone(),
                state: InputState::Added,
            });
        }
    }
    out
}

const DOCUMENT: &str = "evidence document";

/// (key, path, digest) of every file a manifest lists.
fn listed(m: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut push = |key: String, f: &Value| {
        out.push((
            key,
            f["path"].as_str().unwrap_or("").to_owned(),
            f["sha256"].as_str().unwrap_or("").to_owned(),
        ));
    };
    for (i, f) in m["evidence"].as_array().into_iter().flatten().enumerate() {
        let path = f["path"].as_str().unwrap_or("");
        let key = if i == 0 {
            DOCUMENT.to_owned()
        } else {
            format!("evidence {path}")
        };
        push(key, f);
    }
    for f in m["waivers"].as_array().into_iter().flatten() {
        push(format!("waivers {}", f["path"].as_str().unwrap_or("")), f);
    }
    for single in ["schema", "catalog", "params", "params_override"] {
        if let Some(path) = m[single]["path"].as_str() {
            push(format!("{single} {path}"), &m[single]);
        }
    }
    for f in m["policies"].as_array().into_iter().flatten() {
        push(format!("policy {}", f["path"].as_str().unwrap_or("")), f);
    }
    out
}
