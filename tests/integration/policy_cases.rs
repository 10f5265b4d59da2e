//! The bundled policies, scenario by scenario.
//!
//! Each `testdata/cases/<requirement>.yaml` edits the passing example release and states the
//! verdicts it expects (see testdata/cases/README.md). Requirements a case does not name must
//! pass, so an edit that breaks more than intended fails the case. All cases run in one test
//! and every failure is reported together.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use relpolicy::catalog::{Phase, ReleaseType};
use relpolicy::checker::Checker;
use relpolicy::evidence::Evidence;
use relpolicy::policy::Sources;
use relpolicy::source::pointer_tokens;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    requirement: String,
    #[serde(default)]
    base: Option<String>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    note: String,
    #[serde(default)]
    base: Option<String>,
    #[serde(default)]
    phase: Option<String>,
    /// The evaluation time, when not the default 2026-03-14T22:00:00Z (a review held days
    /// after the deployment is only a record once that day has passed).
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    set: BTreeMap<String, Value>,
    #[serde(default)]
    append: BTreeMap<String, Value>,
    #[serde(default)]
    remove: Vec<String>,
    want: BTreeMap<String, String>,
    #[serde(default)]
    messages: BTreeMap<String, Vec<String>>,
    /// Per requirement, parameters some message must name as deciding it.
    #[serde(default)]
    params: BTreeMap<String, Vec<String>>,
}

const DEFAULT_BASE: &str = "examples/payments-2.4.0/evidence.json";

fn checker(phase: Phase) -> &'static Checker {
    static PRE: OnceLock<Checker> = OnceLock::new();
    static POST: OnceLock<Checker> = OnceLock::new();
    let cell = match phase {
        Phase::PreDeploy => &PRE,
        Phase::PostDeploy => &POST,
    };
    cell.get_or_init(|| {
        let checker = Checker::new(&Sources::builtin(), phase, crate::context())
            .expect("built-in library loads");
        assert!(checker.problems.is_empty(), "built-in library has problems");
        checker
    })
}

/// Set the value at `pointer`, creating missing objects on the way.
fn set(doc: &mut Value, pointer: &str, value: Value) -> Result<(), String> {
    let tokens = pointer_tokens(pointer);
    let Some((last, parents)) = tokens.split_last() else {
        *doc = value;
        return Ok(());
    };
    let mut node = doc;
    for t in parents {
        node = match node {
            Value::Object(map) => map
                .entry(t.clone())
                .or_insert_with(|| Value::Object(Default::default())),
            Value::Array(items) => t
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get_mut(i))
                .ok_or(format!("no {pointer}"))?,
            _ => return Err(format!("cannot descend into {pointer}")),
        };
    }
    match node {
        Value::Object(map) => {
            map.insert(last.clone(), value);
        }
        Value::Array(items) => {
            let i: usize = last
                .parse()
                .map_err(|_| format!("bad index in {pointer}"))?;
            *items.get_mut(i).ok_or(format!("no {pointer}"))? = value;
        }
        _ => return Err(format!("cannot set {pointer}")),
    }
    Ok(())
}

fn remove(doc: &mut Value, pointer: &str) -> Result<(), String> {
    let (parent, last) = pointer
        .rsplit_once('/')
        .ok_or(format!("bad pointer {pointer}"))?;
    let last = pointer_tokens(&format!("/{last}")).remove(0);
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => map
            .remove(&last)
            .map(drop)
            .ok_or(format!("nothing at {pointer}")),
        Some(Value::Array(items)) => {
            let i: usize = last
                .parse()
                .map_err(|_| format!("bad index in {pointer}"))?;
            (i < items.len())
                .then(|| drop(items.remove(i)))
                .ok_or(format!("nothing at {pointer}"))
        }
        _ => Err(format!("nothing at {pointer}")),
    }
}

fn apply(case: &Case, mut doc: Value) -> Result<Value, String> {
    for (pointer, value) in &case.set {
        set(&mut doc, pointer, value.clone())?;
    }
    for (pointer, value) in &case.append {
        match doc.pointer_mut(pointer) {
            Some(Value::Array(items)) => items.push(value.clone()),
            _ => return Err(format!("{pointer} is not an array")),
        }
    }
    // Later indexes first, so removing one does not shift the next (numerically: 11 before 9).
    let mut removals = case.remove.clone();
    let key = |p: &String| -> Vec<(u64, String)> {
        pointer_tokens(p)
            .into_iter()
            .map(|t| (t.parse().unwrap_or(u64::MAX), t))
            .collect()
    };
    removals.sort_by_key(|p| std::cmp::Reverse(key(p)));
    for pointer in &removals {
        remove(&mut doc, pointer)?;
    }
    Ok(doc)
}

