//! Verdicts as attestations and as OSCAL: signing and verifying a VSA (the right key, a wrong
//! key, a tampered subject, a tampered predicate, changed evidence), the statement's shape
//! against the in-toto Statement v1 and SLSA VSA v1 specifications, verification of the
//! envelope by an independent implementation (securesystemslib and in-toto-attestation), the
//! ties between the JSON report, SARIF and the VSA, and the OSCAL assessment results validated
//! against NIST's OSCAL 1.1.2 model definitions.
//!
//! Keys are made here from fixed seeds; none is stored in the repository. The Python packages
//! are used from the system when present, otherwise installed (pinned) into target/.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::run_relpolicy;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Key pairs written as PEM into `dir`: (private, public) paths.
struct Keys {
    ed25519: (PathBuf, PathBuf),
    p256: (PathBuf, PathBuf),
    other_ed25519: (PathBuf, PathBuf),
}

fn keys(dir: &Path) -> Keys {
    use p256::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
    let write = |name: &str, private: String, public: String| {
        let (a, b) = (
            dir.join(format!("{name}.pem")),
            dir.join(format!("{name}.pub")),
        );
        std::fs::write(&a, private).unwrap();
        std::fs::write(&b, public).unwrap();
        (a, b)
    };
    let ed = |seed: u8, name: &str| {
        let key = ed25519_dalek::SigningKey::from_bytes(&[seed; 32]);
        write(
            name,
            key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string(),
            key.verifying_key()
                .to_public_key_pem(LineEnding::LF)
                .unwrap(),
        )
    };
    let ec = p256::ecdsa::SigningKey::from_slice(&[0x42; 32]).unwrap();
    Keys {
        ed25519: ed(7, "ed25519"),
        other_ed25519: ed(8, "other"),
        p256: write(
            "p256",
            ec.to_pkcs8_pem(LineEnding::LF).unwrap().to_string(),
            ec.verifying_key()
                .to_public_key_pem(LineEnding::LF)
                .unwrap(),
        ),
    }
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = run_relpolicy(args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `check RELEASE --report vsa=DIR/NAME --sign-key KEY --report json=... --report sarif=...`:
/// the VSA's path and the two reports.
fn attest(release: &Path, dir: &Path, name: &str, key: Option<&Path>) -> (PathBuf, Value, Value) {
    let (vsa, json, sarif) = (
        dir.join(format!("{name}.vsa.json")),
        dir.join(format!("{name}.json")),
        dir.join(format!("{name}.sarif")),
    );
    let mut args = vec![
        "check".to_owned(),
        release.display().to_string(),
        "--report".to_owned(),
        format!("vsa={}", vsa.display()),
        "--report".to_owned(),
        format!("json={}", json.display()),
        "--report".to_owned(),
        format!("sarif={}", sarif.display()),
        "-q".to_owned(),
    ];
    if let Some(key) = key {
        args.extend(["--sign-key".to_owned(), key.display().to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, _, stderr) = run(&args);
    assert!(code.is_some_and(|c| c < 2), "{stderr}");
    let read = |p: &Path| -> Value { serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap() };
    (vsa.clone(), read(&json), read(&sarif))
}

fn statement_of(envelope: &Value) -> Value {
    let payload = data_encoding::BASE64
        .decode(envelope["payload"].as_str().unwrap().as_bytes())
        .unwrap();
    serde_json::from_slice(&payload).unwrap()
}

fn with_payload(envelope: &Value, statement: &Value) -> Value {
    let mut out = envelope.clone();
    out["payload"] =
        Value::from(data_encoding::BASE64.encode(&serde_json::to_vec(statement).unwrap()));
    out
}

#[test]
fn a_signed_vsa_verifies_with_its_key_only_and_the_reports_name_its_digest() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keys(dir.path());
    let release = root().join("examples/payments-2.4.0");
    for (name, (private, public)) in [("ed25519", &keys.ed25519), ("p256", &keys.p256)] {
        let (vsa, json, sarif) = attest(&release, dir.path(), name, Some(private));
        let bytes = std::fs::read(&vsa).unwrap();
        let digest = relpolicy::manifest::sha256_hex(&bytes);
        // The three can be matched: the JSON report and SARIF carry the VSA's digest.
        assert_eq!(json["attestations"][0]["sha256"], digest.as_str(), "{name}");
        assert_eq!(
            sarif["runs"][0]["properties"]["attestations"][0]["sha256"],
            digest.as_str()
        );
        let envelope: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(envelope["payloadType"], "application/vnd.in-toto+json");
        // The report with its attestation is still a valid report.
        let schema: Value = serde_json::from_slice(
            &std::fs::read(root().join("schemas/report.schema.json")).unwrap(),
        )
        .unwrap();
        assert!(jsonschema::is_valid(&schema, &json), "{name}");

        let (code, stdout, stderr) = run(&["verify", s(&vsa), "--key", s(public)]);
        assert_eq!(code, Some(0), "{stdout}{stderr}");
        assert!(stdout.contains("ok       signature by key"), "{stdout}");
        assert!(stdout.contains("The attestation stands."), "{stdout}");

        // Another key: the signature is not its.
        let (code, stdout, _) = run(&["verify", s(&vsa), "--key", s(&keys.other_ed25519.1)]);
        assert_eq!(code, Some(1), "{stdout}");
        assert!(stdout.contains("WRONG    signature"), "{stdout}");
        // No key for a signed attestation: nothing can be said about who made it.
        let (code, _, stderr) = run(&["verify", s(&vsa)]);
        assert_eq!(code, Some(2));
        assert!(stderr.contains("no key was given"), "{stderr}");
    }
}

#[test]
fn tampering_with_subjects_predicate_or_evidence_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keys(dir.path());
    // A copy of the release, so its evidence can change after it was attested.
    let release = dir.path().join("release");
    crate::verify::copy_dir(&root().join("examples/payments-2.4.0"), &release);
    let (vsa, _, _) = attest(&release, dir.path(), "signed", Some(&keys.ed25519.0));
    let envelope: Value = serde_json::from_slice(&std::fs::read(&vsa).unwrap()).unwrap();
    let statement = statement_of(&envelope);
    let verify = |value: &Value, key: Option<&Path>| {
        let path = dir.path().join("tampered.json");
        std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
        let mut args = vec!["verify".to_owned(), path.display().to_string()];
        if let Some(key) = key {
            args.extend(["--key".to_owned(), key.display().to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&args)
    };
    let key = Some(keys.ed25519.1.as_path());

    // A subject swapped for another image, signature kept: the signature no longer holds.
    let mut swapped = statement.clone();
    swapped["subject"][0]["digest"]["sha256"] = Value::from("0".repeat(64));
    let (code, stdout, _) = verify(&with_payload(&envelope, &swapped), key);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("WRONG    signature"), "{stdout}");

    // The predicate edited and signed again with the right key (the key holder lying about
    // the verdict): the signature holds, re-evaluation does not.
    let mut lying = statement.clone();
    lying["predicate"]["verifiedLevels"]
        .as_array_mut()
        .unwrap()
        .push(Value::from("RELPOLICY_RM-07"));
    let resigned = {
        let statement: relpolicy::attest::Statement = serde_json::from_value(lying).unwrap();
        let signer = relpolicy::attest::Signer::read(&keys.ed25519.0).unwrap();
        serde_json::to_value(relpolicy::attest::envelope(&statement, &signer)).unwrap()
    };
    let (code, stdout, _) = verify(&resigned, key);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("ok       signature"), "{stdout}");
    assert!(stdout.contains("DIFFERS  verified levels"), "{stdout}");

    // Unsigned statements are checked for content: another subject, another result.
    let (code, stdout, _) = verify(&swapped, None);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("DIFFERS  subjects"), "{stdout}");
    // Hand-made: a time without a zone, or a placeholder, cannot be judged as of.
    for time in ["2026-03-14T22:00:00", "TBD", ""] {
        let mut zoneless = statement.clone();
        zoneless["predicate"]["timeVerified"] = Value::from(time);
        let (code, stdout, _) = verify(&zoneless, None);
        assert_eq!(code, Some(1), "{time}: {stdout}");
        assert!(stdout.contains("DIFFERS  time verified"), "{stdout}");
    }
    let mut failed = statement.clone();
    failed["predicate"]["verificationResult"] = Value::from("FAILED");
    let (code, stdout, _) = verify(&failed, None);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("DIFFERS  result"), "{stdout}");
    // Hand-made hostile envelopes are refused with exit 2, not a panic or a pass.
    for broken in [
        serde_json::json!({"payloadType": "application/vnd.in-toto+json", "payload": "%%%", "signatures": []}),
        serde_json::json!({"payloadType": "text/plain", "payload": "", "signatures": []}),
        serde_json::json!({"_type": "https://in-toto.io/Statement/v1", "subject": []}),
    ] {
        let (code, _, stderr) = verify(&broken, key);
        assert_eq!(code, Some(2), "{broken}");
        assert!(
            stderr.contains("relpolicy::verify::attestation"),
            "{stderr}"
        );
    }
    // An envelope without any signature does not stand.
    let mut unsigned = envelope.clone();
    unsigned["signatures"] = serde_json::json!([]);
    assert_eq!(verify(&unsigned, key).0, Some(1));
    // And an unsigned statement given with a key does not stand: it was meant to be signed.
    let (code, stdout, _) = verify(&statement, key);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("the statement is not signed"), "{stdout}");

    // The evidence changed after it was attested: the input's digest differs.
    let notes = release.join("RELEASE_NOTES.md");
    let mut text = std::fs::read_to_string(&notes).unwrap();
    text.push_str("\nEdited after the release.\n");
    std::fs::write(&notes, text).unwrap();
    let (code, stdout, _) = run(&["verify", s(&vsa), "--key", s(&keys.ed25519.1)]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("DIFFERS  inputs: changed, missing or added: ., RELEASE_NOTES.md"),
        "{stdout}"
    );
}

