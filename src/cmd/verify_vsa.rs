//! `relpolicy verify VSA [EVIDENCE] --key PUB`: does a verification summary attestation stand?
//!
//! In order: the DSSE signature is the key's; the evidence, library and waivers it names are
//! re-read and the release is evaluated again as of the time it was verified; the new
//! statement must have the same subjects (the release's artifacts and digests), input digests,
//! policy digest, result and verified levels. Anything else and it does not stand.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use crate::attest::{BUILTIN_POLICY_URI, Read, Resource, Statement};
use crate::catalog::Phase;
use crate::cli::{CheckArgs, LibraryArgs, VerifyArgs};
use crate::cmd::{Outcome, emit};
use crate::diagnostics::Problem;
use crate::matrix::Exit;
use crate::report::Format;

/// `None` when REPORT is not an attestation (the JSON-report path then reads it).
pub fn run(args: &VerifyArgs, stdout: &mut dyn Write) -> Option<Outcome> {
    // Only a regular file can be an attestation; anything else goes to the JSON-report path,
    // which refuses it with a message.
    let bytes = crate::source::read_regular(&args.report, 1024 * crate::limits::MIB).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    if value.get("payloadType").is_none() && value.get("_type").is_none() {
        return None;
    }
    Some(verify(args, &bytes, stdout))
}

fn problem(message: String, help: &str) -> Problem {
    Problem::error("relpolicy::verify::attestation", message).help(help.to_owned())
}

/// A `file:` URI's path.
fn path_of(uri: &str) -> Option<PathBuf> {
    let encoded = uri.strip_prefix("file://")?;
    let encoded = encoded.split(['?', '#']).next().unwrap_or(encoded);
    Some(PathBuf::from(crate::attest::percent_decode(encoded)))
}

fn kind(resource: &Resource) -> &str {
    resource
        .annotations
        .get("relpolicy.kind")
        .map_or("", String::as_str)
}

fn verify(args: &VerifyArgs, bytes: &[u8], stdout: &mut dyn Write) -> Outcome {
    let shown = args.report.display().to_string();
    let read = match crate::attest::read(bytes) {
        Ok(read) => read,
        Err(e) => {
            return Outcome::failed(vec![problem(
                format!("{shown} is not a relpolicy verification summary attestation: {e}"),
                "give the file written with `relpolicy check --report vsa=FILE`",
            )]);
        }
    };
    let mut text = format!("Verifying the attestation {shown}\n\n");
    let mut stands = true;
    let statement = match (&read, &args.key) {
        (Read::Signed(envelope, statement), Some(key)) => {
            let key = match crate::attest::PublicKey::read(key) {
                Ok(key) => key,
                Err(problem) => return Outcome::failed(vec![problem]),
            };
            if crate::attest::signed_by(envelope, &key) {
                let _ = writeln!(text, "  ok       signature by key {}", key.keyid());
            } else {
                stands = false;
                let _ = writeln!(
                    text,
                    "  WRONG    signature: no signature in the envelope is key {}'s over its payload",
                    key.keyid()
                );
            }
            statement
        }
        (Read::Signed(..), None) => {
            return Outcome::failed(vec![problem(
                format!("{shown} is signed, and no key was given to check the signature with"),
                "give the signer's public key: relpolicy verify VSA --key PUBLIC.pem",
            )]);
        }
        (Read::Unsigned(statement), Some(_)) => {
            stands = false;
            let _ = writeln!(text, "  WRONG    signature: the statement is not signed");
            statement
        }
        (Read::Unsigned(statement), None) => {
            let _ = writeln!(
                text,
                "  note     the statement is not signed: only its content is checked"
            );
            statement
        }
    };
    let predicate = &statement.predicate;
    let inputs = &predicate.input_attestations;
    let evidence = args.evidence.clone().or_else(|| {
        inputs
            .iter()
            .find(|r| kind(r) == "evidence")
            .and_then(|r| r.uri.as_deref())
            .and_then(path_of)
    });
    let Some(evidence) = evidence.filter(|e| e.exists()) else {
        return Outcome::failed(vec![
            Problem::error(
                "relpolicy::verify::no_evidence",
                "the evidence the attestation names is not there",
            )
            .help(format!(
                "if the archive moved, name its new place: relpolicy verify {shown} EVIDENCE"
            )),
        ]);
    };
    let policy_uri = predicate.policy.uri.clone().unwrap_or_default();
    let (library_uri, mut query) = crate::attest::policy_query(&policy_uri);
    let policies = args.policies.clone().or_else(|| {
        (library_uri != BUILTIN_POLICY_URI)
            .then(|| path_of(library_uri))
            .flatten()
    });
    let phase = match query.get("phase").map(String::as_str) {
        Some("pre-deploy") => Phase::PreDeploy,
        _ => Phase::PostDeploy,
    };
    let profile = query.remove("profile");
    let check = CheckArgs {
        as_of: crate::when::parse_time(&predicate.time_verified),
        waivers: inputs
            .iter()
            .filter(|r| kind(r) == "waivers")
            .filter_map(|r| r.uri.as_deref().and_then(path_of))
            .collect(),
        profile,
        ..CheckArgs::again(
            evidence.clone(),
            LibraryArgs {
                policies,
                catalog: args.catalog.clone(),
                params: args.params.clone(),
            },
            phase,
            Format::Vsa,
        )
    };
    let mut buffer = Vec::new();
    let outcome = crate::cmd::check::run(&check, &mut buffer);
    let new = match crate::attest::read(&buffer) {
        Ok(Read::Unsigned(new)) => new,
        _ => return Outcome::failed(outcome.problems),
    };
    let _ = writeln!(text, "  evidence {}", evidence.display());
    stands &= compare(statement, &new, &mut text);
    text.push_str(if stands {
        "\nThe attestation stands.\n"
    } else {
        "\nThe attestation does not stand.\n"
    });
    let mut problems = outcome.problems;
    problems.retain(|p| p.severity() == crate::diagnostics::Severity::Error);
    let mut exit = if stands { Exit::Pass } else { Exit::Violations };
    if let Err(problem) = emit(None, stdout, "the verification", |out| {
        out.write_all(text.as_bytes())
    }) {
        problems.push(problem);
        exit = Exit::Error;
    }
    // The release itself could not be evaluated completely: that is not a verdict.
    if crate::diagnostics::any_errors(&problems) {
        exit = Exit::Error;
    }
    Outcome { exit, problems }
}

