//! Verdicts as attestations: an in-toto Statement v1 whose predicate is SLSA's Verification
//! Summary Attestation (VSA) v1, optionally signed in a DSSE envelope (Ed25519 or ECDSA P-256,
//! keys in PEM), and the checks `relpolicy verify --key` makes of one.
//!
//! The statement binds the verdict to the release's artifacts (its subjects: names and sha256
//! digests from the evidence), to the policy library that decided it (its digest), and to the
//! evidence it rests on (input attestations with digests). docs/attestations.md says what every
//! field holds and how a deployment controller checks one.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Problem;
use crate::manifest::{FileDigest, Manifest};
use crate::matrix::{Matrix, Status};

pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
pub const VSA_PREDICATE_TYPE: &str = "https://slsa.dev/verification_summary/v1";
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
/// Who verified: relpolicy, named without claiming a domain.
pub const VERIFIER_ID: &str = "urn:relpolicy:verifier";
/// The policy URI of the library compiled into relpolicy.
pub const BUILTIN_POLICY_URI: &str = "urn:relpolicy:library:builtin";
/// Every verified level relpolicy writes starts with this, followed by the requirement ID.
pub const LEVEL_PREFIX: &str = "RELPOLICY_";

/// An in-toto resource descriptor (the fields relpolicy writes).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Resource {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub uri: Option<String>,
    pub digest: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty", default)]
    pub annotations: BTreeMap<String, String>,
}

/// The in-toto Statement v1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    #[serde(rename = "_type")]
    pub statement_type: String,
    pub subject: Vec<Resource>,
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    pub predicate: Vsa,
}

/// SLSA Verification Summary Attestation v1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Vsa {
    pub verifier: Verifier,
    pub time_verified: String,
    pub resource_uri: String,
    pub policy: Resource,
    #[serde(default)]
    pub input_attestations: Vec<Resource>,
    pub verification_result: String,
    #[serde(default)]
    pub verified_levels: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verifier {
    pub id: String,
    #[serde(default)]
    pub version: BTreeMap<String, String>,
}

/// A DSSE envelope.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    pub payload_type: String,
    pub payload: String,
    pub signatures: Vec<EnvelopeSignature>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EnvelopeSignature {
    #[serde(default)]
    pub keyid: String,
    pub sig: String,
}

/// The artifacts of the evidence with a sha256 digest: the statement's subjects, sorted.
pub fn subjects(document: &serde_json::Value) -> Vec<Resource> {
    let mut out: Vec<Resource> = document
        .get("artifacts")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let name = a.get("name")?.as_str()?;
            let hex = a.get("digest")?.as_str()?.strip_prefix("sha256:")?;
            (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Resource {
                name: Some(name.to_owned()),
                uri: None,
                digest: BTreeMap::from([("sha256".to_owned(), hex.to_ascii_lowercase())]),
                annotations: BTreeMap::new(),
            })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The release as a URI: `pkg:generic/NAME@VERSION` (a package URL) when the evidence names
/// both, else `urn:relpolicy:release:ID`, else `urn:relpolicy:release:unidentified`.
pub fn resource_uri(release: &crate::matrix::ReleaseInfo) -> String {
    match (&release.name, &release.version, &release.id) {
        (Some(name), Some(version), _) => format!(
            "pkg:generic/{}@{}",
            crate::report::percent_encode(name),
            crate::report::percent_encode(version)
        ),
        (_, _, Some(id)) => format!(
            "urn:relpolicy:release:{}",
            crate::report::percent_encode(id)
        ),
        _ => "urn:relpolicy:release:unidentified".to_owned(),
    }
}

/// The library URI and the query's values of a policy URI (`phase`, `profile`).
pub fn policy_query(uri: &str) -> (&str, BTreeMap<String, String>) {
    let (library, query) = uri.split_once('?').unwrap_or((uri, ""));
    let pairs = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), percent_decode(v)))
        .collect();
    (library, pairs)
}

