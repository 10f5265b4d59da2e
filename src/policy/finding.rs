//! What a policy says about a release: findings and the positive verdict.
//!
//! A policy may define four rules (all optional):
//! - `deny` — a set of findings; any finding fails the requirement;
//! - `warn` — a set of findings shown without failing it;
//! - `missing` — a set of findings naming evidence the requirement needs but
//!   the release lacks; any finding makes the verdict `missing_evidence`;
//! - `not_applicable` — a set of reasons why the requirement does not apply to
//!   this release yet (a closure not yet due); any makes the verdict
//!   `not_applicable`, unless `missing` or `deny` found something;
//! - `satisfied` — `true` only when the policy positively established the
//!   requirement. An empty `deny` alone is never a pass.
//!
//! A finding is a string, or an object `{"msg": "...", "evidence": "/pointer"}`
//! whose `evidence` (a JSON pointer, or an array of them) names the evidence
//! items it is about, and whose optional `param` (a dotted name such as
//! `schedule.maintenance_windows`, or an array of them) names the policy
//! parameters that decided it, so the report can say which one to change.
//! Anything else is a policy error: a malformed finding must not vanish, or a
//! violation could be lost.

use serde_json::Value;

/// One message from a policy, with the evidence it points at.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub message: String,
    /// JSON pointers into the evidence document.
    pub evidence: Vec<String>,
    /// The policy parameters (dotted names under `data.relpolicy.params`) that decided it.
    pub params: Vec<String>,
}

/// The rules of one policy, evaluated against one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    pub deny: Vec<Finding>,
    pub warn: Vec<Finding>,
    pub missing: Vec<Finding>,
    pub not_applicable: Vec<Finding>,
    pub satisfied: bool,
}

impl Verdict {
    /// Read the generated verdict value (`{"deny": [...], "warn": [...], ...}`).
    pub fn from_json(value: &Value) -> Result<Self, String> {
        let satisfied = match value.get("satisfied") {
            Some(Value::Bool(b)) => *b,
            other => {
                return Err(format!(
                    "`satisfied` must be true or false, not {}",
                    other.map_or_else(|| "undefined".to_owned(), Value::to_string)
                ));
            }
        };
        Ok(Self {
            deny: findings(value, "deny")?,
            warn: findings(value, "warn")?,
            missing: findings(value, "missing")?,
            not_applicable: findings(value, "not_applicable")?,
            satisfied,
        })
    }
}

fn findings(verdict: &Value, rule: &str) -> Result<Vec<Finding>, String> {
    let items = match verdict.get(rule) {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(format!(
                "`{rule}` must be a set of findings (`{rule} contains msg if ...`), not {other}"
            ));
        }
    };
    let mut out = items
        .iter()
        .map(|item| finding(item).ok_or_else(|| format!("`{rule}` contains {item}, which is not a finding: use a string or {{\"msg\": string, \"evidence\": pointer, \"param\": name}}")))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

fn finding(item: &Value) -> Option<Finding> {
    match item {
        Value::String(message) => Some(Finding {
            message: message.clone(),
            evidence: Vec::new(),
            params: Vec::new(),
        }),
        Value::Object(fields) => {
            let message = fields.get("msg")?.as_str()?.to_owned();
            let evidence = match fields.get("evidence") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::String(p)) => vec![p.clone()],
                Some(Value::Array(ps)) => ps
                    .iter()
                    .map(|p| p.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()?,
                Some(_) => return None,
            };
            if evidence
                .iter()
                .any(|p| !(p.is_empty() || p.starts_with('/')))
            {
                return None;
            }
            let params = match fields.get("param") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::String(p)) => vec![p.clone()],
                Some(Value::Array(ps)) => ps
                    .iter()
                    .map(|p| p.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()?,
                Some(_) => return None,
            };
            if !params.iter().all(|p| is_param_name(p)) {
                return None;
            }
            Some(Finding {
                message,
                evidence,
                params,
            })
        }
        _ => None,
    }
}

/// A dotted parameter name: `max_changes`, `schedule.maintenance_windows`,
/// `approvals.go-live`.
pub fn is_param_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphabetic())
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_strings_and_objects() {
        let v = Verdict::from_json(&json!({
            "deny": ["plain", {"msg": "at", "evidence": "/approvals/0"}],
            "warn": [{"msg": "many", "evidence": ["/a", "/b"], "param": "schedule.maintenance_windows"}],
            "missing": [],
            "satisfied": false
        }))
        .unwrap();
        assert_eq!(
            v.deny[0],
            Finding {
                message: "at".into(),
                evidence: vec!["/approvals/0".into()],
                params: Vec::new(),
            }
        );
        assert_eq!(v.deny[1].message, "plain");
        assert_eq!(v.warn[0].evidence, ["/a", "/b"]);
        assert_eq!(v.warn[0].params, ["schedule.maintenance_windows"]);
        assert!(!v.satisfied);
    }

    #[test]
    fn malformed_findings_are_errors_not_silence() {
        for bad in [
            json!({"deny": [42], "satisfied": true}),
            json!({"deny": [{"message": "wrong key"}], "satisfied": true}),
            json!({"deny": [{"msg": "x", "evidence": "approvals"}], "satisfied": true}),
            json!({"deny": [{"msg": "x", "param": "a..b"}], "satisfied": true}),
            json!({"deny": [{"msg": "x", "param": 3}], "satisfied": true}),
            json!({"deny": true, "satisfied": true}),
            json!({"deny": [], "satisfied": "yes"}),
            json!({"deny": []}),
        ] {
            assert!(Verdict::from_json(&bad).is_err(), "{bad}");
        }
    }
}
