#!/usr/bin/env bash
# `relpolicy gather` on a folder of FILES JUnit reports holding CASES test cases (default: 200
# files, 100,000 cases), in a release build, as a pipeline runs it: a new process that walks the
# folder, reads and parses every report, and writes the evidence document. Prints the median
# time and the throughput in MB of reports per second.
#
#   benches/gather.sh [FILES] [CASES] [RUNS]
#
# Uses hyperfine when installed (apt-get install hyperfine); otherwise times RUNS runs itself.
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-200}
cases=${2:-100000}
runs=${3:-10}
dir=target/bench/junit-$files-$cases
cargo build --release --quiet
rm -rf "$dir"
cargo bench --quiet --bench junit_folder -- "$dir" "$files" "$cases"
bin=target/release/relpolicy
bytes=$(find "$dir/reports" -name '*.xml' -exec cat {} + | wc -c)
echo "reports: $(( bytes / 1000000 )) MB"
"$bin" gather "$dir" -o "$dir.json"
echo "document: $(( $(wc -c < "$dir.json") / 1000000 )) MB, $(grep -c '"status"' "$dir.json") cases"
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 1 --runs "$runs" -N --export-json target/bench/gather.json "$bin gather $dir -o $dir.json"
    median=$(python3 -c 'import json; print(json.load(open("target/bench/gather.json"))["results"][0]["median"])')
else
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$bin" gather "$dir" -o "$dir.json"; done
    end=$(date +%s%N)
    median=$(echo "($end - $start) / $runs / 1000000000" | bc -l)
fi
echo "throughput: $(echo "$bytes / $median / 1000000" | bc -l | cut -c1-6) MB/s of reports (median $median s)"
