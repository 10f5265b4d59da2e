//! Embed the bundled policy library (`policies/`) in the binary, so `relpolicy check`
//! works anywhere without a checkout, and the library a report names is exactly the
//! one this build shipped.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// Every `.rego` and `.yaml` file under `dir`, as (path relative to `root`, path).
fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("rego" | "yaml")
        ) {
            let relative = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            out.push((relative, path));
        }
    }
}

fn array(code: &mut String, name: &str, doc: &str, files: &[&(String, PathBuf)]) {
    let _ = writeln!(code, "/// {doc}");
    let _ = writeln!(code, "pub static {name}: &[(&str, &str)] = &[");
    for (relative, _) in files {
        // The checkout's path is taken when the crate compiles, not written here: cargo keeps
        // this script's output for a checkout that was moved or copied with its target/, and
        // an absolute path written here would name the old place.
        let _ = writeln!(
            code,
            "    ({relative:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?}))),",
            format!("/policies/{relative}")
        );
    }
    code.push_str("];\n");
}

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    // Policy tests are run from a library's directory (`relpolicy test DIR`); `check` never
    // reads them, so they are kept apart, for `relpolicy init --policies DIR` alone.
    let (tests, library): (Vec<_>, Vec<_>) = files
        .iter()
        .partition(|(relative, _)| relative.ends_with("_test.rego"));
    let mut code = String::new();
    array(
        &mut code,
        "FILES",
        "The bundled policy library: (path relative to `policies/`, contents).",
        &library,
    );
    array(
        &mut code,
        "TESTS",
        "The bundled library's policy tests: (path relative to `policies/`, contents).",
        &tests,
    );
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default()).join("builtin_library.rs");
    if let Err(err) = fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {err}", out.display());
    }
}
