#!/usr/bin/env python3
"""ddl_golden.py — what the DDL of Execute SQL Tasks becomes, from the
packages of the conformance cases execsql_ddl_keys_become_tests and
execsql_integer_division_declared_types, on DuckDB and PostgreSQL:

  - the tests each constraint becomes (checked by name, kind and
    arguments, so that a regenerated golden cannot drop them), the macro
    ssis2dbt_unique_combination shipped, the indexes config on PostgreSQL
    only, the notes for what is not kept;
  - tests/ddl/DeclaredTypesScope.dtsx: which column references a declared
    table types (a qualified one through the table's name, or through an
    alias when every table read is declared; an unqualified one in the
    declared table that has it), each INSERT of one task its own model;
  - the generated YAML, macro and staging SQL against tests/ddl/golden/
    (UPDATE_GOLDEN=1 rewrites them; tests/ddl/regen-golden shows the diff).

usage: ddl_golden.py SSIS2DBTC SOURCE_DIR
"""
import os
import re
import subprocess
import sys
import tempfile

CASES = {
    "execsql_ddl_keys_become_tests": "LoadSalesMart.dtsx",
    "execsql_integer_division_declared_types": "BuildMeasureRatio.dtsx",
}
GOLDEN_FILES = {
    "execsql_ddl_keys_become_tests": [
        "models/marts/_marts__models.yml",
        "models/staging/sales_dw/_sales_dw__sources.yml",
        "macros/ssis2dbt_unique_combination.sql",
    ],
    "execsql_integer_division_declared_types": [
        "models/staging/stats_db/stg_stats_db__measure.sql",
    ],
}

failures = []


def check(cond, what):
    print("%s %s" % ("PASS" if cond else "FAIL", what))
    if not cond:
        failures.append(what)


def compile_case(exe, src, case, target, out):
    pkg = os.path.join("tests", "conformance", "cases", case, CASES[case])
    r = subprocess.run([exe, "--target", target, "-o", out, pkg], cwd=src, capture_output=True, text=True,
                       timeout=120)
    check(r.returncode == 0, "%s [%s] compiles (exit %d)" % (case, target, r.returncode))
    if r.returncode:
        sys.stderr.write(r.stderr)
    return r.stderr


def read(out, rel):
    p = os.path.join(out, rel)
    return open(p, encoding="utf-8").read() if os.path.exists(p) else None


def entry(yml, name):
    """The text of a model or source table entry `- name: "NAME"` up to the next one."""
    m = re.search(r'^( +)- name: "%s"\n' % re.escape(name), yml, re.M)
    if not m:
        return ""
    ind = len(m.group(1))
    nxt = re.compile(r"^ {%d}- name: " % ind, re.M).search(yml, m.end())
    return yml[m.end():nxt.start() if nxt else len(yml)]


def column(yml_entry, col):
    return entry(yml_entry, col)


