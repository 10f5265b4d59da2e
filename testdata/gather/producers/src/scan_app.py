import subprocess
import hashlib


def export_report(path):
    # B602: shell=True with a variable
    subprocess.call("gzip " + path, shell=True)


def fingerprint(data):
    # B324: md5 for a fingerprint
    return hashlib.md5(data).hexdigest()


def healthy():
    assert True
    return "ok"
