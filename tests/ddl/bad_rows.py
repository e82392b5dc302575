#!/usr/bin/env python3
"""bad_rows.py — the tests the DDL becomes catch the rows SQL Server would
have refused.  Runs the conformance case execsql_ddl_keys_become_tests (a
copy in a temporary folder) with rows added to its input that break the
composite PRIMARY KEY of FactSales, the UNIQUE RegionCode of DimRegion and
the FOREIGN KEY from FactSales to DimRegion.  On DuckDB dbt build must fail
on exactly those three tests; on PostgreSQL the unique indexes the keys
become stop the two models from building, as SQL Server would have refused
the rows.

usage: bad_rows.py SSIS2DBTC SOURCE_DIR [--target duckdb|postgres]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

EXPECTED = {
    "duckdb": {
        "test ssis2dbt_unique_combination_fct_sales__order_no_order_line",
        "test unique_dim_region__region_code",
        "test relationships_fct_sales__region_key",
    },
    "postgres": {"model fct_sales", "model dim_region"},
}


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("ssis2dbtc")
    ap.add_argument("source_dir")
    ap.add_argument("--target", default="duckdb")
    args = ap.parse_args()
    exe, src, target = os.path.abspath(args.ssis2dbtc), os.path.abspath(args.source_dir), args.target
    with tempfile.TemporaryDirectory(prefix="ddl_bad_rows_") as tmp:
        case = os.path.join(tmp, "execsql_ddl_keys_become_tests")
        shutil.copytree(os.path.join(src, "tests", "conformance", "cases", "execsql_ddl_keys_become_tests"), case)
        with open(os.path.join(case, "input", "SalesDW.dbo.StageSales.csv"), "a", encoding="utf-8") as f:
            f.write("100,1,9,1.00\n")   # (100, 1) again; region 9 does not exist
        with open(os.path.join(case, "input", "SalesDW.dbo.StageRegion.csv"), "a", encoding="utf-8") as f:
            f.write("4,N,Dup\n")        # code N again
        r = subprocess.run([sys.executable, os.path.join(src, "tests", "conformance", "run"), "--compiler", exe,
                            "--target", target, "-j", "1", case], capture_output=True, text=True, timeout=900)
    out = r.stdout + r.stderr
    failed = {"%s %s" % m for m in re.findall(r"^  (test|model)\.[^.]+\.([^.]+)(?:\.[0-9a-f]+)?: (?:fail|error)$",
                                              out, re.M)}
    want = EXPECTED[target]
    if target == "postgres":
        ok = out.count("could not create unique index") == 2
    else:
        ok = True
    ok = ok and "FAIL dbt build exited" in out and failed == want
    print(out if not ok else "")
    print("%s dbt build fails on exactly %s (failed: %s)" % ("PASS" if ok else "FAIL", sorted(want),
                                                           sorted(failed)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