def keys_case(out, stderr, target):
    marts = read(out, "models/marts/_marts__models.yml") or ""
    sources = read(out, "models/staging/sales_dw/_sales_dw__sources.yml") or ""
    dim, fct = entry(marts, "dim_region"), entry(marts, "fct_sales")
    stage = entry(sources, "StageRegion")
    for col, tests in [("RegionKey", ["not_null_dim_region__region_key", "unique_dim_region__region_key"]),
                       ("RegionCode", ["not_null_dim_region__region_code", "unique_dim_region__region_code"])]:
        for t in tests:
            check('name: "%s"' % t in column(dim, col), "[%s] dim_region.%s has %s" % (target, col, t))
    check("name: \"not_null_dim_region__region_name\"" not in dim, "[%s] RegionName (NULL) has no not_null" % target)
    for col in ("OrderNo", "OrderLine", "RegionKey"):
        t = "not_null_fct_sales__%s" % re.sub(r"(?<!^)(?=[A-Z])", "_", col).lower()
        check('name: "%s"' % t in column(fct, col), "[%s] fct_sales.%s has %s" % (target, col, t))
    combo = re.search(r'- ssis2dbt_unique_combination:\n\s+name: "([^"]+)"\n\s+arguments:\n\s+columns:\n'
                      r'\s+- "\\"OrderNo\\""\n\s+- "\\"OrderLine\\""', fct)
    check(combo is not None, "[%s] fct_sales has ssis2dbt_unique_combination over (OrderNo, OrderLine)" % target)
    rel = column(fct, "RegionKey")
    check("- relationships:" in rel and "to: \"ref('dim_region')\"" in rel and 'field: "\\"RegionKey\\""' in rel,
          "[%s] fct_sales.RegionKey has relationships to ref('dim_region') field RegionKey" % target)
    check("SalesID" not in fct, "[%s] the IDENTITY column SalesID is not tested" % target)
    check("note: the IDENTITY column SalesID of SalesDW.dbo.FactSales is not tested" in stderr,
          "[%s] a note says SalesID is skipped" % target)
    for col, tests in [("RegionID", ["not_null_sales_dw_stage_region__region_id",
                                     "unique_sales_dw_stage_region__region_id"]),
                       ("Code", ["not_null_sales_dw_stage_region__code"])]:
        for t in tests:
            check('name: "%s"' % t in column(stage, col), "[%s] source StageRegion.%s has %s" % (target, col, t))
    macro = read(out, "macros/ssis2dbt_unique_combination.sql") or ""
    check("{% test ssis2dbt_unique_combination(model, columns) %}" in macro,
          "[%s] the macro ssis2dbt_unique_combination is shipped" % target)
    if target == "postgres":
        check(re.search(r'indexes:\n\s+- columns:\n\s+- "\\"RegionKey\\""\n\s+unique: true', dim) is not None,
              "[postgres] dim_region has a unique index on RegionKey")
        check(re.search(r'- columns:\n\s+- "\\"OrderNo\\""\n\s+- "\\"OrderLine\\""\n\s+unique: true', fct) is not None,
              "[postgres] fct_sales has a unique index on (OrderNo, OrderLine)")
        check(re.search(r'- columns:\n\s+- "\\"RegionKey\\""\n\s+unique: false', fct) is not None,
              "[postgres] fct_sales has the index IX_FactSales_RegionKey")
    else:
        check("indexes:" not in marts, "[%s] no indexes config" % target)
        check("note: the index of SalesDW.dbo.FactSales is not kept: only dbt-postgres has an indexes config"
              in stderr, "[%s] a note says the index is not kept" % target)


def division_case(out, target):
    sql = read(out, "models/staging/stats_db/stg_stats_db__measure.sql") or ""
    idiv = '"Total" // "Parts"' if target == "duckdb" else '"Total" / "Parts"'
    check(idiv in sql, "[%s] Total / Parts of two declared int columns is integer division" % target)
    check('("Label" || "Suffix")' in sql, "[%s] Label + Suffix of two declared varchar columns is ||" % target)


def scope_package(exe, src, out):
    r = subprocess.run([exe, "-o", out, os.path.join("tests", "ddl", "DeclaredTypesScope.dtsx")], cwd=src,
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "DeclaredTypesScope compiles (exit %d)" % r.returncode)
    sql = {}
    for d, _, fs in os.walk(os.path.join(out, "models")):
        for f in fs:
            if f.endswith(".sql"):
                sql[f] = open(os.path.join(d, f), encoding="utf-8").read()
    every = "\n".join(sql.values())
    for what, text in [
            ("t1.X / t1.Y, t1 an alias beside an undeclared table: the dialect's division",
             '"t1"."X" / "t1"."Y"'),
            ("A.X / A.Y, A the declared table's name: integer division", '"A"."X" // "A"."Y"'),
            ("t1.X / t1.Y, t1 the alias of the only table read: integer division", '"t1"."X" // "t1"."Y"'),
            ("X / Y unqualified, only A declares them: integer division", '"X" // "Y"')]:
        check(text in every, "DeclaredTypesScope: " + what)
    r2 = sql.get("r2.sql", "")
    check("r1_query" not in r2, "DeclaredTypesScope: R2's model does not read R1's query (one model per INSERT)")


def golden(src, out, case, target):
    gdir = os.path.join(src, "tests", "ddl", "golden", "%s-%s" % (case, target))
    for rel in GOLDEN_FILES[case]:
        got = read(out, rel)
        path = os.path.join(gdir, rel)
        if os.environ.get("UPDATE_GOLDEN"):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(got or "")
            continue
        want = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        check(got is not None and got == want, "[%s] %s matches %s" % (target, rel, os.path.relpath(path, src)))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    exe, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        for target in ("duckdb", "postgres"):
            for case in CASES:
                out = os.path.join(tmp, "%s-%s" % (case, target))
                stderr = compile_case(exe, src, case, target, out)
                if case == "execsql_ddl_keys_become_tests":
                    keys_case(out, stderr, target)
                else:
                    division_case(out, target)
                golden(src, out, case, target)
        scope_package(exe, src, os.path.join(tmp, "scope"))
    print("%d failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
