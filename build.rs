//! Embed the bundled policy library (`policies/`) in the binary, so `relpolicy check`
//! works anywhere without a checkout, and the library a report names is exactly the
//! one this build shipped.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

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
        ) && !path.to_string_lossy().ends_with("_test.rego")
        {
            // Policy tests are run from the library's directory (`relpolicy test policies`);
            // `check` never reads them, so they are not shipped in the binary.
            let relative = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            out.push((relative, path));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("policies");
    println!("cargo:rerun-if-changed=policies");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut code =
        String::from("/// The bundled policy library: (path relative to `policies/`, contents).\n");
    code.push_str("pub static FILES: &[(&str, &str)] = &[\n");
    for (relative, path) in &files {
        let _ = writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default()).join("builtin_library.rs");
    if let Err(err) = fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {err}", out.display());
    }
}
