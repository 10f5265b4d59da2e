//! Mutations over leaf values (issue 10): every value of the passing example's evidence is
//! changed the way a violation would change it — a time moved past its successor or before its
//! predecessor, a status flipped, a digest, version, reference or identity altered, a number
//! scaled, a flag flipped — and some requirement must stop passing. The changes that rightly
//! change no verdict are listed, each with its reason, in docs/mutations.md (a `*` in a listed
//! pointer stands for any index); the list must be exact: an unlisted survivor fails the test,
//! and so does a listed entry that no survivor matches.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use relpolicy::catalog::Phase;
use relpolicy::checker::Checker;
use relpolicy::evidence::Evidence;
use relpolicy::matrix::Status;
use relpolicy::policy::Sources;
use serde_json::{Value, json};

const EXAMPLE: &str = "examples/payments-2.4.0/evidence.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One way to change one value.
struct Mutation {
    pointer: String,
    /// How the value was changed, as docs/mutations.md names it.
    kind: String,
    /// Several values to try; the mutation survives only if every one leaves every verdict
    /// standing (a time is moved both ways, a number scaled both ways).
    values: Vec<Value>,
}

/// Every leaf of `doc` with its pointer, skipping provenance (which no verdict reads; `verify`
/// checks it against the files).
fn leaves(doc: &Value, pointer: &mut String, out: &mut Vec<(String, Value)>) {
    match doc {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "source" || (pointer.is_empty() && key == "sources") {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                leaves(value, pointer, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                leaves(value, pointer, out);
                pointer.truncate(len);
            }
        }
        leaf => out.push((pointer.clone(), leaf.clone())),
    }
}

/// True when `pattern` (a pointer whose `*` tokens stand for any index) names `pointer`.
fn matches(pattern: &str, pointer: &str) -> bool {
    let p: Vec<&str> = pattern.split('/').collect();
    let q: Vec<&str> = pointer.split('/').collect();
    p.len() == q.len()
        && p.iter().zip(&q).all(|(a, b)| {
            a == b || (*a == "*" && !b.is_empty() && b.chars().all(|c| c.is_ascii_digit()))
        })
}

/// The values the schema allows at `pointer`, if it is an enumeration.
fn enumeration(pointer: &str) -> Option<Vec<Value>> {
    let schema: Value = serde_json::from_str(relpolicy::schema::SCHEMA_TEXT).ok()?;
    let resolve = |node: &Value| {
        let mut node = node.clone();
        while let Some(target) = node.get("$ref").and_then(Value::as_str) {
            node = schema.pointer(target.strip_prefix('#')?)?.clone();
        }
        Some(node)
    };
    let mut node = resolve(&schema)?;
    for token in relpolicy::source::pointer_tokens(pointer) {
        let next = if node.get("items").is_some() && token.chars().all(|c| c.is_ascii_digit()) {
            node.get("items")?.clone()
        } else {
            node.get("properties")?.get(&token)?.clone()
        };
        node = resolve(&next)?;
    }
    node.get("enum")?.as_array().cloned()
}

fn rfc3339(text: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(text).ok()
}

fn mutations(doc: &Value) -> Vec<Mutation> {
    let mut all = Vec::new();
    leaves(doc, &mut String::new(), &mut all);
    // A time moved to a minute before the evaluation is after every event of the release (its
    // successors), yet not in the future, which the timeline alone would catch; a day before the
    // earliest time is before every predecessor.
    let times: Vec<chrono::DateTime<chrono::FixedOffset>> = all
        .iter()
        .filter_map(|(_, v)| rfc3339(v.as_str()?))
        .collect();
    let latest = crate::context().as_of.fixed_offset() - chrono::Duration::minutes(2);
    assert!(
        times
            .iter()
            .all(|t| *t <= latest || *t >= latest + chrono::Duration::minutes(2)),
        "the example records an event in the last minutes before its evaluation"
    );
    let earliest = times.iter().min().copied().expect("times");
    let mut out = Vec::new();
    for (pointer, value) in all {
        let m = |kind: &str, values: Vec<Value>| Mutation {
            pointer: pointer.clone(),
            kind: kind.to_owned(),
            values,
        };
        match &value {
            Value::Bool(b) => out.push(m("flipped", vec![json!(!b)])),
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(0.0);
                let scaled = |f: f64| {
                    let y = x * f;
                    if n.is_f64() {
                        json!(y)
                    } else {
                        json!(y.round() as i64)
                    }
                };
                out.push(m("scaled", vec![scaled(10.0), scaled(0.1), json!(0)]));
            }
            Value::String(s) => {
                if rfc3339(s).is_some() {
                    let later = latest + chrono::Duration::minutes(1);
                    let sooner = earliest - chrono::Duration::days(1);
                    let show = |t: chrono::DateTime<chrono::FixedOffset>| {
                        json!(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                    };
                    out.push(m("moved", vec![show(later), show(sooner)]));
                } else if let Ok(date) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                    let shift =
                        |days: i64| json!((date + chrono::Duration::days(days)).to_string());
                    out.push(m("moved", vec![shift(-800), shift(800)]));
                } else if let Some(choices) = enumeration(&pointer) {
                    for choice in choices.into_iter().filter(|c| c != &value) {
                        let kind = format!("-> {}", choice.as_str().unwrap_or("?"));
                        out.push(m(&kind, vec![choice]));
                    }
                } else if let Some(hex) = s.strip_prefix("sha256:") {
                    let flipped = if hex.ends_with('0') { "1" } else { "0" };
                    out.push(m(
                        "altered",
                        vec![json!(format!("sha256:{}{flipped}", &hex[..hex.len() - 1]))],
                    ));
                } else if s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit()) {
                    let flipped = if s.ends_with('0') { "1" } else { "0" };
                    out.push(m("altered", vec![json!(format!("{}{flipped}", &s[..63]))]));
                } else {
                    out.push(m("altered", vec![json!(format!("{s}-x")), json!("none")]));
                }
            }
            _ => {}
        }
    }
    out
}

