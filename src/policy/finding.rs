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
//!   requirement. An empty `deny` alone is never a pass;
//! - `basis` — what the verdict rests on: a set of
//!   `{"evidence": "/approvals/3", "what": "approval", "values": {"approver": "l.brandt", ...}}`,
//!   the evidence values that decided it (who approved, in which role and when; a test run and
//!   its counts; artifact digests; window dates), shown beside every verdict, passes included.
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
    /// The evidence values the verdict rests on, in pointer order.
    pub basis: Vec<Basis>,
}

/// One item a verdict rests on, with the values of it that decided the verdict.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Basis {
    /// JSON pointer to the item.
    pub pointer: String,
    /// What the item is, in a few words ("release approval", "system test run").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// Its values that decided the verdict, by name: strings, numbers, booleans, or lists of them.
    pub values: std::collections::BTreeMap<String, Value>,
    /// Members of the item (dotted paths, `approver.id`) whose values relpolicy reads from the
    /// evidence itself: the cheap way for a policy to name them (`lib.basis_item`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
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
            basis: basis(value)?,
        })
    }
}

/// The items of the set rule `rule` (none when it is undefined), or why it is not one: `what`
/// it must be, with how to write it.
fn set_items<'a>(verdict: &'a Value, rule: &str, what: &str) -> Result<&'a [Value], String> {
    match verdict.get(rule) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(format!("`{rule}` must be {what}, not {other}")),
    }
}

/// An evidence reference: a JSON pointer (`/approvals/3`, or `` for the whole document).
fn is_pointer(p: &str) -> bool {
    p.is_empty() || p.starts_with('/')
}

fn basis(verdict: &Value) -> Result<Vec<Basis>, String> {
    let items = set_items(
        verdict,
        "basis",
        "a set (`basis contains {\"evidence\": pointer, \"keys\": [...]} if ...`)",
    )?;
    let mut out = items
        .iter()
        .map(|item| {
            basis_item(item).ok_or_else(|| {
                format!("`basis` contains {item}, which is not {{\"evidence\": pointer, \"what\"?: string, \"keys\"?: [member path], \"values\"?: {{name: scalar or list of scalars}}}} with keys or values")
            })
        })
        .collect::<Result<Vec<Basis>, _>>()?;
    // Sets come sorted from the engine; order by pointer, then by the values' text, to be sure.
    out.sort_by_cached_key(|b| {
        (
            b.pointer.clone(),
            serde_json::to_string(&b.values).unwrap_or_default(),
            b.keys.clone(),
        )
    });
    out.dedup();
    Ok(out)
}

fn basis_item(item: &Value) -> Option<Basis> {
    let fields = item.as_object()?;
    if fields
        .keys()
        .any(|k| !matches!(k.as_str(), "evidence" | "what" | "values" | "keys"))
    {
        return None;
    }
    let pointer = fields.get("evidence")?.as_str()?;
    if !is_pointer(pointer) {
        return None;
    }
    let what = match fields.get("what") {
        None | Some(Value::Null) => None,
        Some(Value::String(w)) => Some(w.clone()),
        Some(_) => return None,
    };
    let values = match fields.get("values") {
        None => std::collections::BTreeMap::new(),
        Some(values) => values
            .as_object()?
            .iter()
            .map(|(k, v)| {
                let scalar = |v: &Value| !(v.is_object() || v.is_array());
                let fine = scalar(v) || v.as_array().is_some_and(|items| items.iter().all(scalar));
                fine.then(|| (k.clone(), v.clone()))
            })
            .collect::<Option<_>>()?,
    };
    let keys = match fields.get("keys") {
        None => Vec::new(),
        Some(keys) => keys
            .as_array()?
            .iter()
            .map(|k| k.as_str().filter(|k| !k.is_empty()).map(str::to_owned))
            .collect::<Option<_>>()?,
    };
    if !fields.contains_key("values") && !fields.contains_key("keys") {
        return None;
    }
    Some(Basis {
        pointer: pointer.to_owned(),
        what,
        values,
        keys,
    })
}

/// A value a basis shows: a string, number or boolean, or a list of them (or of nulls).
pub fn shown_value(v: &Value) -> bool {
    let scalar = |v: &Value| !(v.is_object() || v.is_array());
    (scalar(v) && !v.is_null()) || v.as_array().is_some_and(|items| items.iter().all(scalar))
}

fn findings(verdict: &Value, rule: &str) -> Result<Vec<Finding>, String> {
    let items = set_items(
        verdict,
        rule,
        &format!("a set of findings (`{rule} contains msg if ...`)"),
    )?;
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
            if !evidence.iter().all(|p| is_pointer(p)) {
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
    fn the_basis_names_items_and_the_values_that_decided() {
        let v = Verdict::from_json(&json!({
            "satisfied": true,
            "basis": [
                {"evidence": "/b", "values": {"n": 3}},
                {"evidence": "/approvals/0", "what": "approval", "values": {"role": "RM", "at": "2026-03-13T10:00:00Z", "tags": ["a", 1]}},
            ],
        }))
        .unwrap();
        assert_eq!(v.basis.len(), 2);
        assert_eq!(v.basis[0].pointer, "/approvals/0");
        assert_eq!(v.basis[0].what.as_deref(), Some("approval"));
        assert_eq!(v.basis[0].values["role"], json!("RM"));
        for bad in [
            json!({"satisfied": true, "basis": true}),
            json!({"satisfied": true, "basis": [{"values": {}}]}),
            json!({"satisfied": true, "basis": [{"evidence": "x", "values": {}}]}),
            json!({"satisfied": true, "basis": [{"evidence": "/x", "values": {"o": {"deep": 1}}}]}),
            json!({"satisfied": true, "basis": [{"evidence": "/x", "values": {}, "extra": 1}]}),
        ] {
            assert!(Verdict::from_json(&bad).is_err(), "{bad}");
        }
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
