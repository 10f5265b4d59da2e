"""Evaluate a relpolicy policy library with OPA's own engine, for the differential test.

OPA's Go engine comes as a C shared library (libopabridge.so, from the PyPI wheel
opa-golib-python-bindings; see CRATES.md "OPA as a reference engine"). This script talks to its
C ABI through ctypes and needs nothing but the Python standard library.

    python3 verdicts.py LIBOPABRIDGE JOB.json > VERDICTS.json

JOB.json: {"modules": [[name, text], ...], "data": {...}, "packages": ["relpolicy.release.req_27",
...], "documents": [{"name": ..., "input": {...}}, ...]}

Prints {"<document name>": {"<package>": {"deny": [...], "warn": [...], "missing": [...], "basis": [...],
"satisfied": ...}}} for every document, or {"error": ...} and exit status 1 when OPA refuses the
library or fails on a document.
"""

import ctypes
import json
import sys


def load(path):
    lib = ctypes.CDLL(path)
    lib.OpaNew.restype = ctypes.c_uint64
    lib.OpaNew.argtypes = []
    lib.OpaDestroy.restype = None
    lib.OpaDestroy.argtypes = [ctypes.c_uint64]
    lib.OpaFreeString.restype = None
    lib.OpaFreeString.argtypes = [ctypes.c_void_p]
    for name in ("OpaAddPolicy", "OpaAddData"):
        fn = getattr(lib, name)
        fn.restype = ctypes.c_void_p
        fn.argtypes = [ctypes.c_uint64, ctypes.c_char_p, ctypes.c_char_p]
    lib.OpaEvalDocument.restype = ctypes.c_void_p
    lib.OpaEvalDocument.argtypes = [
        ctypes.c_uint64,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_int,
    ]
    return lib


def call(lib, fn, *args):
    """Call a fallible bridge function; return its envelope's result or raise its error."""
    pointer = fn(*args)
    if not pointer:
        raise RuntimeError("the OPA bridge returned no answer")
    try:
        envelope = json.loads(ctypes.string_at(pointer))
    finally:
        lib.OpaFreeString(pointer)
    error = envelope.get("error")
    if error:
        raise RuntimeError(f"{error.get('code')}: {error.get('message')}")
    return envelope.get("result")


def verdict(package_document):
    """The six rules relpolicy reads, with the values relpolicy gives undefined ones."""
    doc = package_document if isinstance(package_document, dict) else {}
    return {
        "deny": doc.get("deny", []),
        "warn": doc.get("warn", []),
        "missing": doc.get("missing", []),
        "not_applicable": doc.get("not_applicable", []),
        "satisfied": doc.get("satisfied", False),
        "basis": doc.get("basis", []),
    }


def main():
    lib = load(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        job = json.load(f)
    handle = lib.OpaNew()
    try:
        for name, text in job["modules"]:
            call(lib, lib.OpaAddPolicy, handle, name.encode(), text.encode())
        call(lib, lib.OpaAddData, handle, b"", json.dumps(job["data"]).encode())
        out = {}
        for document in job["documents"]:
            # One evaluation of the whole tree decides every package, as relpolicy does.
            result = call(
                lib,
                lib.OpaEvalDocument,
                handle,
                b"",
                json.dumps(document["input"]).encode(),
                0,
                0,
            )
            if not result or not result[0].get("expressions"):
                raise RuntimeError(f"{document['name']}: data is undefined")
            tree = result[0]["expressions"][0]["value"]
            verdicts = {}
            for package in job["packages"]:
                node = tree
                for part in package.split("."):
                    node = node.get(part, {}) if isinstance(node, dict) else {}
                verdicts[package] = verdict(node)
            out[document["name"]] = verdicts
    except RuntimeError as e:
        json.dump({"error": str(e)}, sys.stdout)
        return 1
    finally:
        lib.OpaDestroy(handle)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
