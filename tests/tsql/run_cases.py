#!/usr/bin/env python3
"""run_cases.py — golden tests of the T-SQL grammar.

Each tests/tsql/cases/NAME.sql is parsed with `ssis2dbtc tsql`; its tree
dump, its diagnostics (with carets) and the exit status must equal
NAME.expected.  A first line `-- args: ...` gives extra options.  With
UPDATE_GOLDEN=1 the .expected files are rewritten instead (review the diff).

usage: run_cases.py SSIS2DBTC CASES_DIR
"""
import os
import subprocess
import sys


def run(exe, cases, name):
    path = os.path.join(cases, name)
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    args = first[len("-- args:"):].split() if first.startswith("-- args:") else []
    p = subprocess.run([exe, "tsql"] + args + [name], cwd=cases, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    return p.stdout.decode("utf-8", errors="replace") + "[exit status %d]\n" % p.returncode


def main():
    exe, cases = os.path.abspath(sys.argv[1]), sys.argv[2]
    update = os.environ.get("UPDATE_GOLDEN") == "1"
    names = sorted(n for n in os.listdir(cases) if n.endswith(".sql"))
    if not names:
        print("no cases in %s" % cases)
        return 1
    failed = []
    for name in names:
        got = run(exe, cases, name)
        golden = os.path.join(cases, name[:-4] + ".expected")
        if update:
            with open(golden, "w", encoding="utf-8") as f:
                f.write(got)
            continue
        try:
            with open(golden, encoding="utf-8") as f:
                want = f.read()
        except FileNotFoundError:
            want = None
        if got != want:
            failed.append(name)
            print("FAIL %s" % name)
            if want is None:
                print("  (no %s; run with UPDATE_GOLDEN=1)" % os.path.basename(golden))
            else:
                import difflib
                sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                           "expected", "got"))
    if update:
        print("rewrote %d golden files" % len(names))
        return 0
    print("%d cases, %d failed" % (len(names), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
