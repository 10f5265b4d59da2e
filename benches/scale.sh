#!/usr/bin/env bash
# The scale cases: releases far larger than usual, each checked as a pipeline checks them (a new
# process, the built-in library, a release folder), in a release build. Prints, per case, the
# median wall time of RUNS runs and the largest peak memory (resident set) among them.
#
#   benches/scale.sh [RUNS] [ARTIFACTS] [ITEMS] [CASES]
#
# The folders (written by `cargo bench --bench scale_inputs`, see benches/scale_inputs.rs) are the
# bundled example release with one part scaled up, and every requirement still passing:
# ARTIFACTS artifacts promoted dev -> test -> staging -> production (default 10,000, with 30,000
# promotions), a go-live checklist of ITEMS items (10,000), a JUnit file of CASES cases
# (1,000,000; 61 MB).
#
# Peak memory needs GNU time (`apt-get install time`); without it only times are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
artifacts=${2:-10000}
items=${3:-10000}
cases=${4:-1000000}
out=target/bench/scale
bin=target/release/relpolicy
cargo build --release --quiet
cargo bench --quiet --bench scale_inputs -- "$out" "$artifacts" "$items" "$cases" > /dev/null
"$bin" gather "$out/artifacts-$artifacts" -o "$out/artifacts-$artifacts.json"

gnu_time=""
if /usr/bin/time -f "%e" true 2> /dev/null; then gnu_time=/usr/bin/time; fi

# measure NAME ARGS...: run `relpolicy ARGS` RUNS times; it must succeed every time.
measure() {
    local name=$1
    shift
    local walls=() peak=0
    for _ in $(seq "$runs"); do
        if [ -n "$gnu_time" ]; then
            "$gnu_time" -f "%e %M" -o "$out/time.txt" "$bin" "$@" > /dev/null
            read -r wall kb < "$out/time.txt"
            walls+=("$wall")
            if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
        else
            local start end
            start=$(date +%s%N)
            "$bin" "$@" > /dev/null
            end=$(date +%s%N)
            walls+=("$(echo "($end - $start) / 1000000000" | bc -l)")
        fi
    done
    local median
    median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    if [ -n "$gnu_time" ]; then
        printf '%-52s %6.2f s  %6d MB\n' "$name" "$median" "$((peak / 1024))"
    else
        printf '%-52s %6.2f s\n' "$name" "$median"
    fi
}

echo "median of $runs runs; peak resident memory of the largest run"
measure "check DIR: $artifacts artifacts (REL-04 and all)" check "$out/artifacts-$artifacts"
measure "check FILE: the same, gathered to JSON" check "$out/artifacts-$artifacts.json"
measure "check DIR: a $items-item go-live checklist" check "$out/checklist-$items"
measure "check DIR: a JUnit file of $cases cases" check "$out/junit-$cases"
measure "gather DIR -o FILE: the same" gather "$out/junit-$cases" -o "$out/junit-$cases.json"