/// `%XX` escapes decoded (invalid ones kept as they are).
pub fn percent_decode(text: &str) -> String {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        let hex = tail
            .get(..2)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(value)) => {
                bytes.push(value);
                rest = &tail[2..];
            }
            _ => {
                bytes.push(b);
                rest = tail;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A `file:` URI for `path` below `base`.
fn file_uri(base: &Path, path: &str) -> String {
    let joined = if path == "." {
        base.to_path_buf()
    } else {
        base.join(path)
    };
    crate::paths::file_uri(&crate::paths::normalize(&joined))
}

fn sha256(hex: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("sha256".to_owned(), hex.to_owned())])
}

fn input(base: &Path, kind: &str, file: &FileDigest) -> Resource {
    Resource {
        name: Some(file.path.clone()),
        uri: (!file.path.starts_with('<')).then(|| file_uri(base, &file.path)),
        digest: sha256(&file.sha256),
        annotations: BTreeMap::from([("relpolicy.kind".to_owned(), kind.to_owned())]),
    }
}

/// The policy the verdicts come from: the built-in library, or the folder of the catalogue's
/// library (a `file:` URI), with the phase and profile it was run with as a query
/// (`?phase=post-deploy&profile=internal-tool`).
fn policy(manifest: &Manifest, base: &Path, phase: &str, profile: Option<&str>) -> Resource {
    let catalog = manifest.catalog.as_ref().map_or("", |c| c.path.as_str());
    let mut uri = if catalog.starts_with(crate::policy::library::BUILTIN) {
        BUILTIN_POLICY_URI.to_owned()
    } else {
        let folder = Path::new(catalog)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| ".".to_owned());
        file_uri(base, &folder)
    };
    uri.push_str("?phase=");
    uri.push_str(phase);
    if let Some(profile) = profile {
        uri.push_str("&profile=");
        uri.push_str(&crate::report::percent_encode(profile));
    }
    Resource {
        name: None,
        uri: Some(uri),
        digest: sha256(&manifest.library_digest()),
        annotations: BTreeMap::new(),
    }
}

/// The VSA for one evaluated release.
pub fn statement(
    matrix: &Matrix,
    manifest: &Manifest,
    passed: bool,
    base: &Path,
    subject: Vec<Resource>,
) -> Statement {
    let mut inputs: Vec<Resource> = manifest
        .evidence
        .iter()
        .enumerate()
        .map(|(i, f)| input(base, if i == 0 { "evidence" } else { "source" }, f))
        .collect();
    inputs.extend(manifest.waivers.iter().map(|f| input(base, "waivers", f)));
    let verified_levels = matrix
        .rows
        .iter()
        .filter(|r| r.status == Status::Pass)
        .map(|r| level(&r.id))
        .collect();
    Statement {
        statement_type: STATEMENT_TYPE.to_owned(),
        subject,
        predicate_type: VSA_PREDICATE_TYPE.to_owned(),
        predicate: Vsa {
            verifier: Verifier {
                id: VERIFIER_ID.to_owned(),
                version: BTreeMap::from([(
                    "relpolicy".to_owned(),
                    env!("CARGO_PKG_VERSION").to_owned(),
                )]),
            },
            time_verified: manifest.evaluated_at.clone().unwrap_or_default(),
            resource_uri: resource_uri(&matrix.release),
            policy: policy(
                manifest,
                base,
                matrix.phase.as_str(),
                matrix.profile.as_deref(),
            ),
            input_attestations: inputs,
            verification_result: if passed { "PASSED" } else { "FAILED" }.to_owned(),
            verified_levels,
        },
    }
}

/// The verified level of a passing requirement: `RELPOLICY_` and its ID (`RELPOLICY_REQ-27`).
pub fn level(requirement: &str) -> String {
    format!("{LEVEL_PREFIX}{requirement}")
}