fn statuses(checker: &Checker, doc: &Value) -> BTreeMap<String, Status> {
    let bytes = serde_json::to_vec(doc).expect("JSON");
    checker
        .check(Evidence::parse("mutated.json", bytes))
        .matrix
        .rows
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect()
}

/// The survivors docs/mutations.md allows: (pointer pattern, mutation kind).
fn allowed(root: &Path) -> BTreeSet<(String, String)> {
    let page = std::fs::read_to_string(root.join("docs/mutations.md")).expect("docs/mutations.md");
    page.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // | `pointer` | mutation | why |
            let pointer = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let kind = cells.get(2)?;
            Some((pointer.to_owned(), (*kind).to_owned()))
        })
        .collect()
}

#[test]
fn every_value_the_policies_read_is_guarded_by_some_requirement() {
    let root = root();
    let doc = crate::policy_cases::load_json(&root, EXAMPLE);
    let checker = Checker::new(&Sources::builtin(), Phase::PostDeploy, crate::context())
        .expect("library loads");
    let baseline = statuses(&checker, &doc);
    assert!(
        baseline
            .values()
            .all(|s| matches!(s, Status::Pass | Status::NotApplicable)),
        "the example must pass: {baseline:?}"
    );
    let all = mutations(&doc);
    let caught = |m: &Mutation| {
        m.values.iter().any(|v| {
            let mut mutated = doc.clone();
            *mutated.pointer_mut(&m.pointer).expect("the leaf exists") = v.clone();
            statuses(&checker, &mutated)
                .iter()
                .any(|(id, s)| baseline[id] != *s && !matches!(s, Status::Pass))
        })
    };
    // Two threads: each evaluation takes a few milliseconds, and there are a thousand.
    let half = all.len() / 2;
    let (first, second) = all.split_at(half);
    let survivors: BTreeSet<(String, String)> = std::thread::scope(|scope| {
        let a = scope.spawn(|| {
            first
                .iter()
                .filter(|m| !caught(m))
                .map(|m| (m.pointer.clone(), m.kind.clone()))
                .collect::<Vec<_>>()
        });
        let b: Vec<_> = second
            .iter()
            .filter(|m| !caught(m))
            .map(|m| (m.pointer.clone(), m.kind.clone()))
            .collect();
        let mut all: BTreeSet<_> = a.join().expect("thread").into_iter().collect();
        all.extend(b);
        all
    });
    let allowed = allowed(&root);
    let listed = |(pointer, kind): &(String, String)| {
        allowed
            .iter()
            .any(|(p, k)| k == kind && matches(p, pointer))
    };
    let unexplained: Vec<_> = survivors.iter().filter(|s| !listed(s)).collect();
    let stale: Vec<_> = allowed
        .iter()
        .filter(|(p, k)| !survivors.iter().any(|(q, j)| j == k && matches(p, q)))
        .collect();
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "{} mutations leave every verdict standing without a reason in docs/mutations.md:\n{}\n\
         {} entries of docs/mutations.md no longer survive (remove them):\n{}",
        unexplained.len(),
        unexplained
            .iter()
            .map(|(p, k)| format!("| `{p}` | {k} | |"))
            .collect::<Vec<_>>()
            .join("\n"),
        stale.len(),
        stale
            .iter()
            .map(|(p, k)| format!("| `{p}` | {k} |"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    assert!(all.len() > 300, "only {} mutations", all.len());
}
