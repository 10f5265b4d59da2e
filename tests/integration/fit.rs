//! docs/policies.md, "Fit relpolicy to your process", walked from `init` to a passing check, on
//! the release of a team that works differently from the bundled library's organisation: its
//! release IDs are `PAY-NNN`, its changes are pull requests (`#412`), it runs no load or
//! baseline performance test for a minor release, and it is an internal tool without a budget of
//! its own.

use std::path::Path;

use serde_json::Value;

use crate::run_relpolicy;

/// The example release as that team records it.
fn team_release(dir: &Path) -> std::path::PathBuf {
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/payments-2.4.0/evidence.json"),
    )
    .expect("example");
    for (ours, theirs) in [
        ("REL-2026-03-015", "PAY-412"),
        ("CHG-2026-0892", "#412"),
        ("CHG-2026-0901", "#415"),
        ("CHG-2026-0915", "#418"),
    ] {
        text = text.replace(ours, theirs);
    }
    let mut doc: Value = serde_json::from_str(&text).expect("JSON");
    // No performance test, and no budget, cost report or forecast of its own.
    let cases = doc["system_test_report"]["runs"][0]["cases"]
        .as_array_mut()
        .expect("cases");
    cases.retain(|c| c["category"] != "performance");
    let object = doc.as_object_mut().expect("object");
    for section in [
        "budget_baseline",
        "cost_report",
        "financial_forecast",
        "escalations",
    ] {
        object.remove(section);
    }
    let path = dir.join("pay-412.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).expect("JSON")).expect("write");
    path
}

fn report_of(out: &std::process::Output) -> Value {
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report
}

fn status<'a>(report: &'a Value, id: &str) -> &'a str {
    report["requirements"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == id))
        .and_then(|r| r["status"].as_str())
        .unwrap_or("absent")
}

fn params_named(report: &Value, id: &str) -> Vec<String> {
    report["requirements"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == id))
        .and_then(|r| r["messages"].as_array())
        .into_iter()
        .flatten()
        .flat_map(|m| m["params"].as_array().cloned().unwrap_or_default())
        .filter_map(|p| p.as_str().map(str::to_owned))
        .collect()
}

