#!/usr/bin/env python3
"""corpus_sql.py — measures the T-SQL grammar on the real-world corpus.

Extracts every Execute SQL Task statement (SQLTask:SqlTaskData/@SqlStatementSource,
in both the format-8/6 attribute form and the format-2/3 DTS:ObjectData form)
and every source query (component property SqlCommand of OLE DB sources,
Lookups, OLE DB Commands, ADO.NET sources) from the packages, writes each to a
file in a temporary folder, parses them all with `ssis2dbtc tsql --summary`
and prints the figures.  Fails when the parse rate of the T-SQL texts drops
below --min-rate (percent).

usage: corpus_sql.py SSIS2DBTC CORPUS_DIR [--min-rate N] [--keep DIR] [--show N]
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

DTS = "www.microsoft.com/SqlServer/Dts"
SQLTASK = "www.microsoft.com/sqlserver/dts/tasks/sqltask"

# Providers and drivers that say a connection is not SQL Server.
# (ODBC says nothing about the server behind it: its texts count as T-SQL.)
FOREIGN = re.compile(r"oracle|oraoledb|msdaora|mysql|db2|ibmda|teradata|postgres|psql|sybase|"
                     r"informix|sqlite|hana|snowflake|redshift|netezza|vertica|firebird|"
                     r"microsoft\.ace|microsoft\.jet|excel|u2connection", re.I)
SSIS_EXPRESSION = re.compile(r"@\[[\w$]+::")
VARIABLE_NAME = re.compile(r"^\s*[\w$]+::[\w$]+\s*$")


def dts_prop(elem, name):
    """A DTS property: an attribute (format 6/8) or a DTS:Property child (2/3)."""
    v = elem.get("{%s}%s" % (DTS, name))
    if v is not None:
        return v
    for p in elem.findall("{%s}Property" % DTS):
        if p.get("{%s}Name" % DTS) == name:
            return p.text or ""
    return None


def connections(root):
    """Connection managers by every id a reference may use -> description."""
    out = {}
    for cm in root.iter("{%s}ConnectionManager" % DTS):
        creation = dts_prop(cm, "CreationName") or ""
        cs = ""
        for inner in cm.iter("{%s}ConnectionManager" % DTS):
            if inner is cm:
                continue
            cs = dts_prop(inner, "ConnectionString") or cs
        cs = cs or dts_prop(cm, "ConnectionString") or ""
        desc = creation + " " + cs
        for key in ("DTSID", "ObjectName", "refId"):
            v = dts_prop(cm, key) or cm.get(key)
            if v:
                out[v] = desc
                out["Package.ConnectionManagers[%s]" % v] = desc
    return out


def is_foreign(desc):
    return bool(desc and FOREIGN.search(desc))


def property_expressions(executable):
    """Names of the properties an executable sets from expressions."""
    return {pe.get("{%s}Name" % DTS) or "" for pe in executable.findall("{%s}PropertyExpression" % DTS)}


def extract(path):
    """Yields (kind, text, connection description, set by an expression) for
    one package."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return
    conns = connections(root)
    for exe in root.iter("{%s}Executable" % DTS):
        exprs = property_expressions(exe)
        for od in exe.findall("{%s}ObjectData" % DTS):
            for data in od.findall("{%s}SqlTaskData" % SQLTASK):
                src_type = (data.get("{%s}SqlStmtSourceType" % SQLTASK) or
                            data.get("{%s}SqlStatementSourceType" % SQLTASK) or "DirectInput")
                text = data.get("{%s}SqlStatementSource" % SQLTASK)
                conn = conns.get(data.get("{%s}Connection" % SQLTASK) or "", "")
                kind = "execsql" if src_type == "DirectInput" else "execsql-indirect"
                yield (kind, text or "", conn, "SqlStatementSource" in exprs)
            for comp in od.iter("component"):
                name = comp.get("name") or ""
                for prop in comp.iter("property"):
                    if prop.get("name") != "SqlCommand":
                        continue
                    conn = ""
                    for c in comp.iter("connection"):
                        conn = conns.get(c.get("connectionManagerID") or "", conn)
                    yield ("source", prop.text or "", conn, "[%s].[SqlCommand]" % name in exprs)


def classify(kind, text, conn, by_expression):
    if kind == "execsql-indirect":
        return "indirect"
    if not text.strip():
        return "empty"
    if SSIS_EXPRESSION.search(text) or VARIABLE_NAME.match(text):
        return "expression"
    if is_foreign(conn):
        return "foreign"
    if by_expression:
        return "tsql-expr"
    return "tsql"


