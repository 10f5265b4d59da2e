//! Inputs for `benches/audit.sh`: `cargo bench --bench audit_inputs -- RELEASES CASES DIR`,
//! and for `benches/cold.sh`: `cargo bench --bench audit_inputs -- --from FILE DIR`.
//!
//! Writes RELEASES synthetic releases of CASES test cases each (`support/synth.rs`, seeds 1 to
//! RELEASES), or the one evidence document FILE, into DIR/releases/, and, for OPA on the same
//! documents, DIR/opa-job.json (the bundled library's modules, the data relpolicy hands its
//! engine, the packages) and DIR/opa-inputs.jsonl (each document's policy input, as relpolicy
//! derives it, one per line). OPA is given the derived inputs for free: its time is evaluation
//! alone.

#[path = "support/synth.rs"]
mod synth;

use std::io::Write;

use relpolicy::catalog::Phase;
use relpolicy::checker::Checker;
use relpolicy::evidence::{Context, Evidence, Prepared};
use relpolicy::policy::{Sources, policy_data};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let number = |i: usize, default| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    // `--from FILE DIR`: that one document; otherwise `RELEASES CASES DIR`, synthetic ones.
    let (from, releases, cases, dir) = match args.as_slice() {
        [flag, file, rest @ ..] if flag == "--from" => (Some(file.clone()), 1, 0, rest.first()),
        _ => (None, number(0, 1000), number(1, 2000), args.get(2)),
    };
    let dir = std::path::PathBuf::from(dir.map_or("target/bench/audit", String::as_str));
    let documents = dir.join("releases");
    std::fs::create_dir_all(&documents).expect("create the output folder");
    // The same evaluation time as the benchmark's runs (SOURCE_DATE_EPOCH, or now).
    let context = Context::at(relpolicy::manifest::evaluation_time());
    let checker =
        Checker::new(&Sources::builtin(), Phase::PostDeploy, context).expect("the library loads");
    let params = checker.library.params_json().expect("params");
    let job = serde_json::json!({
        "modules": checker.library.rego.iter().map(|f| (f.name(), f.text())).collect::<Vec<_>>(),
        "data": policy_data(params, Phase::PostDeploy),
        "packages": checker.policies.policies().map(|p| p.package.clone()).collect::<Vec<_>>(),
    });
    std::fs::write(
        dir.join("opa-job.json"),
        serde_json::to_vec(&job).expect("JSON"),
    )
    .expect("write the OPA job");
    let inputs = std::fs::File::create(dir.join("opa-inputs.jsonl")).expect("create inputs");
    let mut inputs = std::io::BufWriter::new(inputs);
    for seed in 1..=releases {
        let bytes = match &from {
            Some(file) => std::fs::read(file).expect("read the evidence document"),
            None => serde_json::to_vec(&synth::release(cases, seed as u64)).expect("JSON"),
        };
        let name = documents.join(format!("release-{seed:05}.json"));
        std::fs::write(&name, &bytes).expect("write a release");
        let evidence = Evidence::parse(&name.display().to_string(), bytes).expect("parses");
        let (prepared, _) = Prepared::new(evidence, &context);
        serde_json::to_writer(&mut inputs, &prepared.input.to_json()).expect("write an input");
        inputs.write_all(b"\n").expect("write an input");
    }
    inputs.flush().expect("write the inputs");
}