/// Compare what was attested with what is found now; one line per part.
fn compare(old: &Statement, new: &Statement, text: &mut String) -> bool {
    let mut stands = true;
    let mut line = |ok: bool, what: &str, detail: String| {
        stands &= ok;
        let mark = if ok { "ok" } else { "DIFFERS" };
        let _ = writeln!(text, "  {mark:<8} {what}{detail}");
    };
    let names = |subjects: &[Resource]| -> Vec<String> {
        subjects
            .iter()
            .map(|s| {
                format!(
                    "{}@sha256:{}",
                    s.name.as_deref().unwrap_or("?"),
                    s.digest.get("sha256").map_or("?", String::as_str)
                )
            })
            .collect()
    };
    let (was, is) = (names(&old.subject), names(&new.subject));
    let detail = if was == is {
        format!(": {}", was.join(", "))
    } else {
        format!(
            ": attested {}, the evidence has {}",
            was.join(", "),
            is.join(", ")
        )
    };
    line(was == is, "subjects", detail);
    let (p, q) = (&old.predicate, &new.predicate);
    // The release was judged again as of the attested time; a time without a zone (or no
    // time) cannot be judged as of, so nothing attested at it stands.
    let attested = crate::when::parse_time(&p.time_verified);
    line(
        attested.is_some() && attested == crate::when::parse_time(&q.time_verified),
        "time verified",
        match attested {
            Some(_) => format!(": {}", p.time_verified),
            None => format!(
                ": `{}` is not an RFC 3339 time with a zone, so the verdict cannot be judged as of it",
                p.time_verified
            ),
        },
    );
    line(
        p.resource_uri == q.resource_uri,
        "release",
        format!(": {}", q.resource_uri),
    );
    let digest = |r: &Resource| r.digest.get("sha256").cloned().unwrap_or_default();
    line(
        digest(&p.policy) == digest(&q.policy),
        "policy library",
        format!(": sha256:{}", digest(&q.policy)),
    );
    let inputs = |rs: &[Resource]| -> BTreeMap<String, String> {
        rs.iter()
            .map(|r| (r.name.clone().unwrap_or_default(), digest(r)))
            .collect()
    };
    let (a, b) = (inputs(&p.input_attestations), inputs(&q.input_attestations));
    let changed: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    let mut changed: Vec<&String> = changed;
    changed.sort();
    changed.dedup();
    let detail = if changed.is_empty() {
        format!(": {} files unchanged", a.len())
    } else {
        format!(
            ": changed, missing or added: {}",
            changed
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    line(changed.is_empty(), "inputs", detail);
    line(
        p.verification_result == q.verification_result,
        "result",
        format!(
            ": attested {}, re-evaluated {}",
            p.verification_result, q.verification_result
        ),
    );
    let levels_same = p.verified_levels == q.verified_levels;
    let detail = if levels_same {
        format!(": {} levels", q.verified_levels.len())
    } else {
        let gone: Vec<&String> = p
            .verified_levels
            .iter()
            .filter(|l| !q.verified_levels.contains(l))
            .collect();
        let added: Vec<&String> = q
            .verified_levels
            .iter()
            .filter(|l| !p.verified_levels.contains(l))
            .collect();
        format!(": no longer {gone:?}, newly {added:?}")
    };
    line(levels_same, "verified levels", detail);
    stands
}
