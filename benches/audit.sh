#!/usr/bin/env bash
# relpolicy audit against OPA's one-engine batch, on the same documents and library, in one run.
#
#   benches/audit.sh [RELEASES] [CASES] [JOBS]
#
# Writes RELEASES synthetic releases of CASES test cases (default 1,000 and 2,000) into
# target/bench/audit, then times `relpolicy audit` (release build, --jobs JOBS, default 2) over
# them, with its peak memory, and OPA v1.20.2 (the engine of the differential test, fetched by
# `cargo test --test integration opa` into target/opa) evaluating the same documents' inputs
# one after another in one loaded engine. Prints releases per second for both.
set -euo pipefail
cd "$(dirname "$0")/.."
releases=${1:-1000}
cases=${2:-2000}
jobs=${3:-2}
out=target/bench/audit
export SOURCE_DATE_EPOCH=1773525600
cargo build --release --quiet
rm -rf "$out" && mkdir -p "$out"
echo "writing $releases releases of $cases cases into $out ..."
cargo bench --quiet --bench audit_inputs -- "$releases" "$cases" "$out"
echo "documents: $(du -sh "$out/releases" | cut -f1)"
bin=target/release/relpolicy
start=$(date +%s%N)
/usr/bin/time -f "%M" -o "$out/peak-kb" "$bin" audit "$out/releases" --jobs "$jobs" --format json -o "$out/audit.json" || true
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
python3 - "$out/audit.json" "$ms" "$(cat "$out/peak-kb")" <<'PY'
import json, sys
audit = json.load(open(sys.argv[1]))
ms, kb = int(sys.argv[2]), int(sys.argv[3])
n = audit["summary"]["total"]
print(f"relpolicy audit: {n} releases ({audit['summary']['pass']} pass) in {ms / 1000:.2f} s: "
      f"{n / (ms / 1000):.1f} releases/s, peak {kb / 1024:.0f} MiB")
PY
bridge=target/opa/opa_bindings/libopabridge.so
if [ ! -e "$bridge" ]; then
    echo "no OPA bridge at $bridge: run \`cargo test --test integration opa\` once to fetch it" >&2
    exit 1
fi
python3 benches/support/opa_batch.py "$bridge" "$out"