pub(crate) fn load_json(root: &Path, path: &str) -> Value {
    let text = std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn run_case(root: &Path, file: &CaseFile, case: &Case) -> Result<BTreeMap<String, String>, String> {
    let base = case
        .base
        .as_deref()
        .or(file.base.as_deref())
        .unwrap_or(DEFAULT_BASE);
    let doc = apply(case, load_json(root, base))?;
    let phase = match case.phase.as_deref() {
        None | Some("post-deploy") => Phase::PostDeploy,
        Some("pre-deploy") => Phase::PreDeploy,
        Some(other) => return Err(format!("unknown phase {other}")),
    };
    let bytes = serde_json::to_vec_pretty(&doc).map_err(|e| e.to_string())?;
    let mut judge = checker(phase).clone();
    if let Some(as_of) = &case.as_of {
        judge.context.as_of = chrono::DateTime::parse_from_rfc3339(as_of)
            .map_err(|e| format!("as_of {as_of}: {e}"))?
            .with_timezone(&chrono::Utc);
    }
    let checked = judge.check(Evidence::parse("case.json", bytes));
    if let Some(problem) = checked
        .problems
        .iter()
        .find(|p| p.severity() == relpolicy::diagnostics::Severity::Error)
    {
        return Err(format!(
            "the edited evidence has a problem: {}",
            problem.message()
        ));
    }
    let release_type = doc
        .pointer("/release/type")
        .and_then(Value::as_str)
        .and_then(ReleaseType::parse);
    let mut errors = Vec::new();
    let mut statuses = BTreeMap::new();
    for row in &checked.matrix.rows {
        // A requirement the case does not name must pass, unless it does not apply to the
        // release's type (RM-07 in a minor release) or is verified only after the deployment
        // and the case gates it (RM-08 before deployment).
        let applies = checker(phase).catalog.get(&row.id).is_none_or(|r| {
            release_type.is_none_or(|t| r.applies_to_type(t))
                && !(phase == Phase::PreDeploy && r.phase == Phase::PostDeploy)
        });
        let default = if applies { "pass" } else { "not_applicable" };
        let want = case.want.get(&row.id).map_or(default, String::as_str);
        let got = row.status.as_str();
        statuses.insert(row.id.clone(), got.to_owned());
        let texts: Vec<&str> = row.messages.iter().map(|m| m.text.as_str()).collect();
        if got != want {
            errors.push(format!("{}: want {want}, got {got} {texts:?}", row.id));
        }
        for expected in case.params.get(&row.id).into_iter().flatten() {
            if !row.messages.iter().any(|m| m.params.contains(expected)) {
                let named: Vec<&Vec<String>> = row.messages.iter().map(|m| &m.params).collect();
                errors.push(format!(
                    "{}: no message names parameter {expected}; they name {named:?}",
                    row.id
                ));
            }
        }
        for expected in case.messages.get(&row.id).into_iter().flatten() {
            if !texts.iter().any(|t| t.contains(expected.as_str())) {
                errors.push(format!(
                    "{}: no message contains {expected:?}; messages: {texts:?}",
                    row.id
                ));
            }
        }
    }
    for id in case
        .want
        .keys()
        .chain(case.messages.keys())
        .chain(case.params.keys())
    {
        if !statuses.contains_key(id) {
            errors.push(format!("{id} is not a catalogued requirement"));
        }
    }
    if errors.is_empty() {
        Ok(statuses)
    } else {
        Err(errors.join("\n    "))
    }
}

/// One evidence document a scenario builds, ready to check.
pub(crate) struct Scenario {
    /// `<file> — <note>`.
    pub name: String,
    pub phase: Phase,
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
    pub document: Value,
}

/// Every scenario of testdata/cases as the document it checks.
pub(crate) fn scenarios(root: &Path) -> Vec<Scenario> {
    let mut out = Vec::new();
    for (name, file) in case_files(root) {
        for case in &file.cases {
            let base = case
                .base
                .as_deref()
                .or(file.base.as_deref())
                .unwrap_or(DEFAULT_BASE);
            let document = apply(case, load_json(root, base)).expect("the case applies");
            out.push(Scenario {
                name: format!("{name} — {}", case.note),
                phase: match case.phase.as_deref() {
                    Some("pre-deploy") => Phase::PreDeploy,
                    _ => Phase::PostDeploy,
                },
                as_of: case.as_of.as_deref().map(|t| {
                    chrono::DateTime::parse_from_rfc3339(t)
                        .expect("an RFC 3339 as_of")
                        .with_timezone(&chrono::Utc)
                }),
                document,
            });
        }
    }
    out
}

fn case_files(root: &Path) -> Vec<(String, CaseFile)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("testdata/cases"))
        .expect("testdata/cases exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(path).expect("readable case file");
            let file = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, file)
        })
        .collect()
}

