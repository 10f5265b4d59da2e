"""Validate OSCAL assessment results with the `oscal` package (PyPI, pinned by the test), which
checks a document against NIST's OSCAL model definitions (metaschema) for the exact version the
document declares, taken from NIST's release of that version.

    python3 validate_oscal.py FILE.json VERSION

Prints "valid" and exits 0 when the document resolves to VERSION exactly and is valid;
otherwise prints the errors and exits 1.
"""

import sys

import oscal


def main():
    path, version = sys.argv[1], sys.argv[2]
    doc = oscal.AssessmentResults.load(path)
    resolved = getattr(doc, "resolved_oscal_version", None)
    if resolved != f"v{version}":
        print(f"resolved OSCAL version {resolved}, not v{version}")
        return 1
    if not doc.is_valid:
        for error in doc.validation_errors:
            print(error)
        return 1
    print("valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
