//! The manifest: digests of everything a verdict rests on.
//!
//! A report carries the SHA-256 of the evidence document (and of every file
//! it was gathered from), of the schema, of the catalogue, of the policy
//! parameters and of every policy file, plus the tool version, so an auditor
//! can later prove which inputs produced it.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of what `write` writes, in lowercase hex, without keeping the bytes.
pub fn sha256_of_writer(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> String {
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut hashing = Hashing(Sha256::new());
    // Writing into a hasher cannot fail.
    let _ = write(&mut hashing);
    hex(&hashing.0.finalize())
}

fn hex(digest: &[u8]) -> String {
    use std::fmt::Write;
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        // Writing into a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// A file and its digest, as listed in the manifest.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FileDigest {
    pub path: String,
    pub sha256: String,
}

impl FileDigest {
    pub fn of(path: impl Into<String>, bytes: &[u8]) -> Self {
        Self {
            path: path.into(),
            sha256: sha256_hex(bytes),
        }
    }

    /// The digest of a file as read, under the name it was read as.
    pub fn of_file(file: &crate::source::SourceFile) -> Self {
        Self {
            path: file.name().to_owned(),
            sha256: file.sha256(),
        }
    }
}

/// Everything a report's verdicts rest on.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Manifest {
    pub tool: Tool,
    /// The time the evidence was judged as of (RFC 3339, UTC): when the evaluation ran, or
    /// `--as-of`; `SOURCE_DATE_EPOCH` fixes it for reproducible reports.
    pub evaluated_at: Option<String>,
    /// The evidence document, then the files it was gathered from (as the document lists them).
    pub evidence: Vec<FileDigest>,
    pub schema: Option<FileDigest>,
    pub catalog: Option<FileDigest>,
    pub params: Option<FileDigest>,
    /// The parameters file laid over `params` (`--params FILE`), if any.
    pub params_override: Option<FileDigest>,
    /// Every policy and library file that was loaded, by path.
    pub policies: Vec<FileDigest>,
    /// The catalogue profile the run was tailored with (`--profile`), if any.
    pub profile: Option<String>,
    /// The waiver files the run read (`--waivers`, the release folder's `waivers:`).
    pub waivers: Vec<FileDigest>,
}

impl Manifest {
    /// One digest for the policy library as run: SHA-256 over the digests of the catalogue, the
    /// parameters (and their override) and every policy file, one a line, in manifest order.
    /// Two runs with the same library show the same value wherever the library lies.
    pub fn library_digest(&self) -> String {
        let mut text = String::new();
        let files = [&self.catalog, &self.params, &self.params_override]
            .into_iter()
            .flatten()
            .chain(&self.policies);
        for f in files {
            text.push_str(&f.sha256);
            text.push('\n');
        }
        sha256_hex(text.as_bytes())
    }

    /// Every digested file with what it is (`evidence`, `schema`, `catalogue`, `parameters`,
    /// `parameter override`, `policy`), in manifest order.
    pub fn files(&self) -> impl Iterator<Item = (&'static str, &FileDigest)> {
        let singles = [
            ("schema", &self.schema),
            ("catalogue", &self.catalog),
            ("parameters", &self.params),
            ("parameter override", &self.params_override),
        ];
        self.evidence
            .iter()
            .map(|f| ("evidence", f))
            .chain(
                singles
                    .into_iter()
                    .filter_map(|(what, f)| f.as_ref().map(|f| (what, f))),
            )
            .chain(self.policies.iter().map(|f| ("policy", f)))
            .chain(self.waivers.iter().map(|f| ("waivers", f)))
    }
}

/// Now, or the time `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
/// convention) names. A malformed value is refused before any command that judges evidence
/// runs ([`source_date_epoch`]); here it counts as unset.
pub fn evaluation_time() -> chrono::DateTime<chrono::Utc> {
    source_date_epoch().ok().flatten().unwrap_or_else(|| {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default()
    })
}

/// The time `SOURCE_DATE_EPOCH` names, when it is set and not empty. Anything but a whole
/// number of seconds since 1970 (as `date +%s` prints) within the years chrono can hold is an
/// error: the reproducible-builds convention asks tools to stop rather than silently use the
/// current time, which would make the report neither reproducible nor dated as asked.
pub fn source_date_epoch()
-> Result<Option<chrono::DateTime<chrono::Utc>>, crate::diagnostics::Problem> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.trim()
        .parse::<i64>()
        .ok()
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
        .map(Some)
        .ok_or_else(|| {
            crate::diagnostics::Problem::error(
                "relpolicy::cli::source_date_epoch",
                format!(
                    "SOURCE_DATE_EPOCH is `{}`, not whole seconds since 1970 within the years relpolicy can represent",
                    crate::source::single_line(&text)
                ),
            )
            .help("set it to whole seconds, as `date +%s` prints them (1773525600 is 2026-03-14T22:00:00Z), or unset it to judge as of now; `--as-of` takes an RFC 3339 time")
        })
}

/// A time as the manifest records it: RFC 3339 in UTC, to the second.
pub fn show_time(time: chrono::DateTime<chrono::Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The program that produced a report.
#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Default for Tool {
    fn default() -> Self {
        Self {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_standard_test_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
