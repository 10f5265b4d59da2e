"""Verify a relpolicy VSA with implementations that are not relpolicy's: the DSSE envelope's
signature with securesystemslib (the library in-toto is built on), the payload as an in-toto
Statement v1 with the in-toto-attestation package.

    python3 verify_dsse.py ENVELOPE.json PUBLIC.pem KEYID

Prints "verified" and exits 0, or prints why not and exits 1.
"""

import json
import sys

from cryptography.hazmat.primitives.serialization import load_pem_public_key
from google.protobuf import json_format
from in_toto_attestation.v1.statement import Statement
from in_toto_attestation.v1 import statement_pb2
from securesystemslib.dsse import Envelope
from securesystemslib.signer import SSlibKey


def main():
    envelope_path, pem_path, keyid = sys.argv[1:4]
    with open(envelope_path, encoding="utf-8") as f:
        envelope = Envelope.from_dict(json.load(f))
    with open(pem_path, "rb") as f:
        key = SSlibKey.from_crypto(load_pem_public_key(f.read()), keyid=keyid)
    try:
        envelope.verify([key], 1)
    except Exception as e:  # securesystemslib raises VerificationError
        print(f"signature: {e}")
        return 1
    if envelope.payload_type != "application/vnd.in-toto+json":
        print(f"payload type {envelope.payload_type}")
        return 1
    message = json_format.Parse(envelope.payload, statement_pb2.Statement())
    try:
        Statement.copy_from_pb(message).validate()
    except ValueError as e:
        print(f"statement: {e}")
        return 1
    print("verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
