#!/usr/bin/env python3
"""selftest.py — checks the conformance harness itself.

Copies two example cases (derived_column_basic, flatfile_convert_aggregate)
and the self-test case watermark_append into a temporary folder, once as
they are and many times deliberately broken (a wrong value, a trailing
space, NULL for an empty string, a missing row, a renamed column, rows out
of order, a second run that disagrees, a missing diagnostic, an input no
package reads, a compiler failure, a failing model ...), runs the harness
once over all of them with selftest/fixture-compiler, and checks that each
copy passes or fails as it must, with the explanation it must print.

  selftest.py --examples DIR [--target duckdb|postgres] [-j N] [--keep]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(HERE, "..", "run")
COMPILER = os.path.join(HERE, "fixture-compiler")
OWN_CASES = os.path.join(HERE, "cases")


def edit(path, old, new, count=1):
    with open(path, newline="") as fh:
        text = fh.read()
    if text.count(old) < count:
        raise AssertionError("%s: %r not found" % (path, old))
    with open(path, "w", newline="") as fh:
        fh.write(text.replace(old, new, count))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as fh:
        fh.write(text)


# Each variant: (name, source case, edit function or None, passes?, [regexes the
# case's output must contain]).
def variants(examples):
    dc = os.path.join(examples, "derived_column_basic")
    ff = os.path.join(examples, "flatfile_convert_aggregate")
    wm = os.path.join(OWN_CASES, "watermark_append")
    DCX = "expected/SalesDB.dbo.OrderLineOut.csv"
    WMX = "expected/SalesDB.dbo.OrdersArchive.csv"
    return [
        ("good_derived_column", dc, None, True,
         [r"PASS SalesDB\.dbo\.OrderLineOut \(6 rows\)"]),
        ("good_flatfile_aggregate", ff, None, True,
         [r"PASS SalesDB\.dbo\.DailyStoreSales \(4 rows\)"]),
        ("good_watermark_two_runs", wm, None, True,
         [r"PASS SalesDB\.dbo\.OrdersArchive \(5 rows\)", r"PASS ExportFile\.flatfile \(5 rows\)",
          r"PASS \[run2\] SalesDB\.dbo\.OrdersArchive \(7 rows\)",
          r"PASS \[run2\] ExportFile\.flatfile \(7 rows\)",
          r"PASS diagnostic 'warning: -Wfixture-note'"]),
        # decimals compare numerically (fewer written decimals are the same
        # number); column names match in any case
        ("same_values_written_differently", dc,
         lambda d: (edit(os.path.join(d, DCX), ",37.50,", ",37.5,"),
                    edit(os.path.join(d, DCX), ",100.00,", ",100,"),
                    edit(os.path.join(d, DCX), "OrderLineID:int,CustomerName:", "orderlineid:int,CUSTOMERNAME:")),
         True, [r"PASS SalesDB\.dbo\.OrderLineOut \(6 rows\)"]),
        # one wrong value per row: a string's case, a cent, a trailing space,
        # an empty string for NULL, a value that is not a decimal
        ("wrong_values", dc,
         lambda d: (edit(os.path.join(d, DCX), "LONDON", "London"),
                    edit(os.path.join(d, DCX), ",19.90,", ",19.91,"),
                    edit(os.path.join(d, DCX), "3,Grace Hopper,", '3,"Grace Hopper ",'),
                    edit(os.path.join(d, DCX), "4,\\N,AMSTERDAM", "4,,AMSTERDAM")), False,
         [r"FAIL SalesDB\.dbo\.OrderLineOut",
          r"6 expected rows, 6 actual rows; 4 missing, 4 unexpected",
          r"missing    \(OrderLineID=1, CustomerName='Ada Lovelace', CityUpper='London', LineTotal=37\.50, QuantityText='3'\)",
          r"unexpected \(OrderLineID=1, CustomerName='Ada Lovelace', CityUpper='LONDON', LineTotal=37\.50, QuantityText='3'\)",
          r"missing    \(OrderLineID=2, .*LineTotal=19\.91", r"unexpected \(OrderLineID=2, .*LineTotal=19\.90",
          r"missing    \(OrderLineID=3, CustomerName='Grace Hopper '",
          r"unexpected \(OrderLineID=3, CustomerName='Grace Hopper'",
          r"missing    \(OrderLineID=4, CustomerName='', CityUpper='AMSTERDAM'",
          r"unexpected \(OrderLineID=4, CustomerName=NULL, CityUpper='AMSTERDAM'",
          ]),
        # multiset: a row missing from the expected file, another one twice
        ("rows_multiset", dc,
         lambda d: (edit(os.path.join(d, DCX), "3,Grace Hopper,NEW YORK,100.00,1\r\n", ""),
                    edit(os.path.join(d, DCX), "5,Barbara Liskov,\\N,0.00,0\r\n",
                         "5,Barbara Liskov,\\N,0.00,0\r\n5,Barbara Liskov,\\N,0.00,0\r\n")), False,
         [r"6 expected rows, 6 actual rows; 1 missing, 1 unexpected",
          r"missing    \(OrderLineID=5, CustomerName='Barbara Liskov', CityUpper=NULL",
          r"unexpected \(OrderLineID=3, CustomerName='Grace Hopper'"]),
        ("column_renamed", dc,
         lambda d: edit(os.path.join(d, DCX), "CityUpper:", "CityUp:"), False,
         [r"missing columns: CityUp", r"unexpected columns: CityUpper"]),
        # run 1: a flat file's rows out of order; run 2: the archive holds a
        # reloaded old row
        ("order_and_second_run", wm,
         lambda d: (edit(os.path.join(d, "expected/ExportFile.flatfile.csv"),
                         "5,\" Eve\",B1\r\n4,\"O\"\"Neil\",B1\r\n", "4,\"O\"\"Neil\",B1\r\n5,\" Eve\",B1\r\n"),
                    edit(os.path.join(d, "run2", WMX), "30.25,2024-01-03,rush,B1", "99.99,2024-01-03,changed,B2")),
         False, [r"FAIL ExportFile\.flatfile", r"2 positions differ \(ordered\)",
                 r"row 1:\n +expected \(OrderID=4, Customer='O\"Neil', BatchLabel='B1'\)\n"
                 r" +actual   \(OrderID=5, Customer=' Eve', BatchLabel='B1'\)",
                 r"PASS SalesDB\.dbo\.OrdersArchive \(5 rows\)",
                 r"PASS \[run2\] ExportFile\.flatfile \(7 rows\)",
                 r"FAIL \[run2\] SalesDB\.dbo\.OrdersArchive",
                 r"missing    \(OrderID=3, .*Amount=99\.99"]),
        ("expected_diagnostic_missing", wm,
         lambda d: edit(os.path.join(d, "case.json"), '"self-test fixture diagnostic"',
                        '"self-test fixture diagnostic", "warning: -Wnever-printed"'), False,
         [r"FAIL diagnostics: expected 'warning: -Wnever-printed'",
          r"AppendNewOrders\.dtsx:4:1: warning: self-test fixture diagnostic \[-Wfixture-note\]"]),
        ("input_no_package_reads", dc,
         lambda d: write(os.path.join(d, "input/SalesDB.dbo.Nobody.csv"), "ID:int\r\n1\r\n"), False,
         [r"input SalesDB\.dbo\.Nobody\.csv is not read or written by any package"]),
        ("expected_no_package_writes", dc,
         lambda d: write(os.path.join(d, "expected/SalesDB.dbo.Nobody.csv"), "ID:int\r\n1\r\n"), False,
         [r"expected SalesDB\.dbo\.Nobody\.csv is not written by any package"]),
        ("bad_value_in_expected", dc,
         lambda d: edit(os.path.join(d, DCX), ",-30.00,", ",thirty,"), False,
         [r"ERROR case: .*SalesDB\.dbo\.OrderLineOut\.csv: record 7: LineTotal is 'thirty', "
          r"not a valid decimal\(12,2\)"]),
        ("too_many_decimals_in_expected", dc,
         lambda d: edit(os.path.join(d, DCX), ",-30.00,", ",-30.001,"), False,
         [r"record 7: LineTotal is -30\.001, more decimals than decimal\(12,2\) allows"]),
        ("compiler_fails", dc,
         lambda d: (os.rename(os.path.join(d, "LoadOrderLines.dtsx"), os.path.join(d, "NoFixture.dtsx")),
                    edit(os.path.join(d, "case.json"), "LoadOrderLines.dtsx", "NoFixture.dtsx")), False,
         [r"FAIL compile: ssis2dbtc exited 1", r"NoFixture\.dtsx:1:1: error: no self-test fixture project"]),
        ("model_fails_in_dbt", dc,
         lambda d: (os.rename(os.path.join(d, "LoadOrderLines.dtsx"), os.path.join(d, "BrokenModel.dtsx")),
                    edit(os.path.join(d, "case.json"), "LoadOrderLines.dtsx", "BrokenModel.dtsx")), False,
         [r"FAIL dbt build exited 1", r"model\.ssis2dbt\.fct_orderlineout: error",
          r"from BrokenModel\.dtsx:7:3", r"NoSuchColumn"]),
    ]


# Every header type, loaded by the harness into the engine and read back:
# what the engine returns must compare equal to the file.
ROUNDTRIP = (
    'I:int,B:bigint,S:smallint,T:tinyint,X:bit,"D:decimal(12,3)",M:money,F:float,R:real,'
    'V:varchar(10),N:nvarchar(max),C:char(4),DA:date,DT:datetime,D2:datetime2(7),TI:time(3),'
    'DO:datetimeoffset,U:uniqueidentifier,BI:varbinary(8)\r\n'
    '1,9000000000,-3,255,1,-12.345,12.3456,0.1,0.25,a  ,é€ ,ab,2024-02-29,2024-01-31 13:45:00.123,'
    '2024-01-31 13:45:00.1234567,23:59:59.999,2024-01-31 13:45:00 +01:00,'
    '6F9619FF-8B86-D011-B42D-00C04FC964FF,0x0AFF\r\n'
    '\\N,\\N,\\N,\\N,0,\\N,\\N,\\N,\\N,,\\N,\\N,\\N,\\N,\\N,\\N,\\N,\\N,\\N\r\n')


def roundtrip(target):
    """Load ROUNDTRIP into the engine with the harness's own code, read it
    back, compare.  Returns a list of problems."""
    sys.path.insert(0, os.path.join(HERE, ".."))
    import compare
    from engines import DuckDB, Postgres
    from tablefile import read_table_file
    tmp = tempfile.mkdtemp(prefix="ssis2dbt-roundtrip-")
    pg = None
    try:
        path = os.path.join(tmp, "Conn.dbo.AllTypes.csv")
        write(path, ROUNDTRIP)
        tf = read_table_file(path)
        if target == "duckdb":
            eng = DuckDB(tmp)
        else:
            from pgserver import PgServer
            pg = PgServer().start()
            pg.create_database("roundtrip")
            eng = Postgres(pg, "roundtrip")
        rel = {"database": None, "schema": "legacy_conn", "identifier": "All Types"}
        eng.load(rel, tf.columns, tf.rows)
        names, rows = eng.read(rel)
        eng.close()
        res = compare.compare_rows(tf.columns, tf.rows, names, rows)
        if not res.ok:
            return ["type round trip through %s:" % target] + res.lines
        # and it can fail: one changed value
        rows[0][names.index("V")] = "a"
        if compare.compare_rows(tf.columns, tf.rows, names, rows).ok:
            return ["type round trip: a changed value still compares equal"]
        return []
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def split_output(text):
    """Case name -> its block of output lines."""
    blocks, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"^== (\S+)", line)
        if m:
            cur = os.path.basename(m.group(1))
            blocks[cur] = []
        if cur is not None:
            blocks[cur].append(line)
    return {k: "\n".join(v) for k, v in blocks.items()}


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", required=True, help="shared/conformance/examples")
    ap.add_argument("--target", default="duckdb", choices=("duckdb", "postgres"))
    ap.add_argument("-j", type=int, default=4)
    ap.add_argument("--keep", action="store_true")
    opts = ap.parse_args(argv)

    problems = roundtrip(opts.target)
    if problems:
        print("\n".join(problems))
        return 1
    print("type round trip through %s: ok" % opts.target, flush=True)
    tmp = tempfile.mkdtemp(prefix="ssis2dbt-selftest-")
    try:
        vs = variants(opts.examples)
        cases = os.path.join(tmp, "cases")
        for name, src, fn, _, _ in vs:
            d = os.path.join(cases, name)
            shutil.copytree(src, d)
            if fn:
                fn(d)
        argv = [sys.executable, HARNESS, cases, "--target", opts.target,
                "--compiler", COMPILER, "-j", str(opts.j)]
        if opts.keep:
            argv.append("--keep")
        print("$ " + " ".join(argv), flush=True)
        r = subprocess.run(argv, capture_output=True, text=True)
        out = r.stdout + r.stderr
        blocks = split_output(r.stdout)
        npass = sum(1 for v in vs if v[3])
        for name, _, _, should_pass, patterns in vs:
            block = blocks.get(name)
            if block is None:
                problems.append("%s: no output from the harness" % name)
                continue
            verdict = re.search(r"^(passed|FAILED) ", block, re.M)
            passed = verdict is not None and verdict.group(1) == "passed"
            if passed != should_pass:
                problems.append("%s: %s, should have %s" % (name, "passed" if passed else "failed",
                                                           "passed" if should_pass else "failed"))
            for p in patterns:
                if not re.search(p, block):
                    problems.append("%s: output lacks /%s/" % (name, p))
            if "ERROR harness" in block:
                problems.append("%s: the harness crashed" % name)
            print("%-36s %s" % (name, "ok" if not any(x.startswith(name + ":") for x in problems)
                                else "WRONG"))
        last = r.stdout.rstrip().splitlines()[-1] if r.stdout.strip() else ""
        want = "%d passed, %d failed" % (npass, len(vs) - npass)
        if last != want:
            problems.append("last line %r, should be %r" % (last, want))
        if r.returncode != 1:
            problems.append("harness exit status %d, should be 1 (some cases fail)" % r.returncode)
        if problems:
            print("\nharness output:\n" + out)
            print("\n%d problems:" % len(problems))
            for p in problems:
                print("  " + p)
            return 1
        print("harness self-test on %s: %d variants behave as they must" % (opts.target, len(vs)))
        return 0
    finally:
        if not opts.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
