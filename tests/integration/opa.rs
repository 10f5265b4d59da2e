//! Agreement with OPA: the real OPA engine evaluates the bundled library on every example and
//! every scenario document, with the input and data relpolicy hands regorus, and must reach the
//! same verdict (every finding, `satisfied` and the `basis`) for every requirement whose row the policy
//! decides. (A requirement whose declared evidence is absent is `missing_evidence` before its
//! policy's verdict is read, in relpolicy as it would be with OPA.)
//!
//! OPA runs in-process from the C shared library of the PyPI wheel opa-golib-python-bindings
//! (OPA v1.20.2), driven by tests/opa/verdicts.py through ctypes. The test fetches the wheel
//! itself into target/opa on first use (pip, Python 3) and checks its digest; when it cannot,
//! it fails: a differential test that silently skips proves nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use relpolicy::catalog::Phase;
use relpolicy::checker::Checker;
use relpolicy::evidence::{Context, Evidence, Prepared};
use relpolicy::policy::{Sources, Verdict, policy_data};
use serde_json::{Value, json};

const WHEEL: &str = "opa_golib_python_bindings-0.4.4-py3-none-manylinux_2_34_x86_64.whl";
const WHEEL_SHA256: &str = "d411c901e14b8c7c3023e23e4a944f4cf429c1d31baf80e959e57d11efbfd24a";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The OPA bridge library, fetched and unpacked into target/opa when absent.
fn opa_bridge() -> PathBuf {
    let dir = root().join("target/opa");
    let library = dir.join("opa_bindings/libopabridge.so");
    if library.exists() {
        return library;
    }
    let wheel = dir.join(WHEEL);
    if !wheel.exists() {
        let status = Command::new("python3")
            .args([
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--python-version",
                "3.14",
                "--platform",
                "manylinux_2_34_x86_64",
                "-d",
            ])
            .arg(&dir)
            .arg("opa-golib-python-bindings==0.4.4")
            .status()
            .expect("python3 runs (the OPA differential test needs Python 3 with pip)");
        assert!(
            status.success(),
            "could not download the OPA wheel from PyPI into {}",
            dir.display()
        );
    }
    let bytes = std::fs::read(&wheel).expect("the wheel is readable");
    assert_eq!(
        relpolicy::manifest::sha256_hex(&bytes),
        WHEEL_SHA256,
        "{} is not the wheel this test was written against",
        wheel.display()
    );
    let status = Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(&wheel)
        .arg(&dir)
        .status()
        .expect("python3 runs");
    assert!(
        status.success() && library.exists(),
        "could not unpack {WHEEL}"
    );
    library
}

/// What relpolicy evaluates for one document: its derived input and the verdicts regorus gave.
struct Judged {
    name: String,
    input: Value,
    verdicts: Vec<(String, String, Verdict)>,
}

fn judge(checker: &Checker, name: String, document: &Value, context: &Context) -> Judged {
    let bytes = serde_json::to_vec(document).expect("JSON");
    let evidence = Evidence::parse(&name, bytes).expect("the document parses");
    let (prepared, _) = Prepared::new(evidence, context);
    let requirements: Vec<(String, String)> = checker
        .policies
        .policies()
        .map(|p| (p.requirement.clone(), p.package.clone()))
        .collect();
    let ids: Vec<&str> = requirements.iter().map(|(r, _)| r.as_str()).collect();
    let mut results = checker.policies.evaluate(&prepared.input, &ids);
    let decided: std::collections::BTreeSet<String> = checker
        .evaluate(Ok((prepared.clone(), Vec::new())))
        .matrix
        .rows
        .into_iter()
        .filter(|row| row.policy.as_ref().is_some_and(|p| p.rule.is_some()))
        .map(|row| row.id)
        .collect();
    let verdicts = requirements
        .into_iter()
        .filter(|(requirement, _)| decided.contains(requirement))
        .map(|(requirement, package)| {
            let verdict = results
                .remove(&requirement)
                .expect("evaluated")
                .unwrap_or_else(|e| panic!("{name}: {requirement} errs in regorus: {e}"));
            (requirement, package, verdict)
        })
        .collect();
    Judged {
        name,
        input: prepared.input.to_json(),
        verdicts,
    }
}

