#!/usr/bin/env python3
"""Golden tests of the Relational IR: for each case of cases.txt, run
`ssis2dbtc --emit=rel PACKAGE` in the package's folder and compare its
stdout with expected/NAME.json and its diagnostics with expected/NAME.diag.
UPDATE_GOLDEN=1 (or --update) rewrites the expected files for review."""
import argparse
import difflib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def cases(only):
    with open(os.path.join(HERE, "cases.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, path = line.rstrip("\n").split("\t")
                if not only or name in only:
                    yield name, path


def compare(kind, name, got, path, update):
    if update:
        with open(path, "w") as f:
            f.write(got)
        return True
    want = open(path).read() if os.path.exists(path) else ""
    if got == want:
        return True
    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                               "expected/%s.%s" % (name, kind), "actual", n=2))
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ssis2dbtc", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    update = a.update or os.environ.get("UPDATE_GOLDEN") == "1"
    failed = 0
    for name, rel in cases(a.only):
        pkg = os.path.join(a.shared, rel)
        p = subprocess.run([os.path.abspath(a.ssis2dbtc), "--emit=rel", os.path.basename(pkg)],
                           cwd=os.path.dirname(pkg), capture_output=True, timeout=60)
        out, err = p.stdout.decode(), p.stderr.decode()
        ok = p.returncode == 0
        if not ok:
            print("%s: exit status %d\n%s" % (name, p.returncode, err[-2000:]))
        ok &= compare("json", name, out, os.path.join(HERE, "expected", name + ".json"), update)
        ok &= compare("diag", name, err, os.path.join(HERE, "expected", name + ".diag"), update)
        print("%s %s" % ("ok  " if ok else "FAIL", name))
        failed += not ok
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
