//! Evaluation speed: the policy library compiled once, then evaluated per document.
//!
//! Run with `cargo bench --bench evaluate`. Groups:
//! - `compile`: reading and compiling the built-in library (once per `check`);
//! - `check_one`: one 2,000-case document from bytes to matrix (parse, digest, schema,
//!   derived summaries, evaluation of all 17 policies);
//! - `evaluate_one`: the evaluation step alone (matrix from a prepared document);
//! - `evaluate_1000/threads=N`: the evaluation step 1,000 times, cycling over 100 distinct
//!   prepared documents (a prepared 2,000-case document holds about 7 MB; regorus keeps no state
//!   between evaluations, so reusing documents does not flatter the figure), on one thread and
//!   on two sharing one compiled library.

#[path = "support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use relpolicy::catalog::Phase;
use relpolicy::checker::Checker;
use relpolicy::evidence::Evidence;
use relpolicy::evidence::{Context, Prepared};
use relpolicy::matrix::{Matrix, Status, Subject};
use relpolicy::policy::Sources;

/// The synthetic releases are dated like the example; judge them as of its evaluation time.
fn context() -> Context {
    Context::at(chrono::DateTime::from_timestamp(1_773_525_600, 0).expect("a valid time"))
}

fn compile() -> Checker {
    Checker::new(&Sources::builtin(), Phase::PostDeploy, context()).expect("built-in library")
}

fn bytes(cases: usize, seed: u64) -> Vec<u8> {
    serde_json::to_vec(&synth::release(cases, seed)).expect("serialisable")
}

fn prepared(cases: usize, seed: u64) -> Prepared {
    let evidence = Evidence::parse("synthetic.json", bytes(cases, seed)).expect("valid JSON");
    let (prepared, _) = Prepared::new(evidence, &context());
    assert!(
        prepared.violations.is_empty(),
        "synthetic evidence breaks the schema: {:?}",
        prepared.violations
    );
    prepared
}

fn evaluate(checker: &Checker, prepared: &Prepared) -> Matrix {
    Matrix::build(
        &checker.catalog,
        &checker.policies,
        &Subject::Ready(prepared),
        &checker.settings(),
    )
}

fn benches(c: &mut Criterion) {
    let checker = compile();
    let one = prepared(2000, 1);
    // The synthetic release must be a realistic, passing one, or we would time the wrong path.
    let matrix = evaluate(&checker, &one);
    let not_passing: Vec<_> = matrix
        .rows
        .iter()
        .filter(|r| {
            !matches!(
                r.status,
                Status::Pass | Status::Warn | Status::NotApplicable
            )
        })
        .map(|r| (&r.id, r.status))
        .collect();
    assert!(
        not_passing.is_empty(),
        "synthetic release does not pass: {not_passing:?}"
    );

    c.bench_function("compile", |b| b.iter(|| black_box(compile())));

    let raw = bytes(2000, 1);
    c.bench_function("check_one", |b| {
        b.iter(|| black_box(checker.check(Evidence::parse("synthetic.json", raw.clone()))))
    });

    c.bench_function("evaluate_one", |b| {
        b.iter(|| black_box(evaluate(&checker, &one)))
    });

    let distinct: Vec<Prepared> = (0..100).map(|seed| prepared(2000, seed)).collect();
    let batch: Vec<&Prepared> = distinct.iter().cycle().take(1000).collect();
    let mut group = c.benchmark_group("evaluate_1000");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for threads in [1, 2] {
        group.bench_function(format!("threads={threads}"), |b| {
            b.iter(|| {
                std::thread::scope(|s| {
                    for part in batch.chunks(batch.len().div_ceil(threads)) {
                        let checker = &checker;
                        s.spawn(move || {
                            for doc in part {
                                black_box(evaluate(checker, doc));
                            }
                        });
                    }
                })
            })
        });
    }
    group.finish();
}

criterion_group!(evaluate_benches, benches);
criterion_main!(evaluate_benches);
