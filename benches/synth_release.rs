//! Print a synthetic release evidence document: `cargo bench --bench synth_release -- CASES [SEED]`.
//! Used by `benches/cold.sh`; see `support/synth.rs` for what it contains.

#[path = "support/synth.rs"]
mod synth;

fn main() {
    // cargo bench appends `--bench`; take the numeric arguments only.
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let cases = numbers.first().copied().unwrap_or(2000) as usize;
    let seed = numbers.get(1).copied().unwrap_or(1);
    let doc = synth::release(cases, seed);
    let text = serde_json::to_string_pretty(&doc).expect("serialisable");
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes()).expect("stdout");
}
