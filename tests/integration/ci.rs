//! The CI side: the GitHub and GitLab formats in the shapes those systems document, the CI
//! recipes of docs/ci.md (parsed, and using only flags that exist), completions and the manual
//! page.

use std::path::Path;

use clap::Parser;
use serde_json::Value;

use crate::run_relpolicy;

const FAILING: &str = "examples/failing/rollback-test-failed";

#[test]
fn github_annotations_follow_the_workflow_command_syntax() {
    let out = run_relpolicy(&["check", FAILING, "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    // docs.github.com, "Workflow commands for GitHub Actions": `::LEVEL key=value,...::message`,
    // with `%`, CR and LF escaped in the message and `:` and `,` too in property values.
    let command = regex::Regex::new(
        r"^::(error|warning|notice)(?: ((?:file|line|endLine|col|endColumn|title)=[^,:\r\n]*(?:,(?:file|line|endLine|col|endColumn|title)=[^,:\r\n]*)*))?::[^\r\n]*$",
    )
    .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 3, "{text}");
    for line in &lines {
        let caps = command
            .captures(line)
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        // Every file an annotation names exists, from the working directory (the repo root).
        if let Some(props) = caps.get(2) {
            for prop in props.as_str().split(',') {
                if let Some(file) = prop.strip_prefix("file=") {
                    assert!(
                        Path::new(env!("CARGO_MANIFEST_DIR")).join(file).is_file(),
                        "{file}"
                    );
                }
            }
        }
    }
    assert!(text.contains("file=examples/failing/rollback-test-failed/reports/rollback/rehearsal.xml,line=13,col=5"), "{text}");
    // A comma in a title is escaped, not a property separator.
    assert!(
        text.contains("title=REQ-26 Rollback strategy defined%2C tested and verified"),
        "{text}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("::notice title=relpolicy::"),
        "{text}"
    );
}

#[test]
fn gitlab_code_quality_follows_its_documented_shape() {
    let out = run_relpolicy(&[
        "check",
        "examples/failing/approved-by-developer.json",
        "--format",
        "codequality",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // docs.gitlab.com, "Code Quality" → "Code Quality report format": an array of objects with
    // description, check_name, fingerprint, severity (info, minor, major, critical, blocker),
    // location.path and location.lines.begin. Written down here as a JSON Schema.
    let schema = serde_json::json!({
        "type": "array",
        "items": {
            "type": "object",
            "required": ["description", "check_name", "fingerprint", "severity", "location"],
            "properties": {
                "description": {"type": "string", "minLength": 1},
                "check_name": {"type": "string", "minLength": 1},
                "fingerprint": {"type": "string", "minLength": 1},
                "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
                "location": {
                    "type": "object",
                    "required": ["path", "lines"],
                    "properties": {
                        "path": {"type": "string", "minLength": 1},
                        "lines": {
                            "type": "object",
                            "required": ["begin"],
                            "properties": {"begin": {"type": "integer", "minimum": 1}},
                        },
                    },
                },
            },
        },
    });
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let issues = report.as_array().unwrap();
    assert_eq!(issues.len(), 1, "{report:#}");
    assert_eq!(issues[0]["check_name"], "REQ-27");
    assert_eq!(issues[0]["severity"], "critical");
    assert_eq!(
        issues[0]["location"]["path"],
        "examples/failing/approved-by-developer.json"
    );
    assert_eq!(issues[0]["location"]["lines"]["begin"], 529);
    // Fingerprints are stable across runs.
    let again: Value = serde_json::from_slice(
        &run_relpolicy(&[
            "check",
            "examples/failing/approved-by-developer.json",
            "-f",
            "codequality",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(again[0]["fingerprint"], issues[0]["fingerprint"]);
    assert!(
        !validator.is_valid(&serde_json::json!([{"severity": "fatal"}])),
        "the schema bites"
    );
}

/// The YAML blocks of docs/ci.md, by the file name their first comment line gives.
fn recipes() -> Vec<(String, Value)> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md")).unwrap();
    doc.split("```yaml\n")
        .skip(1)
        .map(|block| {
            let text = block.split("\n```").next().unwrap();
            let name = text
                .lines()
                .next()
                .unwrap()
                .trim_start_matches("# ")
                .to_owned();
            let value: Value =
                serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, value)
        })
        .collect()
}

/// Every shell line of a recipe: GitHub `run:` and GitLab `script:` / `before_script:` entries.
fn shell_lines(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("run", Value::String(s)) => out.extend(s.lines().map(str::to_owned)),
                    ("script" | "before_script", Value::Array(items)) => {
                        out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned));
                    }
                    _ => shell_lines(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| shell_lines(i, out)),
        _ => {}
    }
}

#[test]
fn the_ci_recipes_parse_and_use_only_flags_that_exist() {
    let recipes = recipes();
    let names: Vec<&str> = recipes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [".github/workflows/release-gate.yml", ".gitlab-ci.yml"]
    );
    let mut checked = 0;
    for (name, recipe) in &recipes {
        let mut lines = Vec::new();
        shell_lines(recipe, &mut lines);
        for line in lines
            .iter()
            .filter(|l| l.trim_start().starts_with("relpolicy "))
        {
            let words: Vec<&str> = line.split_whitespace().collect();
            relpolicy::cli::Cli::try_parse_from(&words)
                .unwrap_or_else(|e| panic!("{name}: `{line}` does not parse: {e}"));
            checked += 1;
        }
    }
    assert_eq!(checked, 2, "one relpolicy command per recipe");
    // What each recipe promises: GitHub gets the step summary, the SARIF upload and the JUnit
    // artifact; GitLab the JUnit and code quality reports.
    let (_, github) = &recipes[0];
    let steps = github["jobs"]["relpolicy"]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))
    }));
    assert!(steps.iter().any(|s| {
        s["run"]
            .as_str()
            .is_some_and(|r| r.contains("$GITHUB_STEP_SUMMARY"))
    }));
    assert!(steps.iter().any(|s| {
        s["with"]["path"]
            .as_str()
            .is_some_and(|p| p.contains("relpolicy.xml"))
    }));
    let (_, gitlab) = &recipes[1];
    let reports = &gitlab["relpolicy"]["artifacts"]["reports"];
    assert_eq!(reports["junit"], "relpolicy.xml");
    assert_eq!(reports["codequality"], "gl-code-quality.json");
}