#[test]
fn a_team_takes_the_library_fits_its_parameters_and_profile_and_passes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let library = dir.path().join("release-policy");
    let library_arg = library.to_str().expect("utf-8");

    // 1. Take the library: it tests and lints clean as written.
    let out = run_relpolicy(&["init", "--policies", library_arg]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(library.join("catalog.yaml").is_file());
    assert!(library.join("release/req_27_test.rego").is_file());
    let out = run_relpolicy(&["test", library_arg]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 failed"));
    let out = run_relpolicy(&["lint", library_arg]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // init does not write over a library a team already has.
    let out = run_relpolicy(&["init", "--policies", library_arg]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("relpolicy::init::exists"));

    // 2. The team's release against the library as it came: blocked, and the findings say
    // which parameters decided them.
    let release = team_release(dir.path());
    let release_arg = release.to_str().expect("utf-8");
    let check = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--policies",
            library_arg,
            release_arg,
            "-f",
            "json",
        ];
        args.extend_from_slice(extra);
        run_relpolicy(&args)
    };
    let out = check(&[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report = report_of(&out);
    assert_eq!(status(&report, "RM-01"), "fail");
    assert!(params_named(&report, "RM-01").contains(&"identifiers.release_id".to_owned()));
    assert_eq!(status(&report, "RM-02"), "fail");
    assert!(params_named(&report, "RM-02").contains(&"test_coverage.minor".to_owned()));
    assert_eq!(status(&report, "PM-12"), "missing_evidence");
    // Pull request numbers are change references as the library comes.
    assert_eq!(status(&report, "REQ-24"), "pass");
    assert_eq!(status(&report, "RM-06"), "pass");

    // 3. Parameters, not policies: the team's IDs, test table and change reference form.
    let params = dir.path().join("team-params.yaml");
    std::fs::write(
        &params,
        "identifiers: {release_id: '^PAY-[0-9]+$'}\n\
         test_coverage:\n  minor: [smoke, functional, regression/full, integration/all-interfaces, security/vulnerability-scan]\n\
         change_references: ['^#[0-9]+$']\n",
    )
    .expect("write params");
    let params_arg = params.to_str().expect("utf-8");
    let out = check(&["--params", params_arg]);
    let report = report_of(&out);
    assert_eq!(status(&report, "RM-01"), "pass");
    assert_eq!(status(&report, "RM-02"), "pass");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the budget requirements still block"
    );

    // 4. A profile for internal tools leaves the financial requirements out, with its reason.
    let out = check(&["--params", params_arg, "--profile", "internal-tool"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = report_of(&out);
    for id in ["PM-12", "PM-24", "PM-25", "PM-26"] {
        assert_eq!(status(&report, id), "not_applicable", "{id}");
    }
    assert_eq!(report["profile"], "internal-tool");
    assert_eq!(
        report["summary"]["fail"].as_u64().unwrap() + report["summary"]["error"].as_u64().unwrap(),
        0
    );

    // The narrowed change reference form is a real choice: a key is no longer one.
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(&release).expect("read")).expect("JSON");
    doc["release_notes"]["changes"][0]["ref"] = Value::from("JIRA-412");
    let other = dir.path().join("jira.json");
    std::fs::write(&other, serde_json::to_vec(&doc).expect("JSON")).expect("write");
    let out = run_relpolicy(&[
        "check",
        "--policies",
        library_arg,
        other.to_str().expect("utf-8"),
        "--params",
        params_arg,
        "--profile",
        "internal-tool",
        "-f",
        "json",
    ]);
    let report = report_of(&out);
    assert_eq!(status(&report, "REQ-24"), "fail");
    assert!(params_named(&report, "REQ-24").contains(&"change_references".to_owned()));
}

/// Every regular file under `dir`.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// Put a UTF-8 byte order mark in front of the file's bytes.
fn add_bom(path: &Path) {
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(std::fs::read(path).expect("read"));
    std::fs::write(path, bytes).expect("write");
}

/// Rewrite a UTF-8 file as UTF-16 with its byte order mark, as Windows PowerShell 5's `>` does.
fn to_utf16(path: &Path, little: bool) {
    let text = std::fs::read_to_string(path).expect("UTF-8");
    let order: fn(u16) -> [u8; 2] = if little {
        u16::to_le_bytes
    } else {
        u16::to_be_bytes
    };
    let mark = order(0xfeff);
    let bytes: Vec<u8> = mark
        .into_iter()
        .chain(text.encode_utf16().flat_map(order))
        .collect();
    std::fs::write(path, bytes).expect("write");
}

/// The requirement rows and the diagnostic codes of a JSON report.
fn verdicts(report: &Value) -> (Vec<(String, String)>, Vec<String>) {
    let rows = report["requirements"]
        .as_array()
        .expect("requirements")
        .iter()
        .map(|r| (r["id"].to_string(), r["status"].to_string()))
        .collect();
    let codes = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].to_string())
        .collect();
    (rows, codes)
}