#[test]
fn policy_cases() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let files = case_files(&root);
    let mut failures = Vec::new();
    let mut covered = BTreeMap::new();
    let mut count = 0;
    for (name, file) in &files {
        for case in &file.cases {
            count += 1;
            match run_case(&root, file, case) {
                Ok(statuses) => {
                    let status = statuses.get(&file.requirement).cloned().unwrap_or_default();
                    covered
                        .entry(file.requirement.clone())
                        .or_insert_with(Vec::new)
                        .push(status);
                }
                Err(e) => failures.push(format!("{name} — {}:\n    {e}", case.note)),
            }
        }
    }
    // Every requirement's file shows it both passing and not passing.
    let catalog = &checker(Phase::PostDeploy).catalog;
    for r in &catalog.requirements {
        let seen = covered.get(&r.id).cloned().unwrap_or_default();
        if !seen.iter().any(|s| s == "pass") || !seen.iter().any(|s| s != "pass") {
            failures.push(format!(
                "{}: cases must show it passing and failing (seen {seen:?})",
                r.id
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems in {count} policy cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 100, "only {count} cases");
}

/// `check` compiles and evaluates the policies in parts, on threads of their own (the
/// shares differ by the number of cores). Every scenario gets the same matrix, messages and
/// their evidence included, from three parts as from one engine.
#[test]
fn every_case_is_judged_alike_by_one_engine_and_by_parts() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let parted = |phase| {
        Checker::new_in_parts(&Sources::builtin(), phase, crate::context(), 3)
            .expect("built-in library loads")
    };
    let (pre, post) = (parted(Phase::PreDeploy), parted(Phase::PostDeploy));
    assert_eq!(
        post.policies.parts(),
        3,
        "the bundled policies read none of each other's rules"
    );
    let mut count = 0;
    for scenario in scenarios(&root) {
        let (mut one, mut many) = match scenario.phase {
            Phase::PreDeploy => (checker(Phase::PreDeploy).clone(), pre.clone()),
            Phase::PostDeploy => (checker(Phase::PostDeploy).clone(), post.clone()),
        };
        if let Some(as_of) = scenario.as_of {
            one.context.as_of = as_of;
            many.context.as_of = as_of;
        }
        let bytes = serde_json::to_vec_pretty(&scenario.document).expect("JSON");
        let rows = |judge: &Checker| {
            let checked = judge.check(Evidence::parse("case.json", bytes.clone()));
            format!("{:#?}", checked.matrix.rows)
        };
        assert_eq!(rows(&one), rows(&many), "{}", scenario.name);
        count += 1;
    }
    assert!(count >= 100, "only {count} scenarios");
}

/// For every requirement, its first passing case and its first case that does not pass, run
/// through the `relpolicy check` binary as written evidence files: the verdicts hold end to end,
/// not only through the library API.
#[test]
fn a_passing_and_a_failing_case_per_requirement_through_relpolicy_check() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let mut checked: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut failures = Vec::new();
    for (name, file) in case_files(&root) {
        let id = &file.requirement;
        let mut picked: Vec<&Case> = Vec::new();
        for passing in [true, false] {
            let found = file.cases.iter().find(|c| {
                c.want
                    .get(id)
                    .is_some_and(|w| (w == "pass") == passing && w != "not_applicable")
            });
            picked.extend(found);
        }
        for case in picked {
            let base = case
                .base
                .as_deref()
                .or(file.base.as_deref())
                .unwrap_or(DEFAULT_BASE);
            let doc = apply(case, load_json(&root, base)).expect("case applies");
            let path = dir.path().join(format!("{id}-{}.json", checked.len()));
            std::fs::write(&path, serde_json::to_vec_pretty(&doc).expect("JSON")).expect("write");
            let mut args = vec!["check", path.to_str().expect("utf-8"), "--format", "json"];
            if let Some(phase) = &case.phase {
                args.extend(["--phase", phase.as_str()]);
            }
            if let Some(as_of) = &case.as_of {
                args.extend(["--as-of", as_of.as_str()]);
            }
            let out = crate::run_relpolicy(&args);
            let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
            let row = report["requirements"]
                .as_array()
                .and_then(|rows| rows.iter().find(|r| r["id"] == id.as_str()));
            let got = row.and_then(|r| r["status"].as_str()).unwrap_or("absent");
            let want = &case.want[id];
            if got != want {
                failures.push(format!("{name} — {}: want {want}, got {got}", case.note));
            }
            // A failure says where in the evidence it is: some message names a file and line.
            if got == "fail" {
                let located = row
                    .and_then(|r| r["messages"].as_array())
                    .into_iter()
                    .flatten()
                    .flat_map(|m| m["evidence"].as_array().cloned().unwrap_or_default())
                    .any(|e| e["location"]["line"].as_u64().is_some_and(|l| l > 0));
                if !located {
                    failures.push(format!(
                        "{name} — {}: no message of the failure is located in the evidence",
                        case.note
                    ));
                }
            }
            // The exit status follows the worst row, whatever this one is.
            let worst = if report["summary"]["error"].as_u64() > Some(0) {
                2
            } else if report["summary"]["fail"].as_u64() > Some(0)
                || report["summary"]["missing_evidence"].as_u64() > Some(0)
            {
                1
            } else {
                0
            };
            if out.status.code() != Some(worst) {
                failures.push(format!(
                    "{name} — {}: exit {:?}, want {worst}",
                    case.note,
                    out.status.code()
                ));
            }
            checked.entry(id.clone()).or_default().push(got.to_owned());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let catalog = &checker(Phase::PostDeploy).catalog;
    for r in &catalog.requirements {
        let seen = checked.get(&r.id).cloned().unwrap_or_default();
        assert!(
            seen.iter().any(|s| s == "pass") && seen.iter().any(|s| s != "pass"),
            "{}: {seen:?}",
            r.id
        );
    }
}

/// The policies' unit tests run on copies of the example release (policies/test/fixture_test.rego).
/// They must be the example as the policies see it, summaries included, or the unit tests would
/// test a release that no longer exists.
#[test]
fn the_policy_test_fixtures_are_the_examples_as_policies_see_them() {
    use relpolicy::policy::engine::Suite;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let name = "policies/test/fixture_test.rego";
    let fixture = relpolicy::source::SourceFile::new(
        name,
        std::fs::read_to_string(root.join(name)).expect("fixture file"),
    );
    let (mut suite, errors) = Suite::new(&[&fixture], &serde_json::json!({}), false);
    assert!(errors.is_empty(), "{errors:?}");
    for (rule, example) in [
        ("release", "examples/payments-2.4.0/evidence.json"),
        (
            "pre_deploy",
            "examples/payments-2.4.0/evidence-pre-deploy.json",
        ),
    ] {
        let bounds = relpolicy::policy::engine::Bounds::of(&relpolicy::limits::Limits::DEFAULT);
        let (value, _) = suite.eval("relpolicy.test.fixture", rule, bounds);
        let (expected, _) =
            relpolicy::evidence::derive(load_json(&root, example), crate::context().as_of);
        // Rego has one number type: compare numbers by value (4 and 4.0 are the same).
        assert!(
            value.expect("evaluates").map(numbers_as_f64) == Some(numbers_as_f64(expected)),
            "fixture.{rule} differs from {example} with its derived summaries; update {name}"
        );
    }
}

fn numbers_as_f64(value: Value) -> Value {
    match value {
        Value::Number(n) => n.as_f64().map_or(Value::Null, |f| serde_json::json!(f)),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_f64).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_f64(v)))
                .collect(),
        ),
        other => other,
    }
}
