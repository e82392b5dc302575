#!/usr/bin/env python3
"""run_transpile.py — golden tests of the T-SQL printer.

Each tests/tsql/transpile/NAME.sql is printed with
`ssis2dbtc tsql --target=DIALECT` for every dialect; the output, the
diagnostics and the exit status must equal NAME.DIALECT.expected.  With
UPDATE_GOLDEN=1 the .expected files are rewritten instead (review the diff).

With --run, the DuckDB and PostgreSQL translations of the files given by
--run-cases are executed for real against the tables of setup.sql (DuckDB
through its Python module, PostgreSQL through a throwaway server of
tests/lib/pgtmp.sh): every statement must run, and both engines must return
the same rows (columns whose name starts with "Now" are only required to be
timestamps, their value is the clock's).

usage: run_transpile.py SSIS2DBTC DIR [--run --pgtmp PGTMP.SH --run-cases a.sql,b.sql]
"""
import datetime
import decimal
import os
import subprocess
import sys
import tempfile

DIALECTS = ["duckdb", "postgres", "sqlserver", "snowflake"]


def transpile(exe, d, name, dialect):
    p = subprocess.run([exe, "tsql", "--target=" + dialect, name], cwd=d, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p


def golden(exe, d):
    update = os.environ.get("UPDATE_GOLDEN") == "1"
    names = sorted(n for n in os.listdir(d) if n.endswith(".sql") and n != "setup.sql")
    failed = 0
    for name in names:
        for dialect in DIALECTS:
            p = transpile(exe, d, name, dialect)
            got = (p.stdout + p.stderr).decode("utf-8", "replace") + "[exit status %d]\n" % p.returncode
            path = os.path.join(d, "%s.%s.expected" % (name[:-4], dialect))
            if update:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(got)
                continue
            want = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if got != want:
                failed += 1
                print("FAIL %s (%s)" % (name, dialect))
                if want is None:
                    print("  (no %s; run with UPDATE_GOLDEN=1)" % os.path.basename(path))
                else:
                    import difflib
                    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                               "expected", "got"))
    if update:
        print("rewrote %d golden files" % (len(names) * len(DIALECTS)))
        return 0
    print("%d files x %d dialects, %d failed" % (len(names), len(DIALECTS), failed))
    return 1 if failed else 0


def statements(text):
    return [s.strip() for s in text.split(";\n\n") if s.strip()]


def norm(v):
    if isinstance(v, decimal.Decimal):
        return "%.6f" % v
    if isinstance(v, float):
        return "%.6f" % v
    if isinstance(v, datetime.datetime):
        return v.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(v, (datetime.date, datetime.time)):
        return v.isoformat()
    return v if v is None else str(v)


def rows(cur):
    names = [c[0] for c in cur.description]
    out = []
    for r in cur.fetchall():
        out.append(tuple("<clock>" if n.startswith("Now") and isinstance(v, datetime.datetime) else norm(v)
                         for n, v in zip(names, r)))
    return names, sorted(out, key=repr)


def run_engines(exe, d, cases, pgtmp):
    import duckdb
    import psycopg2
    setup = open(os.path.join(d, "setup.sql"), encoding="utf-8").read()
    work = tempfile.mkdtemp(prefix="tsql_run_")
    env = dict(os.environ, PGTMP_PORT=str(55000 + os.getpid() % 1000))
    out = subprocess.run(["sh", pgtmp, "start", work], env=env, stdout=subprocess.PIPE, check=True).stdout.decode()
    conf = dict(line.split("=", 1) for line in out.split())
    failed = 0
    try:
        pg = psycopg2.connect(host=conf["PGHOST"], port=conf["PGPORT"], user=conf["PGUSER"], dbname="postgres")
        pg.autocommit = True
        pg.cursor().execute(setup)
        dk = duckdb.connect()
        dk.execute(setup)
        total = 0
        for name in cases:
            per = {}
            for dialect in ("duckdb", "postgres"):
                p = transpile(exe, d, name, dialect)
                per[dialect] = statements(p.stdout.decode("utf-8"))
            for i, (dq, pq) in enumerate(zip(per["duckdb"], per["postgres"])):
                total += 1
                try:
                    dr = rows(dk.execute(dq))
                except Exception as e:  # noqa: BLE001 - report any engine error
                    print("FAIL %s #%d on duckdb: %s\n%s" % (name, i + 1, e, dq))
                    failed += 1
                    continue
                try:
                    cur = pg.cursor()
                    cur.execute(pq)
                    pr = rows(cur)
                except Exception as e:  # noqa: BLE001
                    print("FAIL %s #%d on postgres: %s\n%s" % (name, i + 1, e, pq))
                    failed += 1
                    continue
                if dr != pr:
                    print("FAIL %s #%d: the engines differ\n  duckdb:   %s\n  postgres: %s" % (name, i + 1, dr, pr))
                    failed += 1
        print("%d statements run on duckdb and postgres, %d failed" % (total, failed))
    finally:
        subprocess.run(["sh", pgtmp, "stop", work], env=env, check=False)
    return 1 if failed else 0


def main():
    exe, d = os.path.abspath(sys.argv[1]), sys.argv[2]
    args = sys.argv[3:]
    if "--run" in args:
        pgtmp = args[args.index("--pgtmp") + 1]
        cases = args[args.index("--run-cases") + 1].split(",")
        return run_engines(exe, d, cases, pgtmp)
    return golden(exe, d)


if __name__ == "__main__":
    sys.exit(main())
