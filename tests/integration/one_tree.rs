//! A document read from bytes keeps its test cases once, as the policy engine's values
//! (`Prepared::from_bytes`), where a parsed document keeps them in its tree (`Prepared::new`).
//! Both must judge every document alike: the same input for the policies, the same matrix,
//! the same problems at the same lines. Checked on the bundled examples and on hand-made
//! documents whose cases break the schema, exceed the item limit, repeat a member, or are not
//! a list.

use relpolicy::catalog::Phase;
use relpolicy::checker::Checker;
use relpolicy::evidence::{Context, Evidence, Prepared};
use relpolicy::policy::Sources;
use serde_json::{Value, json};

/// Read `text` both ways and compare; returns the schema problems as shown (or the error).
fn both_ways(checker: &Checker, name: &str, text: &str, context: &Context) -> String {
    let bytes = text.as_bytes().to_vec();
    let one = Prepared::from_bytes(name, bytes.clone(), context);
    let two = Evidence::parse(name, bytes).map(|e| Prepared::new(e, context));
    let (one, two) = match (one, two) {
        (Ok(one), Ok(two)) => (one, two),
        (Err(a), Err(b)) => {
            assert_eq!(a.message(), b.message(), "{name}");
            return relpolicy::diagnostics::render_plain(&[a]);
        }
        (a, b) => panic!(
            "{name}: read one way and not the other: {:?} / {:?}",
            a.is_ok(),
            b.is_ok()
        ),
    };
    assert_eq!(
        one.0.input.to_json(),
        two.0.input.to_json(),
        "{name}: policy input"
    );
    assert_eq!(one.0.sha256, two.0.sha256);
    let plain = |p: &Prepared| relpolicy::diagnostics::render_plain(&p.schema_problems());
    assert_eq!(plain(&one.0), plain(&two.0), "{name}: schema problems");
    let warnings = |w: &[relpolicy::diagnostics::Problem]| relpolicy::diagnostics::render_plain(w);
    assert_eq!(warnings(&one.1), warnings(&two.1), "{name}: warnings");
    let shown = plain(&one.0);
    let a = checker.evaluate(Ok(one));
    let b = checker.evaluate(Ok(two));
    assert_eq!(
        format!("{:#?}", a.matrix.rows),
        format!("{:#?}", b.matrix.rows),
        "{name}: matrix"
    );
    shown
}

#[test]
fn cases_kept_once_are_judged_as_cases_in_the_tree() {
    let mut context = crate::context();
    let checker =
        Checker::new(&Sources::builtin(), Phase::PostDeploy, context).expect("the library");
    for path in [
        "examples/payments-2.4.0/evidence.json",
        "examples/payments-2.4.0/evidence-pre-deploy.json",
        "examples/failing/approved-by-developer.json",
        "examples/failing/cost-overrun-not-escalated.json",
    ] {
        let text = std::fs::read_to_string(path).unwrap();
        both_ways(&checker, path, &text, &context);
    }
    let example: Value = serde_json::from_str(
        &std::fs::read_to_string("examples/payments-2.4.0/evidence.json").unwrap(),
    )
    .unwrap();
    let variant = |edit: &dyn Fn(&mut Value)| {
        let mut document = example.clone();
        edit(&mut document);
        serde_json::to_string_pretty(&document).unwrap()
    };
    // Hand-made: a case that breaks the schema, in the second run.
    let bad_case = variant(&|d| {
        d["system_test_report"]["runs"][0]["cases"][1]["status"] = json!("sort of");
        d["system_test_report"]["runs"][0]["cases"][2]["duration_s"] = json!("slow");
    });
    let shown = both_ways(&checker, "bad-case.json", &bad_case, &context);
    assert!(
        shown.contains("/system_test_report/runs/0/cases/1/status"),
        "{shown}"
    );
    assert!(
        shown.contains("/system_test_report/runs/0/cases/2/duration_s"),
        "{shown}"
    );
    // Hand-made: cases that are not a list, and a run with an empty list.
    let not_a_list = variant(&|d| {
        d["system_test_report"]["runs"][0]["cases"] = json!({"name": "x"});
        d["rollback"]["tests"]["runs"][0]["cases"] = json!([]);
    });
    both_ways(&checker, "not-a-list.json", &not_a_list, &context);
    // Hand-made: a failing and a skipped case, and a summary the document gives wrongly.
    let failing = variant(&|d| {
        d["system_test_report"]["runs"][0]["cases"][0]["status"] = json!("failed");
        d["system_test_report"]["runs"][0]["cases"][1]["status"] = json!("skipped");
        d["system_test_report"]["summary"] = json!({"total": 1});
    });
    both_ways(&checker, "failing.json", &failing, &context);
    // Hand-made: a duplicate member inside a case is refused either way, at the same line.
    let duplicate = example_with_text_edit(
        &variant(&|_| {}),
        "\"name\": \"test_service_reports_healthy\",",
        "\"name\": \"test_service_reports_healthy\", \"name\": \"again\",",
    );
    let shown = both_ways(&checker, "duplicate.json", &duplicate, &context);
    assert!(shown.contains("duplicate member"), "{shown}");
    // Over the item limit: the list is named either way.
    context.limits.items = 3;
    let checker = Checker::new(&Sources::builtin(), Phase::PostDeploy, context).unwrap();
    let shown = both_ways(&checker, "many.json", &variant(&|_| {}), &context);
    assert!(
        shown.contains("cases") && shown.contains("over the limit of 3"),
        "{shown}"
    );
}

