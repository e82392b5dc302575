#!/usr/bin/env python3
"""run_cases.py — the SSIS expression conformance suite.

Reads the case files under tests/expr/cases/, lowers every expression with
`ssis2dbtc expr --batch` (one process per dialect), evaluates the SQL on real
engines — DuckDB in process, PostgreSQL through a throwaway server
(tests/lib/pgtmp.sh) — and compares each result with the expected SSIS value
and type.  Expressions are also lowered for sqlserver and snowflake, which
must succeed (and parse with sqlglot when it is installed).

Case format (see tests/expr/cases/README):
    EXPR => VALUE : TYPE                 one line, no inputs
    EXPR                                  or a block:
    with NAME:TYPE = VALUE                  an input column (one per line)
    var NS::NAME:TYPE = VALUE               an input variable
    => VALUE : TYPE | error: TEXT | notnull : TYPE | runtime-error : TYPE
The last line printed is `N passed, N failed`; the exit status is 1 on any
failure.
"""
import argparse
import datetime
import decimal
import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# The harness's own spelling of input column types (independent of the compiler).
DUCK_TYPES = {
    "DT_BOOL": "BOOLEAN", "DT_I1": "TINYINT", "DT_I2": "SMALLINT", "DT_I4": "INTEGER", "DT_I8": "BIGINT",
    "DT_UI1": "UTINYINT", "DT_UI2": "USMALLINT", "DT_UI4": "UINTEGER", "DT_UI8": "UBIGINT",
    "DT_R4": "FLOAT", "DT_R8": "DOUBLE", "DT_CY": "DECIMAL(19,4)", "DT_STR": "VARCHAR", "DT_WSTR": "VARCHAR",
    "DT_TEXT": "VARCHAR", "DT_NTEXT": "VARCHAR", "DT_DBDATE": "DATE", "DT_DBTIME": "TIME", "DT_DBTIME2": "TIME",
    "DT_DBTIMESTAMP": "TIMESTAMP", "DT_DBTIMESTAMP2": "TIMESTAMP", "DT_DATE": "TIMESTAMP", "DT_GUID": "UUID",
    "DT_DBTIMESTAMPOFFSET": "TIMESTAMPTZ",
}
PG_TYPES = {
    "DT_BOOL": "boolean", "DT_I1": "smallint", "DT_I2": "smallint", "DT_I4": "integer", "DT_I8": "bigint",
    "DT_UI1": "smallint", "DT_UI2": "integer", "DT_UI4": "bigint", "DT_UI8": "numeric(20,0)",
    "DT_R4": "real", "DT_R8": "double precision", "DT_CY": "numeric(19,4)", "DT_STR": "varchar", "DT_WSTR": "varchar",
    "DT_TEXT": "text", "DT_NTEXT": "text", "DT_DBDATE": "date", "DT_DBTIME": "time", "DT_DBTIME2": "time",
    "DT_DBTIMESTAMP": "timestamp", "DT_DBTIMESTAMP2": "timestamp", "DT_DATE": "timestamp", "DT_GUID": "uuid",
    "DT_DBTIMESTAMPOFFSET": "timestamptz",
}
INTS = {"DT_I1", "DT_I2", "DT_I4", "DT_I8", "DT_UI1", "DT_UI2", "DT_UI4", "DT_UI8"}
EXACT = {"DT_NUMERIC", "DT_DECIMAL", "DT_CY"}
FLOATS = {"DT_R4", "DT_R8"}
STRINGS = {"DT_STR", "DT_WSTR", "DT_TEXT", "DT_NTEXT"}
DATES = {"DT_DBDATE", "DT_DBTIMESTAMP", "DT_DBTIMESTAMP2", "DT_DATE", "DT_DBTIME", "DT_DBTIME2",
         "DT_DBTIMESTAMPOFFSET", "DT_FILETIME"}


class Case:
    def __init__(self, where, expr):
        self.where, self.expr = where, expr
        self.inputs = []      # (name, type, value, is_variable)
        self.expect = None    # ("value", value, type) | ("error", text) | ("notnull", type)
        self.comment = ""


def base(t):
    return t.split("(")[0]


def parse_value(text):
    text = text.strip()
    up = text.upper()
    if up == "NULL":
        return None
    if up == "TRUE":
        return True
    if up == "FALSE":
        return False
    if text.startswith('"'):
        return json.loads(text)
    return text  # a number, kept as text for exact comparison


def parse_expect(text, where):
    text = text.strip()
    if text.startswith("error:"):
        return ("error", text[len("error:"):].strip())
    value, sep, typ = text.rpartition(" : ")
    if not sep:
        raise SystemExit("%s: expected 'VALUE : TYPE' after =>" % where)
    if value.strip() == "notnull":
        return ("notnull", typ.strip())
    if value.strip() == "runtime-error":
        return ("runtime-error", typ.strip())
    return ("value", parse_value(value), typ.strip())


def parse_input(text, where, is_var):
    decl, sep, value = text.partition(" = ")
    name, _, typ = decl.strip().rpartition(":")
    if not sep or not name:
        raise SystemExit("%s: expected 'NAME:TYPE = VALUE'" % where)
    return (name, typ, parse_value(value), is_var)