#[test]
fn the_statement_has_the_shape_the_vsa_specification_gives() {
    let dir = tempfile::tempdir().unwrap();
    let schema: Value = serde_json::from_slice(
        &std::fs::read(root().join("testdata/attest/vsa-v1.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (release, result) in [
        ("examples/payments-2.4.0", "PASSED"),
        ("examples/failing/rollback-test-failed", "FAILED"),
    ] {
        let (vsa, json, _) = attest(&root().join(release), dir.path(), "plain", None);
        let statement: Value = serde_json::from_slice(&std::fs::read(&vsa).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&statement)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{release}: {errors:#?}");
        let predicate = &statement["predicate"];
        assert_eq!(predicate["verificationResult"], result);
        assert_eq!(predicate["timeVerified"], "2026-03-14T22:00:00Z");
        assert_eq!(predicate["resourceUri"], "pkg:generic/payments-api@2.4.0");
        // One level per passing requirement, named RELPOLICY_<ID>.
        let passing: Vec<String> = json["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == "pass")
            .map(|r| format!("RELPOLICY_{}", r["id"].as_str().unwrap()))
            .collect();
        assert_eq!(predicate["verifiedLevels"], serde_json::json!(passing));
        // The policy digest is the library's, as the JSON report's manifest has it.
        assert_eq!(
            predicate["policy"]["digest"]["sha256"]
                .as_str()
                .unwrap()
                .len(),
            64
        );
        assert!(
            predicate["policy"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("urn:relpolicy:library:builtin?phase=post-deploy")
        );
        // The subjects are the release's artifacts.
        assert_eq!(statement["subject"].as_array().unwrap().len(), 2);
    }
    // A check that cannot attest says so: --sign-key with nothing to sign, and a release
    // without artifact digests.
    let (code, _, stderr) = run(&["check", "examples/payments-2.4.0", "--sign-key", "x.pem"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("relpolicy::attest::nothing_to_sign"),
        "{stderr}"
    );
    let bare = dir.path().join("bare.json");
    let mut document: Value = serde_json::from_slice(
        &std::fs::read(root().join("examples/payments-2.4.0/evidence.json")).unwrap(),
    )
    .unwrap();
    document.as_object_mut().unwrap().remove("artifacts");
    std::fs::write(&bare, serde_json::to_vec(&document).unwrap()).unwrap();
    let out = dir.path().join("bare.vsa.json");
    let (code, _, stderr) = run(&[
        "check",
        s(&bare),
        "--report",
        &format!("vsa={}", out.display()),
    ]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("relpolicy::attest::no_subject"), "{stderr}");
    assert!(!out.exists());
}

/// A Python interpreter that can import `modules`: the system's, or a virtual environment in
/// target/ with `packages` installed (pinned).
fn python_with(name: &str, modules: &[&str], packages: &[&str]) -> PathBuf {
    let imports = modules
        .iter()
        .map(|m| format!("import {m}"))
        .collect::<Vec<_>>()
        .join("; ");
    let works = |python: &Path| {
        Command::new(python)
            .args(["-c", &imports])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let system = PathBuf::from("python3");
    if works(&system) {
        return system;
    }
    let venv = root().join("target").join(format!("py-{name}"));
    let python = venv.join("bin/python");
    if !works(&python) {
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 runs (this test needs Python 3 with venv and pip)");
        assert!(status.success(), "could not create {}", venv.display());
        let status = Command::new(&python)
            .args(["-m", "pip", "install", "--quiet"])
            .args(packages)
            .status()
            .expect("pip runs");
        assert!(status.success(), "could not install {packages:?} from PyPI");
    }
    assert!(
        works(&python),
        "{modules:?} do not import in {}",
        python.display()
    );
    python
}

#[test]
fn an_independent_implementation_verifies_the_envelope() {
    let python = python_with(
        "attest",
        &[
            "securesystemslib.dsse",
            "in_toto_attestation.v1.statement",
            "cryptography",
        ],
        &[
            "securesystemslib[crypto]==1.6.0",
            "in-toto-attestation==0.9.3",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let keys = keys(dir.path());
    let release = root().join("examples/payments-2.4.0");
    for (name, (private, public)) in [("ed25519", &keys.ed25519), ("p256", &keys.p256)] {
        let (vsa, _, _) = attest(&release, dir.path(), name, Some(private));
        let envelope: Value = serde_json::from_slice(&std::fs::read(&vsa).unwrap()).unwrap();
        let keyid = envelope["signatures"][0]["keyid"]
            .as_str()
            .unwrap()
            .to_owned();
        let verify = |public: &Path| {
            Command::new(&python)
                .arg(root().join("tests/attest/verify_dsse.py"))
                .args([s(&vsa), s(public), &keyid])
                .output()
                .expect("python runs")
        };
        let out = verify(public);
        assert!(
            out.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "verified");
        assert!(
            !verify(&keys.other_ed25519.1).status.success(),
            "{name}: a wrong key verifies"
        );
    }
}

#[test]
fn oscal_assessment_results_are_valid_oscal_1_1_2() {
    // The `oscal` package (PyPI, 3.2.2) validates against NIST's OSCAL model definitions for
    // the version a document declares, from NIST's v1.1.2 release (its bundled support
    // database). NIST's generated JSON schema file itself is published only on GitHub, which
    // this machine cannot reach, and no package on PyPI or npm carries it.
    let python = python_with("oscal", &["oscal"], &["oscal==3.2.2"]);
    let dir = tempfile::tempdir().unwrap();
    for release in [
        "examples/payments-2.4.0",
        "examples/failing/rollback-test-failed",
    ] {
        let path = dir.path().join("ar.json");
        let (code, _, stderr) = run(&["check", release, "--format", "oscal", "-o", s(&path)]);
        assert!(code.is_some_and(|c| c < 2), "{stderr}");
        let validate = |file: &Path| {
            Command::new(&python)
                .arg(root().join("tests/attest/validate_oscal.py"))
                .args([s(file), relpolicy::report::OSCAL_VERSION])
                .output()
                .expect("python runs")
        };
        let out = validate(&path);
        assert!(
            out.status.success(),
            "{release}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let document: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let result = &document["assessment-results"]["results"][0];
        // A finding per requirement; an observation per evidence file; risks for failures.
        assert_eq!(result["findings"].as_array().unwrap().len(), 32);
        let observations = result["observations"].as_array().unwrap();
        assert!(observations.len() > 10, "the folder's files are observed");
        let not_satisfied = result["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["target"]["status"]["state"] == "not-satisfied")
            .count();
        let risks = result["risks"].as_array().map_or(0, Vec::len);
        assert_eq!(not_satisfied, risks, "{release}");
        if release.contains("failing") {
            assert_eq!(risks, 2, "REL-03 and REQ-26");
        }
        // The validator bites: a finding with a status OSCAL does not have is refused.
        let mut broken = document.clone();
        broken["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] =
            Value::from("maybe");
        let bad = dir.path().join("broken.json");
        std::fs::write(&bad, serde_json::to_vec(&broken).unwrap()).unwrap();
        assert!(
            !validate(&bad).status.success(),
            "the validator accepts anything"
        );
        // The same run gives the same document.
        let again = dir.path().join("again.json");
        run(&["check", release, "--format", "oscal", "-o", s(&again)]);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            std::fs::read(&again).unwrap()
        );
    }
}
