#!/usr/bin/env python3
"""source_query_untranslated.py — a source query with a construct that has
no translation: the bundled example with a user-defined function added to
its source query's WHERE is compiled for PostgreSQL.  The compile must
succeed with one -Wsql-untranslated warning whose line and column are those
of the function's name inside the .dtsx, the staging model must fail when
run (ssis2dbt_not_translated) instead of holding the query, and the source
map must count the source component as a placeholder.  The unchanged
example must compile with no such warning and print the query.

usage: source_query_untranslated.py SSIS2DBTC EXAMPLE.dtsx
"""
import json
import os
import re
import subprocess
import sys
import tempfile

OLD = "WHERE IsActive = 1;"
NEW = "WHERE IsActive = 1 AND dbo.fnIsCurrent(CustomerID) = 1;"


def compile_pkg(exe, path, out):
    return subprocess.run([exe, "--target=postgres", "-o", out, path], capture_output=True, text=True, timeout=120)


def staging_sql(out):
    for d, _, fs in os.walk(os.path.join(out, "models", "staging")):
        for f in fs:
            if f.endswith(".sql") and "customer" in f:
                return open(os.path.join(d, f), encoding="utf-8").read()
    return ""


def main():
    exe, example = os.path.abspath(sys.argv[1]), sys.argv[2]
    text = open(example, encoding="utf-8").read()
    if OLD not in text:
        print("FAIL: the example's source query changed; update this test")
        return 1
    failures = []
    with tempfile.TemporaryDirectory(prefix="untranslated_") as tmp:
        plain = compile_pkg(exe, example, os.path.join(tmp, "plain"))
        if plain.returncode != 0 or "Wsql-untranslated" in plain.stderr:
            failures.append("the unchanged example: exit %d, %s" % (plain.returncode, plain.stderr[-500:]))
        if 'FROM {{ source(' not in staging_sql(os.path.join(tmp, "plain")):
            failures.append("the unchanged example's staging model does not read its source")

        pkg = os.path.join(tmp, "LoadCustomers.dtsx")
        changed = text.replace(OLD, NEW)
        with open(pkg, "w", encoding="utf-8") as f:
            f.write(changed)
        at = changed.index("dbo.fnIsCurrent")
        line = changed.count("\n", 0, at) + 1
        col = at - (changed.rfind("\n", 0, at) + 1) + 1
        r = compile_pkg(exe, pkg, os.path.join(tmp, "out"))
        warns = re.findall(r"^(.*?):(\d+):(\d+): warning: (.*)\[-Wsql-untranslated\]$", r.stderr, re.M)
        if r.returncode != 0:
            failures.append("exit status %d" % r.returncode)
        if len(warns) != 1:
            failures.append("%d -Wsql-untranslated warnings, wanted 1:\n%s" % (len(warns), r.stderr))
        elif (int(warns[0][1]), int(warns[0][2])) != (line, col) or "fnIsCurrent" not in warns[0][3]:
            failures.append("warning at %s:%s (%s), wanted %d:%d" % (warns[0][1], warns[0][2], warns[0][3], line, col))
        sql = staging_sql(os.path.join(tmp, "out"))
        if "ssis2dbt_not_translated" not in sql or "fnIsCurrent" in sql.split("ssis2dbt_not_translated")[0]:
            failures.append("the staging model does not fail loudly:\n" + sql)
        man = json.load(open(os.path.join(tmp, "out", "ssis2dbt_manifest.json"), encoding="utf-8"))
        comps = {c["ssis_path"]: c for p in man["packages"] for c in p["components"]}
        src = comps.get("\\Package\\DFT Load Customers\\OLE_SRC Customers")
        if not src or src["status"] != "placeholder":
            failures.append("the source component's status is %s" % (src and src["status"]))
    for f in failures:
        print("FAIL: " + f)
    print("%d checks failed" % len(failures) if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
