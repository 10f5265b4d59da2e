//! Writes the release folders of the scale benchmark (`benches/scale.sh`): the bundled example
//! release, each with one part scaled up, all still passing every requirement.
//!
//! - `artifacts-ARTIFACTS/`: ARTIFACTS artifacts (default 10,000), each with its own DSSE
//!   provenance envelope, promoted dev → test → staging → production (three promotions each) and
//!   listed in the staging and production deployment records;
//! - `checklist-ITEMS/`: a go-live checklist of ITEMS items (default 10,000), each verified;
//! - `junit-CASES/`: one more JUnit report of CASES passing test cases (default 1,000,000; about
//!   54 MB, the shape jest and node write: one line per case, no properties).
//!
//!   cargo bench --bench scale_inputs -- DIR [ARTIFACTS] [ITEMS] [CASES]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "support/args.rs"]
mod args;

use args::Args;

use data_encoding::BASE64;
use serde_json::{Value, json};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/payments-2.4.0")
}

/// Copy the example release folder to `to` (its gathered documents left out).
fn copy_example(to: &Path) {
    let from = example();
    let _ = std::fs::remove_dir_all(to);
    for entry in walkdir::WalkDir::new(&from).sort_by_file_name() {
        let entry = entry.expect("the example folder is readable");
        let relative = entry
            .path()
            .strip_prefix(&from)
            .expect("inside the example");
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create a folder");
        } else if !relative.to_string_lossy().starts_with("evidence") {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

fn digest(n: usize) -> String {
    format!("sha256:{n:064x}")
}

fn artifacts(dir: &Path, count: usize) {
    copy_example(dir);
    let names: Vec<String> = (0..count.saturating_sub(2))
        .map(|k| format!("svc-{k:05}"))
        .collect();
    // Provenance: one DSSE envelope per artifact, as a build that signs each image writes.
    let mut provenance = String::new();
    for (k, name) in names.iter().enumerate() {
        let statement = json!({
            "_type": "https://in-toto.io/Statement/v1",
            "subject": [{"name": name, "digest": {"sha256": format!("{k:064x}")}}],
            "predicateType": "https://slsa.dev/provenance/v1",
            "predicate": {
                "buildDefinition": {"buildType": "https://actions.github.io/buildtypes/workflow/v1"},
                "runDetails": {
                    "builder": {"id": "https://github.example.com/payments/monorepo/actions/runs/8812"},
                    "metadata": {"invocationId": "8812", "finishedOn": "2026-03-06T14:12:00Z"}
                }
            }
        });
        let envelope = json!({
            "payloadType": "application/vnd.in-toto+json",
            "payload": BASE64.encode(statement.to_string().as_bytes()),
            "signatures": [{"keyid": "release-signing-2026", "sig": "MEUCIQDexample"}]
        });
        provenance.push_str(&envelope.to_string());
        provenance.push('\n');
    }
    std::fs::write(dir.join("provenance/bulk.intoto.jsonl"), provenance).expect("provenance");
    // Promotions: the example's steps and times, for every artifact.
    let log = dir.join("promotions/promotions.jsonl");
    let mut promotions = std::fs::read_to_string(&log).expect("the example's promotion log");
    for (from, to, at) in [
        ("dev", "test", "2026-03-07T09:00:00Z"),
        ("test", "staging", "2026-03-11T16:00:00Z"),
        ("staging", "production", "2026-03-14T20:02:00Z"),
    ] {
        for (k, name) in names.iter().enumerate() {
            let line = json!({"event": "promotion", "artifact": name, "digest": digest(k), "from_environment": from, "to_environment": to, "time": at, "actor": "release-bot"});
            promotions.push_str(&line.to_string());
            promotions.push('\n');
        }
    }
    std::fs::write(&log, promotions).expect("promotions");
    // The package manifest declares every artifact (RM-13) and the closure records every one as
    // a configuration item at the release's version (RM-09).
    let add_after = |file: &str, marker: &str, lines: String| {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).expect(file);
        let text = text.replacen(marker, &format!("{marker}{lines}"), 1);
        std::fs::write(&path, text).expect(file);
    };
    let components: String = names
        .iter()
        .enumerate()
        .map(|(k, name)| format!("  - name: {name}\n    digest: \"{}\"\n", digest(k)))
        .collect();
    add_after("build/package-manifest.yaml", "components:\n", components);
    let items: String = names
        .iter()
        .map(|name| {
            format!(
                "  - {{ name: {name}, version: 2.4.0, updated_at: \"2026-03-14T21:10:00Z\" }}\n"
            )
        })
        .collect();
    add_after("closure.yaml", "configuration_items:\n", items);
    // Both deployment records list every artifact.
    for record in [
        "deployments/deploy-staging-231.json",
        "deployments/deploy-prod-232.json",
    ] {
        let path = dir.join(record);
        let mut deployment: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("a deployment record"))
                .expect("JSON");
        let listed = deployment["artifacts"]
            .as_array_mut()
            .expect("the record lists artifacts");
        for (k, name) in names.iter().enumerate() {
            listed.push(json!({"name": name, "digest": digest(k)}));
        }
        std::fs::write(
            &path,
            serde_json::to_string_pretty(&deployment).expect("JSON"),
        )
        .expect("a deployment record");
    }
}

fn checklist(dir: &Path, items: usize) {
    copy_example(dir);
    let path = dir.join("go-live.md");
    let mut text = std::fs::read_to_string(&path).expect("the example's checklist");
    let had = text.matches("- [x] GL-").count();
    for k in had + 1..=items {
        let _ = writeln!(
            text,
            "- [x] GL-{k}: Service {k} readiness confirmed: dashboards, alerts, runbook section and on-call rota reviewed for this window (verified by s.ito at 2026-03-13T19:{:02}:00Z)",
            k % 60
        );
    }
    std::fs::write(&path, text).expect("the checklist");
}

fn junit(dir: &Path, cases: usize) {
    copy_example(dir);
    let mut xml = String::with_capacity(cases * 60 + 512);
    let _ = writeln!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"jest tests\" tests=\"{cases}\" failures=\"0\" errors=\"0\" time=\"1200\">\n<testsuite name=\"bulk\" tests=\"{cases}\" failures=\"0\" errors=\"0\" skipped=\"0\" timestamp=\"2026-03-10T08:00:00Z\" time=\"1200\">"
    );
    for n in 0..cases {
        let _ = writeln!(
            xml,
            "<testcase classname=\"bulk\" name=\"case {n}\" time=\"0.001\"/>"
        );
    }
    xml.push_str("</testsuite>\n</testsuites>\n");
    std::fs::write(dir.join("reports/system/bulk.xml"), xml).expect("the report");
}

fn main() {
    let args = Args::read("scale_inputs DIR [ARTIFACTS] [ITEMS] [CASES]");
    let dir = args.dir();
    let count = args.number(1, 10_000);
    artifacts(&dir.join(format!("artifacts-{count}")), count);
    let items = args.number(2, 10_000);
    checklist(&dir.join(format!("checklist-{items}")), items);
    let cases = args.number(3, 1_000_000);
    junit(&dir.join(format!("junit-{cases}")), cases);
}
