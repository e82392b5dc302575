#!/usr/bin/env python3
"""execsql_statements.py — what the Execute SQL Task statements beyond
INSERT become, from the packages of the conformance cases
execsql_merge_into_dimension and execsql_update_after_load and variants of
them:
  - the MERGE: an incremental model with the ssis2dbt_merge strategy and
    the ON key as unique_key, the strategy's macro shipped, no warning; the
    target read as {{ this }} under is_incremental(), the INSERT rows alone
    otherwise, and no source of the target;
  - the MERGE with WHEN NOT MATCHED BY SOURCE THEN DELETE: no warning, a
    table model of the target without the rows the source lacks; with
    OUTPUT INTO a table: one -Wsql-untranslated warning there, a placeholder;
  - DECLARE/SET/SELECT of local variables before the MERGE: each read as
    its value (a bound parameter's var(), an expression of another);
  - the UPDATE/DELETE after the load: one -Wsql-post-hook warning per
    statement, at the statement, and post-hooks on the table's model;
  - the same with the executables listed in the other order (precedence
    decides), and with no constraint between them (a warning naming both);
  - the same statements without the load: -Wsql-untranslated and
    placeholder models;
  - EXEC of two procedures beside DDL: a -Wsql-procedure warning naming
    each, a macro stub that raises a compilation error naming it, a model
    calling the stub, a note per DDL statement.

usage: execsql_statements.py SSIS2DBTC CASES_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile

WARN = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*)\[-W([a-z-]+)\]$", re.M)


def compile_pkg(exe, path, out):
    r = subprocess.run([exe, "-o", out, path], capture_output=True, text=True, timeout=120)
    return r, [(int(l), int(c), m, w) for _, l, c, m, w in WARN.findall(r.stderr)]


def compile_variant(exe, tmp, name, text):
    """Writes the package text as tmp/<name>.dtsx and compiles it into tmp/<name>."""
    pkg = os.path.join(tmp, name + ".dtsx")
    open(pkg, "w", encoding="utf-8").write(text)
    out = os.path.join(tmp, name)
    r, w = compile_pkg(exe, pkg, out)
    return out, r, w


def linecol(text, needle):
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def read(out, *parts):
    p = os.path.join(out, *parts)
    return open(p, encoding="utf-8").read() if os.path.exists(p) else ""


def models(out):
    got = {}
    for d, _, fs in os.walk(os.path.join(out, "models")):
        for f in fs:
            if f.endswith(".sql"):
                got[f] = open(os.path.join(d, f), encoding="utf-8").read()
    return got


def status(out, task):
    m = json.loads(read(out, "ssis2dbt_manifest.json"))
    for p in m["packages"]:
        for c in p["components"]:
            if c["ssis_path"].endswith(task):
                return c["status"]
    return None


def main():
    exe, cases = os.path.abspath(sys.argv[1]), sys.argv[2]
    fails = []

    def check(cond, what):
        if not cond:
            fails.append(what)

    merge_pkg = os.path.join(cases, "execsql_merge_into_dimension", "MergeDimCustomer.dtsx")
    update_pkg = os.path.join(cases, "execsql_update_after_load", "LoadFactOrder.dtsx")
    merge_text = open(merge_pkg, encoding="utf-8").read()
    update_text = open(update_pkg, encoding="utf-8").read()
    with tempfile.TemporaryDirectory(prefix="execsql_") as tmp:
        # MERGE
        out = os.path.join(tmp, "merge")
        r, w = compile_pkg(exe, merge_pkg, out)
        check(r.returncode == 0 and not w, "merge: exit %d, warnings %s" % (r.returncode, w))
        dim = models(out).get("dim_customer.sql", "")
        check("incremental_strategy='ssis2dbt_merge', unique_key=['\"CustomerKey\"']" in dim,
              "merge: the model is not merged by CustomerKey:\n" + dim[:600])
        check("get_incremental_ssis2dbt_merge_sql" in read(out, "macros", "ssis2dbt_merge.sql"),
              "merge: macros/ssis2dbt_merge.sql missing")
        check(status(out, "SQL Merge DimCustomer") == "translated", "merge: the task is not translated")
        # the target is read as the model's own relation, and only once it exists
        inc, _, first = dim.partition("{% else %}")
        check("{% if is_incremental() %}" in inc and 'LEFT JOIN {{ this }} AS "t"' in inc and
              "{{ this }}" not in first and "{% endif %}" in first and "source('dw_db', 'DimCustomer')" not in dim,
              "merge: the target is not read as {{ this }} under is_incremental():\n" + dim[:1600])
        check('name: "DimCustomer"' not in read(out, "models", "staging", "dw_db", "_dw_db__sources.yml"),
              "merge: the target is still a source")

        # MERGE ... WHEN NOT MATCHED BY SOURCE THEN DELETE: the table rebuilt
        old = "VALUES (s.CustomerID, s.CustName, s.City, 1);"
        check(old in merge_text, "the merge case's statement changed; update this test")
        text = merge_text.replace(old, "VALUES (s.CustomerID, s.CustName, s.City, 1)&#xA;"
                                  "WHEN NOT MATCHED BY SOURCE THEN DELETE;")
        out, r, w = compile_variant(exe, tmp, "MergeBySource", text)
        check(r.returncode == 0 and not w, "by source: exit %d, warnings %s" % (r.returncode, w))
        check(status(out, "SQL Merge DimCustomer") == "translated", "by source: the task is not translated")
        dim = models(out).get("dim_customer.sql", "")
        check("materialized='table', schema='dbo', alias='DimCustomer'" in dim and "where not exists" in dim,
              "by source: the table's model does not rebuild it without the deleted rows:\n" + dim[:1200])
        check(any("NOT EXISTS" in t and "source('dw_db', 'DimCustomer')" in t for t in models(out).values()),
              "by source: no query of the rows the source lacks")

        # MERGE ... OUTPUT INTO a table: a placeholder
        text = merge_text.replace(old, "VALUES (s.CustomerID, s.CustName, s.City, 1)&#xA;"
                                  "WHEN NOT MATCHED BY SOURCE THEN DELETE&#xA;"
                                  "OUTPUT $action INTO dbo.MergeLog (Action);")
        out, r, w = compile_variant(exe, tmp, "MergeOutputInto", text)
        want = linecol(text, "OUTPUT $action")
        got = [(l, c) for l, c, m, n in w if n == "sql-untranslated"]
        check(r.returncode == 0 and got == [want], "output into: exit %d, warnings %s, wanted one at %s"
              % (r.returncode, w, want))
        check(status(out, "SQL Merge DimCustomer") == "placeholder", "output into: the task is not a placeholder")
        check(any("ssis2dbt_not_translated" in t for t in models(out).values()),
              "output into: no model fails when run")

        # local variables set before the MERGE: a bound parameter, an expression of another
        text = merge_text.replace('SqlStatementSource="MERGE', 'SqlStatementSource="DECLARE @Run INT = ?;&#xA;'
                                  'DECLARE @Next INT;&#xA;SET @Next = @Run + 1;&#xA;SELECT @Start = 1;&#xA;MERGE')
        text = text.replace("t.Version += 1", "t.Version = @Next").replace("s.City, 1);", "s.City, @Run);")
        text = text.replace('DECLARE @Run INT = ?;', 'DECLARE @Run INT = ?, @Start INT;')
        text = text.replace('xmlns:SQLTask="www.microsoft.com/sqlserver/dts/tasks/sqltask" />',
                            'xmlns:SQLTask="www.microsoft.com/sqlserver/dts/tasks/sqltask">'
                            '<SQLTask:ParameterBinding SQLTask:ParameterName="0" SQLTask:DtsVariableName="User::RunId" '
                            'SQLTask:ParameterDirection="Input" SQLTask:DataType="3" SQLTask:ParameterSize="-1" />'
                            '</SQLTask:SqlTaskData>')
        out, r, w = compile_variant(exe, tmp, "MergeLocals", text)
        check(r.returncode == 0 and not w, "locals: exit %d, warnings %s" % (r.returncode, w))
        check(status(out, "SQL Merge DimCustomer") == "translated", "locals: the task is not translated")
        dim = models(out).get("dim_customer.sql", "")
        run = re.escape("(CAST({{ var('") + r"[a-z_]*runid" + re.escape("') }} AS INTEGER))")
        check(re.search(r"THEN \(CAST\(\(" + run + r" \+ 1\) AS INTEGER\)\) ELSE " + run, dim) is not None,
              "locals: @Next and @Run are not the parameter's value:\n" + dim[:1400])
        # a variable set from a table is not one value: the task is left as before
        text2 = text.replace("SET @Next = @Run + 1;", "SET @Next = (SELECT MAX(Version) FROM dbo.DimCustomer);")
        out, r, w = compile_variant(exe, tmp, "MergeLocalFromQuery", text2)
        check(status(out, "SQL Merge DimCustomer") not in ("translated", None),
              "locals: a variable set by a query is taken as a value")

        # UPDATE / DELETE after the load
        out = os.path.join(tmp, "update")
        r, w = compile_pkg(exe, update_pkg, out)
        hooks = [(l, c) for l, c, m, n in w if n == "sql-post-hook"]
        want = [linecol(update_text, s) for s in ("UPDATE dbo.FactOrder SET", "UPDATE f SET",
                                                   "DELETE FROM dbo.FactOrder")]
        check(r.returncode == 0 and hooks == want and len(w) == 3,
              "update: exit %d, warnings %s, wanted post-hooks at %s" % (r.returncode, w, want))
        fact = models(out).get("fct_order.sql", "")
        check("post_hook=['update {{ this }} as \"FactOrder\" set \"Status\"" in fact and
              "'delete from {{ this }} as \"FactOrder\" where" in fact,
              "update: no post-hooks on the table's model:\n" + fact[:800])
        check(status(out, "SQL Fix FactOrder") == "translated", "update: the task is not translated")

        # the executables listed in the other order: precedence decides where the hooks go
        lines = update_text.split("\n")
        first = lines.index("    <DTS:Executable")
        second = lines.index("    <DTS:Executable", first + 1)
        end = lines.index("  </DTS:Executables>")
        swapped = "\n".join(lines[:first] + lines[second:end] + lines[first:second] + lines[end:])
        check(swapped.index("SQL Fix FactOrder") < swapped.index("SQL Load FactOrder"),
              "the update case's executables changed; update this test")
        out, r, w = compile_variant(exe, tmp, "Swapped", swapped)
        want = [linecol(swapped, s) for s in ("UPDATE dbo.FactOrder SET", "UPDATE f SET", "DELETE FROM dbo.FactOrder")]
        hooks = [(l, c) for l, c, m, n in w if n == "sql-post-hook"]
        check(r.returncode == 0 and hooks == want and len(w) == 3,
              "swapped: exit %d, warnings %s, wanted post-hooks at %s" % (r.returncode, w, want))
        fact = models(out).get("fct_order.sql", "")
        check("post_hook=['update {{ this }} as \"FactOrder\" set \"Status\"" in fact,
              "swapped: no post-hooks on the table's model:\n" + fact[:800])
        # ... and with no constraint between them: the hooks still go on the model, with a warning naming both
        par = re.sub(r"\s*<DTS:PrecedenceConstraints>.*</DTS:PrecedenceConstraints>", "", swapped, flags=re.S)
        out, r, w = compile_variant(exe, tmp, "Parallel", par)
        both = [m for l, c, m, n in w if n == "sql-post-hook" and "\\Package\\SQL Load FactOrder" in m
                and "\\Package\\SQL Fix FactOrder" in m and "no precedence constraint" in m]
        check(r.returncode == 0 and len(both) == 3 and len(w) == 6,
              "parallel: exit %d, warnings %s, wanted one naming both tasks per statement" % (r.returncode, w))
        check("post_hook=['update {{ this }}" in models(out).get("fct_order.sql", ""),
              "parallel: no post-hooks on the table's model")

        # the same statements with no task loading the table
        text = update_text.replace("INSERT INTO dbo.FactOrder", "INSERT INTO dbo.FactOrderCopy")
        out, r, w = compile_variant(exe, tmp, "NoLoad", text)
        got = [n for l, c, m, n in w]
        check(r.returncode == 0 and got == ["sql-untranslated"] * 3, "no load: exit %d, warnings %s"
              % (r.returncode, w))
        check(status(out, "SQL Fix FactOrder") == "placeholder", "no load: the task is not a placeholder")
        check(sum("ssis2dbt_not_translated" in t for t in models(out).values()) == 3,
              "no load: not three failing models")

        # EXEC and DDL
        text = re.sub(r'SQLTask:SqlStatementSource="UPDATE[^"]*"',
                      'SQLTask:SqlStatementSource="IF OBJECT_ID(&#x27;dbo.Tmp&#x27;) IS NOT NULL DROP TABLE dbo.Tmp;'
                      '&#xA;CREATE TABLE dbo.Tmp (id int);&#xA;EXEC dbo.usp_RefreshAggregates @Day = ?, '
                      '@Mode = N&#x27;full&#x27;, @Top = 3;&#xA;EXECUTE etl.usp_Audit 7;"', update_text)
        fix = text.index('SQLTask:SqlStatementSource="IF OBJECT_ID')
        close = text.index(" />", fix)
        text = (text[:close] + '><SQLTask:ParameterBinding SQLTask:ParameterName="0" SQLTask:DtsVariableName='
                '"User::RunDay" SQLTask:ParameterDirection="Input" SQLTask:DataType="3" SQLTask:ParameterSize="-1" />'
                '</SQLTask:SqlTaskData>' + text[close + 3:])
        out, r, w = compile_variant(exe, tmp, "Exec", text)
        procs = [(l, c) for l, c, m, n in w if n == "sql-procedure"]
        want = [linecol(text, "dbo.usp_RefreshAggregates"), linecol(text, "etl.usp_Audit")]
        check(r.returncode == 0 and procs == want and len(w) == 2,
              "exec: exit %d, warnings %s, wanted -Wsql-procedure at %s" % (r.returncode, w, want))
        check(len(re.findall(r"note: (drop|create-table) in .* is ignored", r.stderr)) == 2,
              "exec: no note for each DDL statement:\n" + r.stderr[-800:])
        for proc, macro, sig, call in (
                ("dbo.usp_RefreshAggregates", "ssis2dbt_proc__dbo__usp_refresh_aggregates",
                 "day=none, mode=none, top=none", "day=var('user__runday'), mode='full', top=3"),
                ("etl.usp_Audit", "ssis2dbt_proc__etl__usp_audit", "arg1=none", "arg1=7")):
            stub = read(out, "macros", macro + ".sql")
            check("raise_compiler_error" in stub and proc in stub and "macro %s(%s)" % (macro, sig) in stub,
                  "exec: the stub of %s:\n%s" % (proc, stub))
            check(any("{{ %s(%s) }}" % (macro, call) in t for t in models(out).values()),
                  "exec: no model calls %s(%s):\n%s" % (macro, call, "\n".join(
                      l for t in models(out).values() for l in t.split("\n") if macro + "(" in l)))
        check(status(out, "SQL Fix FactOrder") == "placeholder", "exec: the task is not a placeholder")
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("ok")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