#[test]
fn the_github_recipe_runs_against_the_example() {
    // The recipe's command, on this repository's example (its release folder path replaced).
    let (_, github) = &recipes()[0];
    let mut lines = Vec::new();
    shell_lines(github, &mut lines);
    let line = lines
        .iter()
        .find(|l| l.starts_with("relpolicy check"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let words: Vec<String> = line
        .split_whitespace()
        .skip(1)
        .map(|w| match w {
            "releases/payments-2.4.0" => "examples/payments-2.4.0".to_owned(),
            w => match w.split_once('=') {
                Some((format, file)) if w.contains('.') => {
                    format!("{format}={}", dir.path().join(file).display())
                }
                _ => w.to_owned(),
            },
        })
        .collect();
    let args: Vec<&str> = words.iter().map(String::as_str).collect();
    let out = run_relpolicy(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [
        "relpolicy.md",
        "relpolicy.sarif",
        "relpolicy.xml",
        "relpolicy.json",
    ] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
}

#[test]
fn completions_and_the_manual_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run_relpolicy(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("relpolicy") && script.contains("waivers"),
            "{shell}: {script}"
        );
    }
    assert_ne!(
        run_relpolicy(&["completions", "tcsh"]).status.code(),
        Some(0)
    );
    let man = run_relpolicy(&["manpage"]);
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(
        page.contains(".TH relpolicy 1") && page.contains("check"),
        "{page}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = run_relpolicy(&["manpage", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let check = std::fs::read_to_string(dir.path().join("relpolicy-check.1")).unwrap();
    assert!(
        check.contains("\\-\\-waivers") && check.contains("relpolicy\\-check"),
        "{check}"
    );
}