/// OPA's verdicts for `judged`, evaluated with `checker`'s library and data.
fn opa_verdicts(bridge: &Path, checker: &Checker, phase: Phase, judged: &[Judged]) -> Value {
    let params = checker.library.params_json().expect("params");
    let modules: Vec<(String, String)> = checker
        .library
        .rego
        .iter()
        .map(|f| (f.name().to_owned(), f.text().to_owned()))
        .collect();
    let packages: Vec<String> = checker
        .policies
        .policies()
        .map(|p| p.package.clone())
        .collect();
    let job = json!({
        "modules": modules,
        "data": policy_data(params, phase),
        "packages": packages,
        "documents": judged.iter().map(|j| json!({"name": j.name, "input": j.input})).collect::<Vec<_>>(),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("job.json");
    std::fs::write(&path, serde_json::to_vec(&job).expect("JSON")).expect("write job");
    let out = Command::new("python3")
        .arg(root().join("tests/opa/verdicts.py"))
        .arg(bridge)
        .arg(&path)
        .output()
        .expect("python3 runs");
    let result: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "verdicts.py gave no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        result.get("error").is_none(),
        "OPA refused the bundled library or a document: {}",
        result["error"]
    );
    result
}

#[test]
fn opa_reaches_the_same_verdicts_as_relpolicy() {
    let bridge = opa_bridge();
    let default_as_of = crate::context().as_of;
    // Every example document, then every scenario; grouped by phase, which OPA sees as data.
    let mut documents: Vec<(String, Phase, Option<chrono::DateTime<chrono::Utc>>, Value)> =
        Vec::new();
    for (path, phase) in [
        ("examples/payments-2.4.0/evidence.json", Phase::PostDeploy),
        (
            "examples/payments-2.4.0/evidence-pre-deploy.json",
            Phase::PreDeploy,
        ),
        (
            "examples/failing/approved-by-developer.json",
            Phase::PostDeploy,
        ),
        (
            "examples/failing/cost-overrun-not-escalated.json",
            Phase::PostDeploy,
        ),
        (
            "examples/failing/manual-production-deploy.json",
            Phase::PostDeploy,
        ),
        (
            "examples/failing/rebuilt-before-staging.json",
            Phase::PostDeploy,
        ),
    ] {
        documents.push((
            path.to_owned(),
            phase,
            None,
            crate::policy_cases::load_json(&root(), path),
        ));
    }
    for scenario in crate::policy_cases::scenarios(&root()) {
        documents.push((
            scenario.name,
            scenario.phase,
            scenario.as_of,
            scenario.document,
        ));
    }
    let mut compared = 0;
    let mut differences = Vec::new();
    for phase in [Phase::PreDeploy, Phase::PostDeploy] {
        let checker =
            Checker::new(&Sources::builtin(), phase, crate::context()).expect("library loads");
        let judged: Vec<Judged> = documents
            .iter()
            .filter(|(_, p, _, _)| *p == phase)
            .map(|(name, _, as_of, doc)| {
                let context = Context::at(as_of.unwrap_or(default_as_of));
                judge(&checker, name.clone(), doc, &context)
            })
            .collect();
        let opa = opa_verdicts(&bridge, &checker, phase, &judged);
        for j in &judged {
            for (requirement, package, ours) in &j.verdicts {
                let theirs = Verdict::from_json(&opa[&j.name][package]).unwrap_or_else(|e| {
                    panic!(
                        "{}: OPA's verdict on {requirement} is malformed: {e}",
                        j.name
                    )
                });
                compared += 1;
                if &theirs != ours {
                    differences.push(format!(
                        "{} — {requirement}:\n  relpolicy: {ours:?}\n  OPA:       {theirs:?}",
                        j.name
                    ));
                }
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {compared} verdicts differ between regorus and OPA:\n{}",
        differences.len(),
        differences.join("\n")
    );
    assert!(compared > 4000, "only {compared} verdicts compared");
}