fn example_with_text_edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the example has {from}");
    text.replacen(from, to, 1)
}

/// relpolicy reads a basis entry's values from the evidence (`keys`); the library's Rego helper
/// `lib.basis_values`, which the policy tests use, must read the same, on every example.
#[test]
fn basis_values_read_in_rust_are_those_the_rego_helper_reads() {
    let context = crate::context();
    let checker = Checker::new(&Sources::builtin(), Phase::PostDeploy, context).unwrap();
    let lib = std::fs::read_to_string("policies/lib/release.rego").unwrap();
    let mut compared = 0;
    for path in [
        "examples/payments-2.4.0/evidence.json",
        "examples/failing/approved-by-developer.json",
        "examples/failing/cost-overrun-not-escalated.json",
        "examples/failing/manual-production-deploy.json",
    ] {
        let bytes = std::fs::read(path).unwrap();
        let (prepared, _) = Prepared::from_bytes(path, bytes, &context).unwrap();
        let ids: Vec<String> = checker
            .policies
            .policies()
            .map(|p| p.requirement.clone())
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let verdicts = checker.policies.evaluate(&prepared.input, &refs);
        let entries: Vec<(String, relpolicy::policy::finding::Basis)> = verdicts
            .into_iter()
            .flat_map(|(id, v)| v.unwrap().basis.into_iter().map(move |b| (id.clone(), b)))
            .filter(|(_, b)| !b.keys.is_empty())
            .collect();
        let mut engine = regorus::Engine::new();
        engine
            .add_policy("release.rego".into(), lib.clone())
            .unwrap();
        engine
            .add_policy(
                "probe.rego".into(),
                "package probe\nimport rego.v1\nimport data.relpolicy.lib.release as lib\nvals := [lib.basis_values(b) | some b in data.entries]\n".into(),
            )
            .unwrap();
        let wire: Vec<Value> = entries
            .iter()
            .map(|(_, b)| json!({"evidence": b.pointer, "keys": b.keys}))
            .collect();
        engine
            .add_data(regorus::Value::from(json!({"entries": wire})))
            .unwrap();
        engine.set_input(regorus::Value::from(prepared.input.to_json()));
        let rego: Value =
            serde_json::to_value(engine.eval_rule("data.probe.vals".into()).unwrap()).unwrap();
        let matrix = checker.evaluate(Ok((prepared, Vec::new()))).matrix;
        for ((id, basis), from_rego) in entries.iter().zip(rego.as_array().unwrap()) {
            let row = matrix.rows.iter().find(|r| &r.id == id).unwrap();
            let from_rust = row
                .basis
                .iter()
                .find(|b| b.pointer == basis.pointer && b.what == basis.what)
                .unwrap_or_else(|| panic!("{path} {id}: {} not in the row", basis.pointer));
            assert_eq!(
                serde_json::to_value(&from_rust.values).unwrap(),
                *from_rego,
                "{path} {id} {}",
                basis.pointer
            );
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} entries compared");
}