def load_cases(paths):
    cases = []
    for path in paths:
        pending, comment = None, []
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                where = "%s:%d" % (os.path.relpath(path, ROOT), n)
                s = line.strip()
                if not s or s.startswith("#"):
                    if s.startswith("#"):
                        comment.append(s)
                    continue
                if s.startswith("with ") or s.startswith("var "):
                    if not pending:
                        raise SystemExit("%s: input before an expression" % where)
                    pending.inputs.append(parse_input(s.split(" ", 1)[1], where, s.startswith("var ")))
                elif s.startswith("=>") and not pending:
                    c = Case(where, "")   # the empty expression
                    c.expect = parse_expect(s[2:], where)
                    cases.append(c)
                elif s.startswith("=>"):
                    pending.expect = parse_expect(s[2:], where)
                    cases.append(pending)
                    pending = None
                elif " => " in line:
                    expr, _, exp = line.rpartition(" => ")
                    c = Case(where, expr.strip())
                    c.expect = parse_expect(exp, where)
                    c.comment = " ".join(comment)
                    cases.append(c)
                    comment = []
                else:
                    if pending:
                        raise SystemExit("%s: expression without => (previous case)" % where)
                    pending = Case(where, s)
                    pending.comment = " ".join(comment)
                    comment = []
        if pending:
            raise SystemExit("%s: last case has no =>" % path)
    return cases


def lower_all(binary, cases, target):
    lines = []
    for i, c in enumerate(cases):
        rec = {"id": i, "expr": c.expr, "target": target,
               "columns": {n: t for n, t, v, isvar in c.inputs if not isvar},
               "variables": {n: t for n, t, v, isvar in c.inputs if isvar}}
        lines.append(json.dumps(rec))
    p = subprocess.run([binary, "expr", "--inline-macros", "--batch", "-"], input="\n".join(lines) + "\n",
                       capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise SystemExit("ssis2dbtc expr --batch failed (%d): %s" % (p.returncode, p.stderr))
    out = {}
    for line in p.stdout.splitlines():
        r = json.loads(line)
        out[r["id"]] = r
    return out


def sql_literal(value, typ, engine):
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "TRUE" if value else "FALSE"
    if isinstance(value, str) and not (base(typ) in INTS | EXACT | FLOATS):
        return "'" + value.replace("'", "''") + "'"
    return str(value)


def input_type(typ, engine):
    b = base(typ)
    table = DUCK_TYPES if engine == "duckdb" else PG_TYPES
    if b in ("DT_NUMERIC", "DT_DECIMAL"):
        args = typ[typ.index("(") + 1:-1].split(",")
        p, s = (args[0], args[1]) if b == "DT_NUMERIC" else ("29", args[0])
        return ("DECIMAL(%s,%s)" if engine == "duckdb" else "numeric(%s,%s)") % (p, s)
    return table[b]


def build_query(sql, case, engine):
    if not case.inputs:
        return "SELECT %s AS v" % sql
    cols = ", ".join('CAST(%s AS %s) AS "%s"' % (sql_literal(v, t, engine), input_type(t, engine), n.replace('"', '""'))
                     for n, t, v, isvar in case.inputs)
    return "SELECT %s AS v FROM (SELECT %s) AS t" % (sql, cols)


def norm_datetime(v):
    if isinstance(v, datetime.datetime):
        s = v.replace(tzinfo=None).isoformat(sep=" ")
    elif isinstance(v, (datetime.date, datetime.time)):
        s = v.isoformat()
    else:
        s = str(v)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def compare(got, expect_value, typ):
    b = base(typ)
    if expect_value is None:
        return got is None
    if got is None:
        return False
    if b == "DT_BOOL":
        return got is expect_value or got == expect_value and isinstance(got, bool)
    if b in INTS:
        return not isinstance(got, bool) and int(got) == int(expect_value) and \
            (not isinstance(got, float) or got == int(got))
    if b in EXACT:
        if isinstance(got, float):
            return math.isclose(got, float(expect_value), rel_tol=1e-12, abs_tol=1e-12)
        return decimal.Decimal(str(got)) == decimal.Decimal(str(expect_value))
    if b in FLOATS:
        return math.isclose(float(got), float(expect_value), rel_tol=1e-6 if b == "DT_R4" else 1e-9, abs_tol=1e-12)
    if b in STRINGS:
        return isinstance(got, str) and got == expect_value
    if b in DATES:
        return norm_datetime(got) == norm_datetime(expect_value)
    return str(got).lower() == str(expect_value).lower()


def type_matches(got, want):
    if got is None:
        return False
    return got == want if "(" in want else base(got) == want


class Engine:
    def __init__(self, name):
        self.name = name

    def run(self, sql):
        raise NotImplementedError

    def reset(self):
        pass


class Duck(Engine):
    def __init__(self):
        super().__init__("duckdb")
        import duckdb
        self.con = duckdb.connect()
        self.con.execute("SET TimeZone = 'UTC'")

    def run(self, sql):
        return self.con.execute(sql).fetchall()[0][0]


class Postgres(Engine):
    def __init__(self, tmp):
        super().__init__("postgres")
        self.tmp = tmp
        # A port of our own: parallel runs must not share SysV shared memory keys.
        env = dict(os.environ, PGTMP_PORT=str(40000 + os.getpid() % 20000))
        p = subprocess.run(["sh", os.path.join(ROOT, "tests/lib/pgtmp.sh"), "start", tmp],
                           capture_output=True, text=True, env=env)
        if p.returncode != 0:
            raise SystemExit("cannot start PostgreSQL: " + p.stderr)
        out = p.stdout
        env = dict(line.split("=", 1) for line in out.split())
        import psycopg2
        self.con = psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], user=env["PGUSER"], dbname="postgres")
        self.con.autocommit = True
        self.cur = self.con.cursor()
        self.cur.execute("SET TimeZone = 'UTC'")

    def run(self, sql):
        self.cur.execute(sql)
        return self.cur.fetchone()[0]

    def close(self):
        self.con.close()
        subprocess.run(["sh", os.path.join(ROOT, "tests/lib/pgtmp.sh"), "stop", self.tmp], check=False)


