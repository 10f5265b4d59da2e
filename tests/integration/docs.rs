//! The documentation says what the code does: these tests fail when one changes without the other.

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn source_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("readable dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).expect("readable source"));
        }
    }
}

#[test]
fn every_diagnostic_code_is_documented_and_every_documented_code_exists() {
    let mut sources = Vec::new();
    source_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let mut in_code = BTreeSet::new();
    for text in &sources {
        for piece in text.split("\"relpolicy::").skip(1) {
            let code: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || *c == ':')
                .collect();
            if code.matches("::").count() == 1 {
                in_code.insert(format!("relpolicy::{code}"));
            }
        }
    }
    let docs = read("docs/diagnostics.md");
    let documented: BTreeSet<String> = docs
        .lines()
        .filter_map(|l| l.strip_prefix("### `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect();
    assert!(in_code.len() >= 20, "{in_code:?}");
    assert_eq!(
        in_code, documented,
        "docs/diagnostics.md and the code disagree"
    );
}

#[test]
fn every_evidence_section_is_documented() {
    let schema: serde_json::Value =
        serde_json::from_str(&read("schemas/evidence.schema.json")).expect("schema JSON");
    let docs = read("docs/evidence.md");
    for section in schema["properties"].as_object().expect("properties").keys() {
        assert!(
            docs.contains(&format!("`{section}`")),
            "docs/evidence.md does not mention `{section}`"
        );
    }
}

#[test]
fn every_policy_parameter_is_documented() {
    let params: serde_json::Value =
        serde_saphyr::from_str(&read("policies/params.yaml")).expect("params YAML");
    let docs = read("docs/policies.md");
    for (key, value) in params.as_object().expect("mapping") {
        match value.as_object() {
            Some(inner) if key == "environments" || key == "cost" || key == "retention" => {
                for sub in inner.keys() {
                    assert!(
                        docs.contains(&format!("`{key}.{sub}`")),
                        "docs/policies.md lacks `{key}.{sub}`"
                    );
                }
            }
            Some(_) => assert!(
                docs.contains(&format!("`{key}.")),
                "docs/policies.md lacks `{key}.*`"
            ),
            None => assert!(
                docs.contains(&format!("`{key}`")),
                "docs/policies.md lacks `{key}`"
            ),
        }
    }
}

#[test]
fn ci_runs_the_readme_test_command() {
    let readme = read("README.md");
    let block = readme
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a sh block in README");
    let commands: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        commands.len(),
        2,
        "README has exactly two set-up commands: {commands:?}"
    );
    // The main job checks the bundled example release folder (tests/cmd/check-folder.toml
    // pins its output).
    let folder = commands[0]
        .strip_prefix("cargo run -- check ")
        .unwrap_or_else(|| panic!("not a check: {}", commands[0]));
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(folder)
            .join("relpolicy.yaml")
            .is_file(),
        "{folder} is not a release folder"
    );
    assert!(read("tests/cmd/check-folder.toml").contains(&format!("\"{folder}\"")));
    let ci = read(".ci/run");
    assert!(
        ci.lines().any(|l| l.trim() == commands[1]),
        ".ci/run does not run `{}`",
        commands[1]
    );
    assert!(ci.contains("cargo fmt") && ci.contains("cargo clippy"));
}

#[test]
fn the_requirement_reference_is_generated_from_the_library() {
    let out = crate::run_relpolicy(&["doc"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout) == read("docs/requirements.md"),
        "docs/requirements.md is out of date: run `cargo run -- doc -o docs/requirements.md`"
    );
}

/// docs/limits.md states the defaults src/limits.rs and the manifest enforce.
#[test]
fn the_limits_page_states_the_defaults() {
    use relpolicy::limits::{Limits, MIB};
    let page = read("docs/limits.md");
    let d = Limits::DEFAULT;
    for (what, shown) in [
        (
            "evidence",
            format!("| {} MiB | `--max-evidence-mb`", d.evidence_bytes / MIB),
        ),
        ("items", format!("| {} | `--max-items`", d.items)),
        ("time", format!("| {} s | `--time-limit`", d.time.as_secs())),
        (
            "message",
            format!("| {} KiB | `--max-message-kb`", d.message_bytes / 1024),
        ),
        (
            "print",
            format!("| {} KiB | `--max-print-kb`", d.print_bytes / 1024),
        ),
        (
            "file",
            format!(
                "| {} MiB | `max_file_mb`",
                relpolicy::gather::manifest::DEFAULT_MAX_FILE_MB
            ),
        ),
        (
            "total",
            format!(
                "| {} MiB | `max_total_mb`",
                relpolicy::gather::manifest::DEFAULT_MAX_TOTAL_MB
            ),
        ),
    ] {
        assert!(
            page.contains(&shown),
            "docs/limits.md does not state the {what} limit as `{shown}`"
        );
    }
}

/// Every parameter a bundled finding names as deciding it exists in params.yaml, so the help
/// "set `x` in your params file" never sends a team to a key that does nothing. A name built
/// with `sprintf("a.%s", ...)` is checked up to its first placeholder.
#[test]
fn every_parameter_a_finding_names_is_a_parameter() {
    let params: serde_json::Value =
        serde_saphyr::from_str(&read("policies/params.yaml")).expect("params YAML");
    let quoted = regex::Regex::new(r#""([a-z_][a-z0-9_.%-]*)""#).expect("regex");
    let mut checked = 0;
    let mut files = Vec::new();
    for dir in ["policies/release", "policies/lib"] {
        for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
            .expect("policy dir")
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".rego") && !name.ends_with("_test.rego") {
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    for file in files {
        let text = read(&file);
        // The value of every `"param":` and the lists the library's *_params functions return.
        let values: Vec<&str> = text
            .split("\"param\":")
            .skip(1)
            .map(|rest| rest.split(['}', '\n']).next().unwrap_or(""))
            .chain(
                text.lines()
                    .filter(|l| l.contains("_params(") && l.contains(":= ["))
                    .map(|l| l.split(":= ").nth(1).unwrap_or("")),
            )
            .collect();
        for value in values {
            for name in quoted.captures_iter(value).map(|c| c[1].to_owned()) {
                let name = name.split(".%").next().unwrap_or(&name).to_owned();
                if name.contains('%') || name == "evidence" || name == "msg" {
                    continue;
                }
                let mut node = &params;
                for part in name.split('.') {
                    node = node
                        .get(part)
                        .unwrap_or_else(|| panic!("{file}: a finding names parameter `{name}`, which params.yaml does not have"));
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "only {checked} parameter names found");
}
