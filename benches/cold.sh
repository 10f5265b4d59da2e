#!/usr/bin/env bash
# One cold `relpolicy check` of a realistic release (2,000 test cases, every section filled),
# in a release build, as a pipeline runs it: a new process that reads the built-in library,
# compiles it, reads the evidence and prints the matrix. With hyperfine, the bundled example
# release is timed beside it, and both medians are printed.
#
# Then, when the OPA bridge of the differential test is there (`cargo test --test integration
# opa` fetches it into target/opa), both documents again, alternating with a cold OPA on the
# same library and inputs (benches/support/opa_cold.py): the machine-independent reading of
# issue 15's targets, which were set where OPA took 98 and 130 ms.
#
#   benches/cold.sh [CASES] [RUNS]
#
# Uses hyperfine when installed (apt-get install hyperfine); otherwise times RUNS runs itself.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-2000}
runs=${2:-50}
out=target/bench
mkdir -p "$out"
cargo build --release --quiet
cargo bench --quiet --bench synth_release -- "$cases" > "$out/release-$cases.json"
bin=target/release/relpolicy
doc="$out/release-$cases.json"
echo "document: $doc ($(wc -c < "$doc") bytes, $cases test cases)"
"$bin" check --evidence "$doc" > /dev/null || { echo "the synthetic release does not pass" >&2; exit 1; }
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 3 --runs "$runs" -N --export-json "$out/cold.json" \
        "$bin check --evidence $doc" "$bin check --evidence examples/payments-2.4.0/evidence.json"
    python3 - "$out/cold.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['median'] * 1000:.1f} ms: {r['command'].split('--evidence ')[1]}")
PY
else
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$bin" check --evidence "$doc" > /dev/null; done
    end=$(date +%s%N)
    echo "mean of $runs runs: $(( (end - start) / runs / 1000 )) µs per check"
fi
bridge=target/opa/opa_bindings/libopabridge.so
if [ -e "$bridge" ]; then
    example=examples/payments-2.4.0/evidence.json
    cargo bench --quiet --bench audit_inputs -- --from "$example" "$out/opa-cold-example" > /dev/null
    cargo bench --quiet --bench audit_inputs -- --from "$doc" "$out/opa-cold-$cases" > /dev/null
    python3 benches/support/opa_cold.py "$bridge" "$runs" "$bin" \
        "$example" "$out/opa-cold-example" "$doc" "$out/opa-cold-$cases"
else
    echo "no OPA bridge at $bridge: run \`cargo test --test integration opa\` once to time OPA beside it"
fi
