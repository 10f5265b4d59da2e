"""OPA's one-engine batch, for benches/audit.sh: the bundled library loaded once into OPA's Go
engine (the C library of the differential test, tests/opa/verdicts.py), then every document's
input evaluated in turn, as a service holding one loaded engine would.

    python3 opa_batch.py LIBOPABRIDGE DIR

DIR holds opa-job.json and opa-inputs.jsonl (cargo bench --bench audit_inputs). Prints the
documents evaluated, the seconds spent in OPA's evaluation calls alone (each input handed over
as the bytes on its line: no JSON work in Python is timed), and documents per second.
"""

import ctypes
import json
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 3)[0] + "/tests/opa")
from verdicts import call, load  # noqa: E402


def main():
    lib = load(sys.argv[1])
    folder = sys.argv[2]
    with open(f"{folder}/opa-job.json", encoding="utf-8") as f:
        job = json.load(f)
    handle = lib.OpaNew()
    spent = 0.0
    count = 0
    try:
        for name, text in job["modules"]:
            call(lib, lib.OpaAddPolicy, handle, name.encode(), text.encode())
        call(lib, lib.OpaAddData, handle, b"", json.dumps(job["data"]).encode())
        with open(f"{folder}/opa-inputs.jsonl", "rb") as inputs:
            for line in inputs:
                line = line.rstrip(b"\n")
                start = time.perf_counter()
                pointer = lib.OpaEvalDocument(handle, b"", line, 0, 0)
                answer = ctypes.string_at(pointer)
                spent += time.perf_counter() - start
                lib.OpaFreeString(pointer)
                envelope = json.loads(answer)
                if envelope.get("error") or not envelope.get("result"):
                    raise RuntimeError(f"document {count + 1}: {envelope.get('error')}")
                count += 1
    finally:
        lib.OpaDestroy(handle)
    print(f"opa: {count} documents in {spent:.2f} s of evaluation: {count / spent:.1f} documents/s")


if __name__ == "__main__":
    main()
