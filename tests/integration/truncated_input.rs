//! Nothing panics on user input: every prefix of a real policy, catalogue and evidence document
//! (most of them malformed) is either read or reported as a problem.

use relpolicy::catalog::Catalog;
use relpolicy::evidence::Evidence;
use relpolicy::evidence::Prepared;
use relpolicy::policy::metadata::parse_header;
use relpolicy::source::{SourceFile, locate_pointers};

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("fixture")
}

/// Every prefix ending on a character boundary, stepping so each test stays fast.
fn prefixes(text: &str, step: usize) -> impl Iterator<Item = &str> {
    (0..=text.len())
        .step_by(step)
        .filter(|&i| text.is_char_boundary(i))
        .map(move |i| &text[..i])
}

#[test]
fn truncated_policy_headers() {
    let text = read("policies/release/req_27.rego");
    for prefix in prefixes(&text, 1) {
        let _ = parse_header(&SourceFile::new("p.rego", prefix));
    }
}

#[test]
fn truncated_catalogues() {
    let text = read("policies/catalog.yaml");
    for prefix in prefixes(&text, 7) {
        let _ = Catalog::parse(SourceFile::new("catalog.yaml", prefix));
    }
}

#[test]
fn truncated_evidence() {
    let text = read("examples/failing/approved-by-developer.json");
    let pointers = [
        "/approvals/3",
        "/release/changes/1/id",
        "/deployments/1/artifacts/0",
    ];
    for prefix in prefixes(&text, 97) {
        let _ = locate_pointers(prefix, &pointers);
        if let Ok(evidence) = Evidence::parse("e.json", prefix.as_bytes().to_vec()) {
            let _ = Prepared::new(evidence, &crate::context());
        }
    }
}