def check_case(i, c, lowered, engines, failures):
    ok = True
    for eng in engines:
        r = lowered[eng.name][i]
        kind = c.expect[0]
        if kind == "error":
            if r["ok"] or c.expect[1] not in r.get("diagnostics", ""):
                failures.append("%s: %s: [%s] expected error '%s', got %s" % (
                    c.where, c.expr, eng.name, c.expect[1], r.get("sql") or r.get("diagnostics")))
                ok = False
            continue
        if not r["ok"]:
            failures.append("%s: %s: [%s] did not lower:\n%s" % (c.where, c.expr, eng.name, r.get("diagnostics")))
            ok = False
            continue
        typ = c.expect[-1]
        if not type_matches(r.get("type"), typ):
            failures.append("%s: %s: type %s, expected %s" % (c.where, c.expr, r.get("type"), typ))
            ok = False
            continue
        query = build_query(r["sql"], c, eng.name)
        if kind == "runtime-error":
            try:
                got = eng.run(query)
                failures.append("%s: %s: [%s] expected a run-time error, got %r\n    SQL: %s" % (
                    c.where, c.expr, eng.name, got, query))
                ok = False
            except Exception:
                eng.reset()
            continue
        try:
            got = eng.run(query)
        except Exception as e:  # the engine rejected the SQL
            eng.reset()
            failures.append("%s: %s: [%s] %s\n    SQL: %s" % (c.where, c.expr, eng.name, str(e).strip(), query))
            ok = False
            continue
        good = got is not None if kind == "notnull" else compare(got, c.expect[1], typ)
        if not good:
            failures.append("%s: %s: [%s] got %r, expected %r\n    SQL: %s" % (
                c.where, c.expr, eng.name, got, c.expect[1] if kind == "value" else "not NULL", query))
            ok = False
    return ok


def check_other_dialects(i, c, lowered, dialects, failures):
    ok = True
    for d in dialects:
        r = lowered[d][i]
        if c.expect[0] == "error":
            if r["ok"]:
                failures.append("%s: %s: [%s] expected an error" % (c.where, c.expr, d))
                ok = False
            continue
        if not r["ok"]:
            failures.append("%s: %s: [%s] did not lower:\n%s" % (c.where, c.expr, d, r.get("diagnostics")))
            ok = False
            continue
        try:
            import sqlglot
        except ImportError:
            continue
        read = {"sqlserver": "tsql", "snowflake": "snowflake"}[d]
        try:
            sqlglot.parse_one("SELECT " + r["sql"], read=read)
        except Exception as e:
            failures.append("%s: %s: [%s] SQL does not parse (sqlglot): %s\n    SQL: %s" % (
                c.where, c.expr, d, str(e).splitlines()[0], r["sql"]))
            ok = False
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ssis2dbtc", required=True)
    ap.add_argument("--engines", default="duckdb,postgres")
    ap.add_argument("--lower-only", default="sqlserver,snowflake")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or sorted(os.path.join(HERE, "cases", f) for f in os.listdir(os.path.join(HERE, "cases"))
                              if f.endswith(".test"))
    cases = load_cases(files)
    names = [e for e in a.engines.split(",") if e]
    others = [d for d in a.lower_only.split(",") if d]
    lowered = {d: lower_all(a.ssis2dbtc, cases, d) for d in names + others}
    engines, tmp = [], None
    try:
        for n in names:
            if n == "duckdb":
                engines.append(Duck())
            elif n == "postgres":
                tmp = tempfile.mkdtemp(prefix="ssis-expr-pg-")
                engines.append(Postgres(tmp))
        failures, passed, failed = [], 0, 0
        for i, c in enumerate(cases):
            good = check_case(i, c, lowered, engines, failures)
            good = check_other_dialects(i, c, lowered, others, failures) and good
            passed, failed = passed + good, failed + (not good)
    finally:
        for e in engines:
            if isinstance(e, Postgres):
                e.close()
        if tmp:
            subprocess.run(["rm", "-rf", tmp], check=False)
    for f in failures:
        print("FAIL " + f)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