/// A key that signs statements.
pub enum Signer {
    Ed25519(ed25519_dalek::SigningKey),
    P256(p256::ecdsa::SigningKey),
}

/// A key that verifies signatures.
#[derive(Clone, Debug)]
pub enum PublicKey {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
}

fn key_problem(path: &Path, what: &str, detail: impl std::fmt::Display) -> Problem {
    Problem::error(
        "relpolicy::attest::key",
        format!("cannot use {} as {what}: {detail}", path.display()),
    )
    .help("give a PEM file: a PKCS#8 private key (BEGIN PRIVATE KEY, or BEGIN EC PRIVATE KEY for P-256) to sign, a public key (BEGIN PUBLIC KEY) to verify; Ed25519 and ECDSA P-256 are supported (docs/attestations.md)")
}

impl Signer {
    /// Read a PEM private key: Ed25519 or ECDSA P-256 (PKCS#8, or SEC1 for P-256).
    pub fn read(path: &Path) -> Result<Self, Problem> {
        use p256::pkcs8::DecodePrivateKey;
        let pem =
            std::fs::read_to_string(path).map_err(|e| key_problem(path, "a signing key", e))?;
        if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_pem(&pem) {
            return Ok(Self::Ed25519(key));
        }
        if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_pem(&pem) {
            return Ok(Self::P256(key));
        }
        if let Ok(secret) = p256::SecretKey::from_sec1_pem(&pem) {
            return Ok(Self::P256(secret.into()));
        }
        Err(key_problem(
            path,
            "a signing key",
            "it is not a PEM Ed25519 or ECDSA P-256 private key",
        ))
    }

    pub fn public(&self) -> PublicKey {
        match self {
            Self::Ed25519(key) => PublicKey::Ed25519(key.verifying_key()),
            Self::P256(key) => PublicKey::P256(*key.verifying_key()),
        }
    }

    /// The signature of `message`: Ed25519's 64 bytes, or ECDSA P-256 over SHA-256 in DER.
    fn sign(&self, message: &[u8]) -> Vec<u8> {
        use ed25519_dalek::Signer as _;
        match self {
            Self::Ed25519(key) => key.sign(message).to_bytes().to_vec(),
            Self::P256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_der().as_bytes().to_vec()
            }
        }
    }
}

impl PublicKey {
    /// Read a PEM public key (SubjectPublicKeyInfo): Ed25519 or ECDSA P-256.
    pub fn read(path: &Path) -> Result<Self, Problem> {
        use p256::pkcs8::DecodePublicKey;
        let pem =
            std::fs::read_to_string(path).map_err(|e| key_problem(path, "a public key", e))?;
        if let Ok(key) = ed25519_dalek::VerifyingKey::from_public_key_pem(&pem) {
            return Ok(Self::Ed25519(key));
        }
        if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_pem(&pem) {
            return Ok(Self::P256(key));
        }
        Err(key_problem(
            path,
            "a public key",
            "it is not a PEM Ed25519 or ECDSA P-256 public key",
        ))
    }

    /// The key's ID: the SHA-256 of its SubjectPublicKeyInfo (DER), in hex.
    pub fn keyid(&self) -> String {
        use p256::pkcs8::EncodePublicKey;
        let der = match self {
            Self::Ed25519(key) => key.to_public_key_der(),
            Self::P256(key) => key.to_public_key_der(),
        };
        der.map(|d| crate::manifest::sha256_hex(d.as_bytes()))
            .unwrap_or_default()
    }

    /// Whether `signature` is this key's signature of `message`.
    pub fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        use ed25519_dalek::Verifier as _;
        match self {
            Self::Ed25519(key) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|s| key.verify(message, &s).is_ok()),
            Self::P256(key) => p256::ecdsa::Signature::from_der(signature)
                .is_ok_and(|s| key.verify(message, &s).is_ok()),
        }
    }
}

/// DSSE's pre-authentication encoding: what is signed.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "DSSEv1 {} {payload_type} {} ",
        payload_type.len(),
        payload.len()
    )
    .into_bytes();
    out.extend_from_slice(payload);
    out
}