def reason_key(reason):
    """Groups failures by the construct they stop at."""
    m = re.match(r"unexpected (keyword|identifier|number|string|variable|N'string'|\S+) ?'?([^',]*)", reason)
    if not m:
        return reason[:60]
    what, text = m.group(1), m.group(2)
    if what == "keyword":
        return "keyword " + text.upper()
    if what in ("identifier", "number", "string", "variable", "N'string'"):
        return what
    return reason.split(",")[0][:60]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ssis2dbtc")
    ap.add_argument("corpus")
    ap.add_argument("--min-rate", type=float, default=0.0)
    ap.add_argument("--keep", help="write the extracted statements here and keep them")
    ap.add_argument("--show", type=int, default=0, help="print the first N failing texts")
    args = ap.parse_args()

    packages = []
    for d, _, files in os.walk(args.corpus):
        packages += [os.path.join(d, f) for f in files if f.lower().endswith(".dtsx")]
    packages.sort()

    tmp = args.keep or tempfile.mkdtemp(prefix="tsql-corpus-")
    os.makedirs(tmp, exist_ok=True)
    counts = collections.Counter()
    items = []   # (file, kind, package)
    for pkg in packages:
        for kind, text, conn, by_expr in extract(pkg):
            cls = classify(kind, text, conn, by_expr)
            counts[cls] += 1
            counts[kind] += 1
            if cls not in ("tsql", "tsql-expr"):
                continue
            name = os.path.join(tmp, "%05d.sql" % len(items))
            with open(name, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            items.append((name, kind if cls == "tsql" else "expr-set", pkg))

    results = {}
    chunk = 400
    for i in range(0, len(items), chunk):
        files = [it[0] for it in items[i:i + chunk]]
        p = subprocess.run([args.ssis2dbtc, "tsql", "--summary", "-q"] + files,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
        if p.returncode not in (0, 1):
            print("ssis2dbtc tsql failed (status %d):\n%s" % (p.returncode, p.stderr.decode(errors="replace")))
            return 3
        for line in p.stdout.decode("utf-8", errors="replace").splitlines():
            fields = line.split("\t")
            info = dict(f.split("=", 1) for f in fields[1:] if "=" in f)
            results[fields[0]] = info
    missing = [it[0] for it in items if it[0] not in results]
    if missing:
        print("no summary for %d files (first: %s)" % (len(missing), missing[0]))
        return 3

    texts_ok = stmts = stmts_bad = 0
    by_kind = collections.Counter()
    by_kind_ok = collections.Counter()
    reasons = collections.Counter()
    failing = []
    expr_total = expr_ok = 0
    for name, kind, pkg in items:
        r = results[name]
        if kind == "expr-set":
            # the design-time text of a property an expression overrides:
            # measured on its own, not counted in the rate
            expr_total += 1
            expr_ok += r["unparsed"] == "0" and r["errors"] == "0"
            continue
        n, bad = int(r["statements"]), int(r["unparsed"])
        stmts += n
        stmts_bad += bad
        by_kind[kind] += 1
        if bad == 0 and int(r["errors"]) == 0:
            texts_ok += 1
            by_kind_ok[kind] += 1
        else:
            reasons[reason_key(r.get("first", "error"))] += 1
            failing.append((name, pkg, r.get("first", "")))

    total = len(items) - expr_total
    rate = 100.0 * texts_ok / total if total else 100.0
    srate = 100.0 * (stmts - stmts_bad) / stmts if stmts else 100.0
    print("packages: %d" % len(packages))
    print("texts found: %d Execute SQL (%d direct, %d from a variable or file), %d source queries"
          % (counts["execsql"] + counts["execsql-indirect"], counts["execsql"], counts["execsql-indirect"],
             counts["source"]))
    print("not parsed as T-SQL: %d empty, %d SSIS expressions or variable names, %d on non-SQL Server "
          "connections, %d indirect" % (counts["empty"], counts["expression"], counts["foreign"], counts["indirect"]))
    print("design-time texts of properties set by an expression: %d, parsed completely: %d (not in the rate)"
          % (expr_total, expr_ok))
    print("T-SQL texts: %d, parsed completely: %d (%.2f%%), with unparsed statements: %d"
          % (total, texts_ok, rate, total - texts_ok))
    for kind in sorted(by_kind):
        print("  %-8s %5d texts, %5d parsed (%.2f%%)" % (kind, by_kind[kind], by_kind_ok[kind],
                                                        100.0 * by_kind_ok[kind] / by_kind[kind]))
    print("statements inside them: %d, unparsed: %d (%.2f%% parsed)" % (stmts, stmts_bad, srate))
    if reasons:
        print("where parsing stops most (first failure of each text):")
        for key, n in reasons.most_common(15):
            print("  %5d  %s" % (n, key))
    for name, pkg, why in failing[:args.show]:
        print("--- %s (%s): %s" % (name, os.path.relpath(pkg, args.corpus), why))
    if rate < args.min_rate:
        print("FAIL: parse rate %.2f%% is below the required %.2f%%" % (rate, args.min_rate))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
