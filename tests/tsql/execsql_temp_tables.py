#!/usr/bin/env python3
"""execsql_temp_tables.py — what temporary tables, table variables and
SELECT ... INTO in Execute SQL Tasks become, from the packages of the
conformance cases execsql_temp_table_then_insert, execsql_table_variable,
execsql_select_into_permanent and execsql_global_temp_read_by_dataflow and
variants of them:
  - #Recent (SELECT INTO, then an UPDATE of it): an intermediate `table`
    model that the INSERT's staging model ref()s; no source and no legacy
    destination for it; the DROP statements leave no note;
  - @Highlight (DECLARE TABLE + two INSERTs, read once): an ephemeral
    model holding both fills (UNION ALL);
  - SELECT ... INTO dbo.ActiveCustomer: a `table` mart of the table, which
    the second package reads through ref();
  - ##Shipped read by a data flow: a `table` model the source ref()s; with
    RetainSameConnection on no warning, without it one -Wtemp-table-session
    warning at the OLE DB Source;
  - #Recent filled by one task and read by the next: a table model the
    second task ref()s; -Wtemp-table-session unless the connection
    manager sets RetainSameConnection;
  - an UPDATE of #Recent with a join: one -Wsql-untranslated warning at
    the UPDATE, the temporary table's model a placeholder that fails;
  - the UPDATE of #Recent moved after the INSERT that reads it: one
    -Wsql-untranslated warning (one model cannot hold both states);
  - SELECT * INTO #Recent: a note saying why it has no model, the task not
    translated.

usage: execsql_temp_tables.py SSIS2DBTC CASES_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile

WARN = re.compile(r"^(.*?):(\d+):(\d+): warning: (.*)\[-W([a-z-]+)\]$", re.M)
FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL: " + what)


def compile_pkgs(exe, paths, out):
    r = subprocess.run([exe, "-o", out] + paths, capture_output=True, text=True, timeout=120)
    return r, [(int(l), int(c), m, w) for _, l, c, m, w in WARN.findall(r.stderr)]


def models(out):
    got = {}
    for d, _, fs in os.walk(os.path.join(out, "models")):
        for f in fs:
            if f.endswith(".sql"):
                got[os.path.relpath(os.path.join(d, f), out)] = open(os.path.join(d, f), encoding="utf-8").read()
    return got


def manifest(out):
    return json.load(open(os.path.join(out, "ssis2dbt_manifest.json"), encoding="utf-8"))


def one(ms, pattern):
    hit = [k for k in ms if re.search(pattern, k)]
    return hit[0] if len(hit) == 1 else None


def variant(src, dst, old, new):
    text = open(src, encoding="utf-8").read()
    assert old in text, (src, old)
    open(dst, "w", encoding="utf-8").write(text.replace(old, new))
    return dst


def linecol(path, needle):
    text = open(path, encoding="utf-8").read()
    at = text.index(needle)
    return text.count("\n", 0, at) + 1


def temp_then_insert(exe, cases, tmp):
    pkg = os.path.join(cases, "execsql_temp_table_then_insert", "LoadCustomerTotals.dtsx")
    out = os.path.join(tmp, "a")
    r, warns = compile_pkgs(exe, [pkg], out)
    check(r.returncode == 0 and not warns, "temp table: compiles without warnings (%s)" % r.stderr[-500:])
    check("is ignored" not in r.stderr, "temp table: the DROPs of #Recent leave no DDL note")
    ms = models(out)
    temp = one(ms, r"^models/intermediate/int_load_customer_totals__recent\.sql$")
    check(temp is not None, "temp table: an intermediate model int_load_customer_totals__recent (%s)" % sorted(ms))
    if temp:
        check("materialized='table'" in ms[temp], "temp table: changed by an UPDATE, so a table model")
        check("CASE WHEN" in ms[temp] or "CASE WHEN" in "".join(ms.values()),
              "temp table: the UPDATE is a CASE WHEN in its query")
    reader = [k for k, v in ms.items() if "ref('int_load_customer_totals__recent')" in v]
    check(len(reader) == 1, "temp table: one model (the INSERT's query) ref()s the temporary table's model")
    srcs = "".join(open(os.path.join(d, f)).read() for d, _, fs in os.walk(out) for f in fs if f.endswith("sources.yml"))
    check("tmp_recent" not in srcs and "Recent" not in srcs, "temp table: no dbt source for it")
    legacy = [d["legacy"] for d in manifest(out)["destinations"]]
    check(legacy == ["DwDB.dbo.CustomerTotals"], "temp table: the only destination is CustomerTotals (%s)" % legacy)
    return pkg


def table_variable(exe, cases, tmp):
    pkg = os.path.join(cases, "execsql_table_variable", "LoadProductHighlight.dtsx")
    out = os.path.join(tmp, "b")
    r, warns = compile_pkgs(exe, [pkg], out)
    check(r.returncode == 0 and not warns, "table variable: compiles without warnings (%s)" % r.stderr[-500:])
    ms = models(out)
    temp = one(ms, r"^models/intermediate/int_load_product_highlight__highlight\.sql$")
    check(temp is not None, "table variable: an intermediate model (%s)" % sorted(ms))
    if temp:
        check("materialized='ephemeral'" in ms[temp], "table variable: read once, unchanged: ephemeral")
    fill = [v for v in ms.values() if "UNION ALL" in v]
    check(len(fill) == 1, "table variable: its two INSERTs are one query with UNION ALL")
    check(any("ref('int_load_product_highlight__highlight')" in v for v in ms.values()),
          "table variable: the INSERT's query ref()s it")


def select_into_permanent(exe, cases, tmp):
    d = os.path.join(cases, "execsql_select_into_permanent")
    out = os.path.join(tmp, "c")
    r, warns = compile_pkgs(exe, [os.path.join(d, "BuildActiveCustomer.dtsx"), os.path.join(d, "LoadCityCount.dtsx")],
                            out)
    check(r.returncode == 0 and not warns, "SELECT INTO: compiles without warnings (%s)" % r.stderr[-500:])
    ms = models(out)
    mart = ms.get("models/marts/active_customer.sql", "")
    check("materialized='table'" in mart and "alias='ActiveCustomer'" in mart,
          "SELECT INTO: a table mart of dbo.ActiveCustomer")
    check(any("ref('active_customer')" in v for v in ms.values()), "SELECT INTO: the second package ref()s it")
    st = {c["ssis_path"]: c["status"] for p in manifest(out)["packages"] for c in p["components"]}
    check(st.get("\\Package\\SQL Build ActiveCustomer") == "translated",
          "SELECT INTO: the task is translated (%s)" % st)


def global_temp(exe, cases, tmp):
    pkg = os.path.join(cases, "execsql_global_temp_read_by_dataflow", "LoadShippedOrders.dtsx")
    out = os.path.join(tmp, "d")
    r, warns = compile_pkgs(exe, [pkg], out)
    check(r.returncode == 0 and not warns, "##temp: compiles without warnings (%s)" % r.stderr[-500:])
    ms = models(out)
    temp = one(ms, r"^models/intermediate/int_load_shipped_orders__shipped\.sql$")
    check(temp is not None and "materialized='table'" in ms.get(temp, ""),
          "##temp: read by a data flow: an intermediate table model (%s)" % sorted(ms))
    check(any("ref('int_load_shipped_orders__shipped')" in v and "models/staging" in k for k, v in ms.items()),
          "##temp: the data flow's source ref()s it")
    # RetainSameConnection off: the data flow reads it in another session
    bad = variant(pkg, os.path.join(tmp, "NoRetain.dtsx"), '\n          DTS:Retain="True"', "")
    r, warns = compile_pkgs(exe, [bad], os.path.join(tmp, "d2"))
    sess = [w for w in warns if w[3] == "temp-table-session"]
    check(r.returncode == 0 and len(sess) == 1, "##temp without Retain: one -Wtemp-table-session (%s)" % warns)
    if sess:
        check("##Shipped" in sess[0][2] and "RetainSameConnection" in sess[0][2] and
              sess[0][0] >= linecol(bad, 'DTS:refId="Package\\DFT Load Shipped Orders"'),
              "##temp without Retain: the warning names ##Shipped, in the data flow (%s)" % (sess,))


def two_tasks(pkg, dst, retain):
    """Case 1's package split in two tasks: the first fills #Recent, the
    second (after it) loads dbo.CustomerTotals from it."""
    text = open(pkg, encoding="utf-8").read()
    start = text.index("    <DTS:Executable\n")
    end = text.index("  </DTS:Executables>")
    task = text[start:end]
    cut = "TRUNCATE TABLE dbo.CustomerTotals;"
    at = task.index(cut)
    first = task[:at] + task[task.index('" xmlns:SQLTask'):]
    second = (task[:task.index('SQLTask:SqlStatementSource="') + len('SQLTask:SqlStatementSource="')] +
              task[at:].replace("DROP TABLE #Recent;", ""))
    second = (second.replace("SQL Load CustomerTotals", "SQL Insert CustomerTotals")
              .replace("{C87D2C6D-5A71-6983-1217-C934EDEAE012}", "{C87D2C6D-5A71-6983-1217-C934EDEAE013}"))
    pc = ('    <DTS:PrecedenceConstraint DTS:refId="Package.PrecedenceConstraints[Constraint]" DTS:CreationName="" '
          'DTS:DTSID="{20204852-20FE-B34A-59D1-307489F75B91}" DTS:From="Package\\SQL Load CustomerTotals" '
          'DTS:LogicalAnd="True" DTS:ObjectName="Constraint" DTS:To="Package\\SQL Insert CustomerTotals" />\n')
    text = text[:start] + first + second + text[end:].replace("<DTS:PrecedenceConstraints>\n",
                                                             "<DTS:PrecedenceConstraints>\n" + pc)
    if retain:
        text = text.replace("<DTS:ConnectionManager\n          DTS:ConnectRetryCount",
                            '<DTS:ConnectionManager\n          DTS:Retain="True"\n          DTS:ConnectRetryCount')
    open(dst, "w", encoding="utf-8").write(text)
    return dst


def read_by_later_task(exe, pkg, tmp):
    for retain in (True, False):
        p = two_tasks(pkg, os.path.join(tmp, "TwoTasks%d.dtsx" % retain), retain)
        out = os.path.join(tmp, "g%d" % retain)
        r, warns = compile_pkgs(exe, [p], out)
        sess = [w for w in warns if w[3] == "temp-table-session"]
        check(r.returncode == 0 and len(sess) == (0 if retain else 1) and len(warns) == len(sess),
              "#temp read by a later task (Retain %s): %d -Wtemp-table-session (%s)" % (retain, 0 if retain else 1,
                                                                                       warns))
        ms = models(out)
        temp = one(ms, r"int_load_customer_totals__recent\.sql$")
        check(temp is not None and "materialized='table'" in ms[temp],
              "#temp read by a later task: a table model (%s)" % sorted(ms))
        check(any("ref('int_load_customer_totals__recent')" in v for v in ms.values()),
              "#temp read by a later task: the later task's query ref()s it")


def untranslated_update(exe, pkg, tmp):
    bad = variant(pkg, os.path.join(tmp, "JoinUpdate.dtsx"),
                  "UPDATE #Recent SET Total = Total + 10 WHERE Orders &gt;= 2;",
                  "UPDATE r SET Total = 0 FROM #Recent AS r JOIN dbo.Customer AS c ON c.CustomerID = r.CustomerID;")
    out = os.path.join(tmp, "e")
    r, warns = compile_pkgs(exe, [bad], out)
    un = [w for w in warns if w[3] == "sql-untranslated"]
    check(r.returncode == 0 and len(un) == 1 and "UPDATE of #Recent" in un[0][2],
          "UPDATE with a join: one -Wsql-untranslated naming the UPDATE (%s)" % warns)
    ms = models(out)
    temp = one(ms, r"int_load_customer_totals__recent\.sql$")
    check(temp is not None and "ssis2dbt_not_translated" in "".join(v for k, v in ms.items() if "recent" in k),
          "UPDATE with a join: the temporary table's model is a placeholder that fails (%s)" % sorted(ms))


def change_after_read(exe, pkg, tmp):
    update = "UPDATE #Recent SET Total = Total + 10 WHERE Orders &gt;= 2;&#xA;"
    text = open(pkg, encoding="utf-8").read().replace(update, "")
    head, tail = text.rsplit("DROP TABLE #Recent;", 1)  # the last statement, not the IF ... DROP
    text = head + update + "DROP TABLE #Recent;" + tail
    bad = os.path.join(tmp, "ChangeAfterRead.dtsx")
    open(bad, "w", encoding="utf-8").write(text)
    r, warns = compile_pkgs(exe, [bad], os.path.join(tmp, "h"))
    un = [w for w in warns if w[3] == "sql-untranslated"]
    check(r.returncode == 0 and len(un) == 1 and "after a statement of the task reads it" in un[0][2],
          "UPDATE of #Recent after the INSERT reads it: one -Wsql-untranslated (%s)" % warns)


def star_into(exe, pkg, tmp):
    bad = variant(pkg, os.path.join(tmp, "StarInto.dtsx"),
                  "SELECT o.CustomerID, SUM(o.Amount) AS Total, COUNT(*) AS Orders&#xA;INTO #Recent",
                  "SELECT *&#xA;INTO #Recent")
    r, _ = compile_pkgs(exe, [bad], os.path.join(tmp, "f"))
    check(r.returncode == 0 and "have no model: SELECT ... INTO #Recent with a *" in r.stderr,
          "SELECT * INTO: a note saying why there is no model (%s)" % r.stderr[-800:])


def main():
    exe, cases = os.path.abspath(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        pkg = temp_then_insert(exe, cases, tmp)
        table_variable(exe, cases, tmp)
        select_into_permanent(exe, cases, tmp)
        global_temp(exe, cases, tmp)
        read_by_later_task(exe, pkg, tmp)
        untranslated_update(exe, pkg, tmp)
        change_after_read(exe, pkg, tmp)
        star_into(exe, pkg, tmp)
    print("%d failed" % len(FAILS))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
