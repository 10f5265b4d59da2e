#!/usr/bin/env bash
# One cold `relpolicy check` of a realistic release (2,000 test cases, every section filled),
# in a release build, as a pipeline runs it: a new process that reads the built-in library,
# compiles it, reads the evidence and prints the matrix. With hyperfine, the bundled example
# release is timed beside it, and both medians are printed.
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
