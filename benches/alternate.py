#!/usr/bin/env python3
"""Time two or more relpolicy binaries on the same arguments, alternating between them.

    benches/alternate.py BIN[,BIN...] "ARGS" RUNS

Each round runs every binary once, in turn, so the drift of a shared machine's speed (about
±10 % over minutes on the development VM) falls on all of them alike; separate hyperfine runs
cannot tell a 5 % change from that drift. Prints each binary's median, first quartile and
fastest wall time. The times include starting the process from Python (about 1 ms).
"""
import statistics
import subprocess
import sys
import time

binaries = sys.argv[1].split(",")
arguments = sys.argv[2].split()
rounds = int(sys.argv[3])
times = {b: [] for b in binaries}
for _ in range(rounds):
    for binary in binaries:
        start = time.perf_counter()
        subprocess.run([binary, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[binary].append(time.perf_counter() - start)
for binary in binaries:
    ts = sorted(times[binary])
    print(
        f"{binary}: median {statistics.median(ts) * 1000:.2f} ms, "
        f"first quartile {ts[len(ts) // 4] * 1000:.2f} ms, fastest {ts[0] * 1000:.2f} ms"
    )