/// Sign `statement` into a DSSE envelope.
pub fn envelope(statement: &Statement, signer: &Signer) -> Envelope {
    use data_encoding::BASE64;
    // Serialising a struct of strings and maps cannot fail.
    let payload = serde_json::to_vec(statement).unwrap_or_default();
    let signature = signer.sign(&pae(PAYLOAD_TYPE, &payload));
    Envelope {
        payload_type: PAYLOAD_TYPE.to_owned(),
        payload: BASE64.encode(&payload),
        signatures: vec![EnvelopeSignature {
            keyid: signer.public().keyid(),
            sig: BASE64.encode(&signature),
        }],
    }
}

/// The bytes of the VSA as written: the signed envelope, or the bare statement.
pub fn render(statement: &Statement, signer: Option<&Signer>) -> Vec<u8> {
    let mut out = match signer {
        Some(signer) => serde_json::to_vec_pretty(&envelope(statement, signer)),
        None => serde_json::to_vec_pretty(statement),
    }
    .unwrap_or_default();
    out.push(b'\n');
    out
}

/// What an attestation file holds.
pub enum Read {
    Signed(Envelope, Statement),
    Unsigned(Statement),
}

/// Read a VSA as `render` writes it: a DSSE envelope around a statement, or a statement.
pub fn read(bytes: &[u8]) -> Result<Read, String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if value.get("payloadType").is_some() {
        let envelope: Envelope = serde_json::from_value(value).map_err(|e| e.to_string())?;
        if envelope.payload_type != PAYLOAD_TYPE {
            return Err(format!(
                "the envelope's payloadType is {}, not {PAYLOAD_TYPE}",
                envelope.payload_type
            ));
        }
        let payload = data_encoding::BASE64
            .decode(envelope.payload.as_bytes())
            .map_err(|e| format!("the envelope's payload is not base64: {e}"))?;
        let statement = statement_of(&payload)?;
        return Ok(Read::Signed(envelope, statement));
    }
    Ok(Read::Unsigned(statement_of(bytes)?))
}

fn statement_of(bytes: &[u8]) -> Result<Statement, String> {
    let statement: Statement = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if statement.statement_type != STATEMENT_TYPE {
        return Err(format!(
            "_type is {}, not {STATEMENT_TYPE}",
            statement.statement_type
        ));
    }
    if statement.predicate_type != VSA_PREDICATE_TYPE {
        return Err(format!(
            "predicateType is {}, not {VSA_PREDICATE_TYPE}",
            statement.predicate_type
        ));
    }
    Ok(statement)
}

/// The key IDs of the envelope's signatures that `key` verifies.
pub fn signed_by(envelope: &Envelope, key: &PublicKey) -> bool {
    let Ok(payload) = data_encoding::BASE64.decode(envelope.payload.as_bytes()) else {
        return false;
    };
    let message = pae(&envelope.payload_type, &payload);
    envelope.signatures.iter().any(|s| {
        data_encoding::BASE64
            .decode(s.sig.as_bytes())
            .is_ok_and(|sig| key.verifies(&message, &sig))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_is_dsse_v1() {
        // The example of the DSSE specification's protocol page.
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
    }

    #[test]
    fn subjects_are_the_artifacts_with_sha256_digests() {
        let document = serde_json::json!({"artifacts": [
            {"name": "b", "digest": format!("sha256:{}", "A".repeat(64))},
            {"name": "a", "digest": format!("sha256:{}", "1".repeat(64))},
            {"name": "c", "digest": format!("sha512:{}", "1".repeat(128))},
            {"name": "d"},
            {"name": "a", "digest": format!("sha256:{}", "1".repeat(64))},
        ]});
        let found = subjects(&document);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name.as_deref(), Some("a"));
        assert_eq!(found[1].digest["sha256"], "a".repeat(64), "lower case");
    }
}
