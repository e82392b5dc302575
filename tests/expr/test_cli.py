#!/usr/bin/env python3
"""test_cli.py — `ssis2dbtc expr` as a user sees it: output, exit statuses
(0 / 1 / 2), carets, per-dialect spellings, and the dbt macros: a call in
Jinja mode, rendered with the shipped macro body, gives the same value in
DuckDB as the inline expansion."""
import argparse
import re
import subprocess
import sys

failures = []


def run(binary, *args):
    p = subprocess.run([binary, "expr", *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=""):
    if not cond:
        failures.append("%s %s" % (name, detail))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ssis2dbtc", required=True)
    b = ap.parse_args().ssis2dbtc

    rc, out, err = run(b, "--columns", "a:DT_I4,n:DT_NUMERIC(10,2)", "a / 2 + n")
    check("value", rc == 0 and out == '(("a" // 2) + "n")\n-- DT_NUMERIC(13,2)\n', repr((rc, out, err)))

    rc, out, err = run(b, "-5 + 3")
    check("leading minus is an expression", rc == 0 and out == "((- 5) + 3)\n-- DT_I4\n", repr((rc, out, err)))

    rc, out, err = run(b, "LEN(\"a\", 2")
    check("syntax error exit", rc == 1 and out == "", repr((rc, out)))
    check("syntax error caret", "<expr>:1:11: error: missing ')' after function arguments" in err and
          "\n       |           ^" in err, err)

    rc, out, err = run(b, "1 + TRUE")
    check("type error", rc == 1 and "<expr>:1:3: error: operator '+' cannot be applied to DT_I4 and DT_BOOL" in err, err)

    for args in (["--frobnicate", "1"], ["--target", "oracle", "1"], ["--columns", "a", "1"], []):
        rc, out, err = run(b, *args)
        check("usage %s" % args, rc == 2 and "usage:" in err, repr((rc, err)))

    rc, out, err = run(b, "--syntax-only", "a ? b : c ? d : e", "!a && b || c", "x & 1 ^ 2 | 3",
                       "(DT_WSTR,10)a + b", "-(DT_I4)x", "[ISNULL](#12) ? NULL(DT_I4) : #12")
    check("precedence", rc == 0 and out.splitlines() == [
        "(?: [a] [b] (?: [c] [d] [e]))", "(|| (&& (! [a]) [b]) [c])", "(| (^ (& [x] 1) 2) 3)",
        "(+ (cast DT_WSTR [a]) [b])", "(- (cast DT_I4 [x]))", "(?: (ISNULL #{12}) (null DT_I4) #{12})"], out)

    want = {"duckdb": "xor(5, 3)", "postgres": "(5 # 3)", "sqlserver": "(5 ^ 3)", "snowflake": "BITXOR(5, 3)"}
    for target, sql in want.items():
        rc, out, err = run(b, "--target", target, "5 ^ 3")
        check("xor " + target, rc == 0 and out.splitlines()[0] == sql, out + err)

    rc, out, err = run(b, "--target", "sqlserver", "--columns", "s:DT_WSTR(5),f:DT_BOOL", "s == \"a\" && f")
    check("tsql predicate as bit", rc == 0 and out.splitlines()[0] ==
          "(CASE WHEN ((([s] + NCHAR(1)) COLLATE Latin1_General_100_BIN2 = (N'a' + NCHAR(1))) AND ([f] = 1)) "
          "THEN CAST(1 AS bit) WHEN NOT ((([s] + NCHAR(1)) COLLATE Latin1_General_100_BIN2 = (N'a' + NCHAR(1))) "
          "AND ([f] = 1)) THEN CAST(0 AS bit) END)", out)

    rc, out, err = run(b, "--target", "sqlserver", "--predicate", "--columns", "f:DT_BOOL", "f")
    check("tsql bit as predicate", rc == 0 and out.splitlines()[0] == "([f] = 1)", out)

    rc, out, err = run(b, "--columns", "weird\"name:DT_I4", "[weird\"name] + 1")
    check("identifier quoting", rc == 0 and out.splitlines()[0] == '("weird""name" + 1)', out)
    rc, out, err = run(b, "--target", "sqlserver", "--columns", "a]b:DT_I4", "[a]b] + 1")
    check("tsql bracket name cannot hold ]", rc == 1, out + err)

    rc, out, err = run(b, "\"{{ x }}\" + \"y\"")
    check("jinja in literals is raw", rc == 0 and out.splitlines()[0] == "({% raw %}'{{ x }}'{% endraw %} || 'y')", out)

    # Jinja mode versus inline expansion, evaluated in DuckDB.
    rc, macros, err = run(b, "--print-macros")
    check("macro files", rc == 0 and macros.count("-- FILE macros/ssis_") == 8 and "macros/ssis_run_started_at.sql" in macros and "adapter.dispatch('ssis_token')" in macros
          and "postgres__ssis_findstring" in macros and "sqlserver__ssis_hex" in macros, macros[:200])
    try:
        import duckdb
        import jinja2
    except ImportError as e:
        failures.append("python modules missing: %s" % e)
        return report()
    bodies = "".join(re.findall(r"\{% macro duckdb__ssis_.*?\{%- endmacro %\}", macros, re.S)).replace("duckdb__ssis_", "ssis_")
    env = jinja2.Environment()
    con = duckdb.connect()
    cols = "s:DT_WSTR(40),k:DT_I4"
    inputs = "SELECT 'New York, NY, NY' AS s, 2 AS k"
    for expr in ('FINDSTRING(s, "NY", k)', 'TOKEN(s, ", ", k)', 'TOKENCOUNT(s, " ")', 'HEX(k * 1000)',
                 'UPPER(TOKEN(s, ",", FINDSTRING(s, "Y", 1)))', 'TOKEN("a\'b\\\\c", "\\\\\'", k)'):
        rc1, jin, e1 = run(b, "--columns", cols, expr)
        rc2, inl, e2 = run(b, "--columns", cols, "--inline-macros", expr)
        if rc1 or rc2:
            failures.append("lower %s: %s %s" % (expr, e1, e2))
            continue
        rendered = env.from_string(bodies + jin.splitlines()[0]).render()
        try:
            got_j = con.execute("SELECT %s FROM (%s)" % (rendered, inputs)).fetchall()
            got_i = con.execute("SELECT %s FROM (%s)" % (inl.splitlines()[0], inputs)).fetchall()
            check("jinja == inline: " + expr, got_j == got_i, "%r vs %r\n%s" % (got_j, got_i, rendered))
        except Exception as ex:
            failures.append("run %s: %s\n%s" % (expr, ex, rendered))
    return report()


def report():
    for f in failures:
        print("FAIL " + f)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