#[test]
fn files_saved_with_a_byte_order_mark_read_as_without_one() {
    // Windows PowerShell and older Notepad start UTF-8 files with a byte order mark, and Windows
    // PowerShell 5 writes UTF-16 (with its mark) when output is redirected. Every kind of file
    // relpolicy reads as text must read the same saved either way, and be digested as it is on
    // disk: the release folder's manifest, roles file, evidence files of every format and an
    // extension's schema and records; the library's policies, helper library, catalogue and
    // parameters; a waivers file; an evidence document.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let (release, library) = (dir.path().join("release"), dir.path().join("library"));
    crate::verify::copy_dir(&repo.join("examples/payments-2.4.0-platforms"), &release);
    crate::verify::copy_dir(&repo.join("policies"), &library);
    let waivers = dir.path().join("waivers.yaml");
    std::fs::copy(repo.join("testdata/waivers/kinds.yaml"), &waivers).expect("copy");
    let manifest = release.join("relpolicy.yaml");
    let mut text = std::fs::read_to_string(&manifest).expect("manifest");
    text.push_str("extensions:\n  - {name: sbom_reviews, files: sbom/*.yaml, schema: sbom.json}\n");
    std::fs::write(&manifest, text).expect("write");
    std::fs::write(
        release.join("sbom.json"),
        r#"{"type": "object", "required": ["component"], "properties": {"component": {"type": "string"}}}"#,
    )
    .expect("write");
    std::fs::create_dir_all(release.join("sbom")).expect("mkdir");
    std::fs::write(
        release.join("sbom/reviews.yaml"),
        "sbom_reviews:\n  - component: payments-api\n",
    )
    .expect("write");
    let check = || {
        crate::run_relpolicy(&[
            "check",
            release.to_str().expect("path"),
            "--policies",
            library.to_str().expect("path"),
            "--waivers",
            waivers.to_str().expect("path"),
            "--format",
            "json",
        ])
    };
    let plain = check();
    let plain_report = report_of(&plain);

    let mut marked = files_under(&release);
    marked.extend(files_under(&library));
    marked.push(waivers.clone());
    let utf16 = [
        ("reports/system/go-smoke.json", true),
        ("reports/rollback/rehearsal.xml", true),
        ("approvals/APR-2026-0305.yaml", false),
        ("roles.yaml", true),
    ];
    for path in &marked {
        match utf16.iter().find(|(name, _)| release.join(name) == *path) {
            Some((_, little)) => to_utf16(path, *little),
            None => add_bom(path),
        }
    }
    let out = check();
    let report = report_of(&out);
    assert_eq!(
        out.status.code(),
        plain.status.code(),
        "{}",
        report["diagnostics"]
    );
    assert_eq!(verdicts(&report), verdicts(&plain_report));
    assert_eq!(report["verdict"], "pass", "{}", report["summary"]);

    // Every digest is that of the file on disk, mark included: what sha256sum prints.
    let manifest = &report["manifest"];
    let mut listed: Vec<&Value> = vec![&manifest["catalog"], &manifest["params"]];
    for list in ["policies", "waivers", "evidence"] {
        listed.extend(manifest[list].as_array().expect("list"));
    }
    let mut checked = 0;
    for file in listed {
        let path = file["path"].as_str().expect("path");
        if path == "." {
            continue; // the gathered document
        }
        let bytes = std::fs::read(release.join(path)).expect("listed file");
        assert_eq!(
            file["sha256"].as_str(),
            Some(relpolicy::manifest::sha256_hex(&bytes).as_str()),
            "{path}"
        );
        checked += 1;
    }
    let sources = report["manifest"]["evidence"].to_string();
    for name in [
        "roles.yaml",
        "sbom.json",
        "sbom/reviews.yaml",
        "approvals/APR-2026-0305.yaml",
    ] {
        assert!(sources.contains(name), "{name} is not among {sources}");
    }
    assert!(checked > 40, "{checked}");

    // An evidence document: read, and its errors located, as without the mark.
    let document = dir.path().join("evidence.json");
    std::fs::copy(
        repo.join("examples/payments-2.4.0/evidence.json"),
        &document,
    )
    .expect("copy");
    add_bom(&document);
    let out = crate::run_relpolicy(&["check", "--evidence", document.to_str().expect("path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = crate::run_relpolicy(&["validate", document.to_str().expect("path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sixteen = dir.path().join("evidence-utf16.json");
    std::fs::copy(repo.join("examples/payments-2.4.0/evidence.json"), &sixteen).expect("copy");
    to_utf16(&sixteen, true);
    let out = crate::run_relpolicy(&[
        "check",
        "--evidence",
        sixteen.to_str().expect("path"),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        report_of(&out)["manifest"]["evidence"][0]["sha256"].as_str(),
        Some(relpolicy::manifest::sha256_hex(&std::fs::read(&sixteen).expect("read")).as_str())
    );
    let broken = r#"{"schema_version": "1.0", "release": }"#;
    let stderr_of = |bytes: &[u8]| {
        let path = dir.path().join("broken.json");
        std::fs::write(&path, bytes).expect("write");
        let out = crate::run_relpolicy(&["validate", path.to_str().expect("path")]);
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let without = stderr_of(broken.as_bytes());
    assert!(without.contains("broken.json:1:38"), "{without}");
    assert_eq!(
        stderr_of(&[b"\xef\xbb\xbf", broken.as_bytes()].concat()),
        without
    );
    let mut sixteen = vec![0xfe, 0xff];
    sixteen.extend(broken.encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(stderr_of(&sixteen), without);
}
