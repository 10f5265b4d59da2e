"""A cold relpolicy check against a cold OPA, in one run, for benches/cold.sh.

A cold check's milliseconds depend on the machine, so issue 15's targets (15 ms for the example,
20 ms for 2,000 cases) came with a yardstick: OPA v1.20.2 took 98 and 130 ms for the same work
on the machine they were set on. This script measures both on this machine, alternating so that
the machine's drift falls on both alike.

    python3 opa_cold.py LIBOPABRIDGE RUNS RELPOLICY DOC DIR [DOC DIR ...]

For each DOC (an evidence document) and DIR (its OPA job, written by `cargo bench --bench
audit_inputs -- --from DOC DIR`), RUNS times each:
- relpolicy: `RELPOLICY check --evidence DOC` as a new process, wall time from its start to
  its exit (including about 1 ms of Python starting it);
- OPA: a new Python process loads OPA's Go engine (the differential test's C library), and the
  time from a new engine to the first verdicts is taken: the library's modules and data added,
  the document's input evaluated. OPA is given relpolicy's derived input for free, and neither
  Python's start nor loading the C library is counted.

Prints the medians, relpolicy's time as a share of OPA's, and that share at the issue's targets.

    python3 opa_cold.py --once LIBOPABRIDGE DIR

is one OPA measurement; it prints its milliseconds.
"""

import ctypes
import json
import statistics
import subprocess
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 3)[0] + "/tests/opa")
from verdicts import call, load  # noqa: E402

# The targets and what OPA took on the machine they were set on, in ms.
TARGETS = {"example": (15.0, 98.0), "2,000 cases": (20.0, 130.0)}


def once(bridge, folder):
    with open(f"{folder}/opa-job.json", encoding="utf-8") as f:
        job = json.load(f)
    with open(f"{folder}/opa-inputs.jsonl", "rb") as f:
        line = f.readline().rstrip(b"\n")
    modules = [(name.encode(), text.encode()) for name, text in job["modules"]]
    data = json.dumps(job["data"]).encode()
    lib = load(bridge)
    start = time.perf_counter()
    handle = lib.OpaNew()
    for name, text in modules:
        call(lib, lib.OpaAddPolicy, handle, name, text)
    call(lib, lib.OpaAddData, handle, b"", data)
    pointer = lib.OpaEvalDocument(handle, b"", line, 0, 0)
    answer = ctypes.string_at(pointer)
    spent = time.perf_counter() - start
    lib.OpaFreeString(pointer)
    envelope = json.loads(answer)
    if envelope.get("error") or not envelope.get("result"):
        raise RuntimeError(f"OPA failed: {envelope.get('error')}")
    print(f"{spent * 1000:.3f}")


def compare(bridge, runs, relpolicy, pairs):
    for doc, folder in pairs:
        mine, theirs = [], []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [relpolicy, "check", "--evidence", doc],
                stdout=subprocess.DEVNULL,
                check=True,
            )
            mine.append((time.perf_counter() - start) * 1000)
            out = subprocess.run(
                [sys.executable, __file__, "--once", bridge, folder],
                capture_output=True,
                text=True,
                check=True,
            )
            theirs.append(float(out.stdout))
        a, b = statistics.median(mine), statistics.median(theirs)
        print(f"{doc}: relpolicy {a:.1f} ms, OPA {b:.1f} ms (medians of {runs}): {a / b:.3f} of OPA's time")
    for name, (target, opa) in TARGETS.items():
        print(f"issue 15's target for the {name}: {target:.0f} ms where OPA took {opa:.0f} ms: {target / opa:.3f} of OPA's time")


def main():
    if sys.argv[1] == "--once":
        once(sys.argv[2], sys.argv[3])
        return
    bridge, runs, relpolicy = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rest = sys.argv[4:]
    compare(bridge, runs, relpolicy, list(zip(rest[::2], rest[1::2])))


if __name__ == "__main__":
    main()
