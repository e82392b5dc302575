#!/usr/bin/env python3
"""test_compare.py — unit tests of the harness's typed comparison, table
file reading and flat file format (no engine, no dbt)."""
import datetime as dt
import decimal
import os
import sys
import tempfile
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import flatfile  # noqa: E402
from compare import compare_rows  # noqa: E402
from manifest import ssis_to_sql  # noqa: E402
from sqltypes import Bad, CaseError, canon, parse_type  # noqa: E402
from tablefile import read_table_file  # noqa: E402

D = decimal.Decimal


def one_col(typ, expected, actual, **kw):
    """Compare a one-column table: expected raw fields vs actual values."""
    cols = [("c", parse_type(typ))]
    return compare_rows(cols, [[e] for e in expected], ["c"], [[a] for a in actual], **kw)


class TypeNames(unittest.TestCase):
    def test_decimal(self):
        t = parse_type("decimal(10,2)")
        self.assertEqual((t.precision, t.scale), (10, 2))
        self.assertEqual(parse_type("numeric").scale, 0)
        self.assertEqual(parse_type("NUMERIC( 12 , 4 )").precision, 12)
        self.assertEqual(parse_type("money").scale, 4)

    def test_strings_and_times(self):
        self.assertEqual(parse_type("nvarchar(max)").length, "max")
        self.assertEqual(parse_type("char(3)").length, 3)
        self.assertEqual(parse_type("datetime2").scale, 7)
        self.assertEqual(parse_type("datetime2(3)").postgres_ddl(), "timestamp(3)")
        self.assertEqual(parse_type("tinyint").duckdb_ddl(), "UTINYINT")
        self.assertEqual(parse_type("float(24)").base, "real")

    def test_unknown(self):
        for bad in ("integer2", "decimal(10,2,1)", "decimal(2,5)", "varchar(x)", "int(4)", "datetime2(9)"):
            with self.assertRaises(CaseError, msg=bad):
                parse_type(bad)

    def test_ssis_types(self):
        self.assertEqual(ssis_to_sql("DT_WSTR(50)").text, "nvarchar(50)")
        self.assertEqual(ssis_to_sql("DT_STR(20,1252)").text, "varchar(20)")
        self.assertEqual(ssis_to_sql("DT_NUMERIC(12,2)").scale, 2)
        self.assertEqual(ssis_to_sql("DT_DBTIMESTAMP2(3)").scale, 3)
        self.assertEqual(ssis_to_sql("DT_I4").base, "int")
        with self.assertRaises(CaseError):
            ssis_to_sql("DT_NOPE")


class Decimals(unittest.TestCase):
    def test_scale_is_numeric(self):
        self.assertTrue(one_col("decimal(10,2)", ["37.50"], [D("37.5")]).ok)
        self.assertTrue(one_col("decimal(10,2)", ["37.5"], [D("37.50")]).ok)
        self.assertTrue(one_col("decimal(10,2)", ["100.00"], [100]).ok)
        self.assertTrue(one_col("decimal(10,2)", ["-0.00"], [D("0.00")]).ok)

    def test_digits_beyond_scale_differ(self):
        self.assertFalse(one_col("decimal(10,2)", ["37.50"], [D("37.499")]).ok)
        self.assertFalse(one_col("decimal(10,2)", ["19.90"], [D("19.91")]).ok)

    def test_float_is_not_a_decimal(self):
        r = one_col("decimal(10,2)", ["19.90"], [19.9])
        self.assertFalse(r.ok)
        self.assertIn("float, not a decimal", "\n".join(r.lines))

    def test_integer(self):
        self.assertTrue(one_col("int", ["3"], [3]).ok)
        self.assertTrue(one_col("bigint", ["3"], [D("3")]).ok)
        self.assertFalse(one_col("int", ["3"], [D("3.5")]).ok)
        self.assertFalse(one_col("int", ["1"], [True]).ok)


class Strings(unittest.TestCase):
    def test_trailing_spaces_count(self):
        self.assertFalse(one_col("nvarchar(10)", ["a "], ["a"]).ok)
        self.assertFalse(one_col("nvarchar(10)", ["a"], ["a "]).ok)
        self.assertFalse(one_col("nvarchar(10)", [" a"], ["a"]).ok)
        self.assertTrue(one_col("nvarchar(10)", ["a "], ["a "]).ok)

    def test_case_counts(self):
        self.assertFalse(one_col("varchar(10)", ["eu"], ["EU"]).ok)

    def test_null_is_not_empty(self):
        self.assertFalse(one_col("nvarchar(10)", ["\\N"], [""]).ok)
        self.assertFalse(one_col("nvarchar(10)", [""], [None]).ok)
        self.assertTrue(one_col("nvarchar(10)", ["\\N"], [None]).ok)
        self.assertTrue(one_col("nvarchar(10)", [""], [""]).ok)

    def test_a_number_is_not_a_string(self):
        r = one_col("nvarchar(10)", ["3"], [3])
        self.assertFalse(r.ok)
        self.assertIn("int, not a string", "\n".join(r.lines))

    def test_char_pads(self):
        self.assertTrue(one_col("char(4)", ["ab"], ["ab  "]).ok)
        self.assertTrue(one_col("char(4)", ["ab"], ["ab"]).ok)
        self.assertFalse(one_col("varchar(4)", ["ab"], ["ab  "]).ok)

    def test_flat_file_has_no_null(self):
        self.assertTrue(one_col("nvarchar(10)", ["\\N"], [""], flat=True).ok)
        self.assertTrue(one_col("int", ["\\N"], [""], flat=True).ok)
        self.assertTrue(one_col("decimal(5,1)", ["2.50"], ["2.5"], flat=True).ok)


class Floats(unittest.TestCase):
    def test_relative_tolerance(self):
        self.assertTrue(one_col("float", ["0.3"], [0.1 + 0.2]).ok)
        self.assertTrue(one_col("float", ["1e20"], [1e20 * (1 + 1e-12)]).ok)
        self.assertFalse(one_col("float", ["1"], [1.0000001]).ok)
        self.assertFalse(one_col("float", ["1e20"], [1.00001e20]).ok)
        self.assertTrue(one_col("float", ["0"], [0.0]).ok)
        self.assertTrue(one_col("float", ["NaN"], [float("nan")]).ok)
        self.assertFalse(one_col("float", ["Infinity"], [1e308]).ok)

    def test_real_keeps_float32(self):
        import struct
        f32 = struct.unpack("f", struct.pack("f", 0.1))[0]
        self.assertTrue(one_col("real", ["0.1"], [f32]).ok)
        self.assertFalse(one_col("float", ["0.1"], [f32]).ok)


class Temporal(unittest.TestCase):
    def test_dates(self):
        self.assertTrue(one_col("date", ["2024-02-29"], [dt.date(2024, 2, 29)]).ok)
        self.assertFalse(one_col("date", ["2024-02-29"], [dt.date(2024, 3, 1)]).ok)
        self.assertFalse(one_col("date", ["2024-02-29"], [dt.datetime(2024, 2, 29)]).ok)

    def test_timestamps_normalised(self):
        v = dt.datetime(2024, 1, 31, 13, 45)
        for text in ("2024-01-31 13:45:00.000", "2024-01-31T13:45:00", "2024-01-31 13:45", "2024-01-31 13:45:00.0000000"):
            self.assertTrue(one_col("datetime2", [text], [v]).ok, text)
        self.assertFalse(one_col("datetime", ["2024-01-31 13:45:00.003"], [v]).ok)
        self.assertTrue(one_col("datetime2(7)", ["2024-01-31 13:45:00.1234567"],
                                [dt.datetime(2024, 1, 31, 13, 45, 0, 123456)]).ok)

    def test_offsets(self):
        utc = dt.datetime(2024, 1, 31, 12, 45, tzinfo=dt.timezone.utc)
        self.assertTrue(one_col("datetimeoffset", ["2024-01-31 13:45:00 +01:00"], [utc]).ok)
        self.assertTrue(one_col("datetimeoffset", ["2024-01-31 12:45:00Z"], [utc]).ok)
        self.assertFalse(one_col("datetimeoffset", ["2024-01-31 13:45:00 +00:00"], [utc]).ok)

    def test_time(self):
        self.assertTrue(one_col("time", ["13:45:00.5"], [dt.time(13, 45, 0, 500000)]).ok)
        self.assertTrue(one_col("time", ["13:45:00"], [dt.timedelta(hours=13, minutes=45)]).ok)


class OtherTypes(unittest.TestCase):
    def test_bit(self):
        self.assertTrue(one_col("bit", ["1", "0"], [True, False]).ok)
        self.assertTrue(one_col("bit", ["1"], [1]).ok)
        self.assertFalse(one_col("bit", ["1"], [False]).ok)
        self.assertFalse(one_col("bit", ["1"], [None]).ok)

    def test_uuid(self):
        u = uuid.UUID("6f9619ff-8b86-d011-b42d-00c04fc964ff")
        self.assertTrue(one_col("uniqueidentifier", ["6F9619FF-8B86-D011-B42D-00C04FC964FF"], [u]).ok)
        self.assertTrue(one_col("uniqueidentifier", ["{6F9619FF-8B86-D011-B42D-00C04FC964FF}"], [str(u)]).ok)

    def test_binary(self):
        self.assertTrue(one_col("varbinary(4)", ["0x0AFF"], [b"\n\xff"]).ok)
        self.assertTrue(one_col("varbinary(4)", ["0x0AFF"], [memoryview(b"\n\xff")]).ok)
        self.assertFalse(one_col("varbinary(4)", ["0x0AFF"], [b"\n"]).ok)

    def test_bad_value_equals_nothing(self):
        t = parse_type("int")
        self.assertIsInstance(canon(t, "x"), Bad)
        self.assertFalse(one_col("int", ["1"], ["x"]).ok)


class Rows(unittest.TestCase):
    COLS = [("ID", parse_type("int")), ("Name", parse_type("nvarchar(10)"))]

    def test_multiset(self):
        exp = [["1", "a"], ["2", "b"]]
        self.assertTrue(compare_rows(self.COLS, exp, ["ID", "Name"], [[2, "b"], [1, "a"]]).ok)
        r = compare_rows(self.COLS, [["1", "a"], ["1", "a"], ["2", "b"]], ["ID", "Name"],
                         [[1, "a"], [2, "b"], [2, "b"]])
        self.assertFalse(r.ok)
        text = "\n".join(r.lines)
        self.assertIn("3 expected rows, 3 actual rows; 1 missing, 1 unexpected", text)
        self.assertIn("missing    (ID=1, Name='a')", text)
        self.assertIn("unexpected (ID=2, Name='b')", text)

    def test_ordered(self):
        exp = [["1", "a"], ["2", "b"]]
        act = [[2, "b"], [1, "a"]]
        r = compare_rows(self.COLS, exp, ["ID", "Name"], act, ordered=True)
        self.assertFalse(r.ok)
        self.assertIn("2 positions differ (ordered)", "\n".join(r.lines))
        self.assertTrue(compare_rows(self.COLS, exp, ["ID", "Name"], act[::-1], ordered=True).ok)
        r = compare_rows(self.COLS, exp, ["ID", "Name"], act[:1][::-1] + [], ordered=True)
        self.assertFalse(r.ok)

    def test_columns(self):
        self.assertTrue(compare_rows(self.COLS, [["1", "a"]], ["name", "id"], [["a", 1]]).ok)
        r = compare_rows(self.COLS, [["1", "a"]], ["ID"], [[1]])
        self.assertFalse(r.ok)
        self.assertIn("missing columns: Name", "\n".join(r.lines))
        r = compare_rows(self.COLS, [["1", "a"]], ["ID", "Name", "Extra"], [[1, "a", 0]])
        self.assertFalse(r.ok)
        self.assertIn("unexpected columns: Extra", "\n".join(r.lines))

    def test_empty(self):
        self.assertTrue(compare_rows(self.COLS, [], ["ID", "Name"], []).ok)
        self.assertFalse(compare_rows(self.COLS, [], ["ID", "Name"], [[1, "a"]]).ok)

    def test_float_rows_match_across_order(self):
        cols = [("K", parse_type("int")), ("F", parse_type("float"))]
        exp = [["1", "0.3"], ["1", "0.7"]]
        act = [[1, 0.7000000000001], [1, 0.1 + 0.2]]
        self.assertTrue(compare_rows(cols, exp, ["K", "F"], act).ok)


class TableFiles(unittest.TestCase):
    def write(self, name, data):
        d = tempfile.mkdtemp()
        self.addCleanup(lambda: __import__("shutil").rmtree(d))
        p = os.path.join(d, name)
        with open(p, "wb") as fh:
            fh.write(data)
        return p

    def test_read(self):
        p = self.write("SalesDB.dbo.T.csv",
                       b'ID:int,"Amt:decimal(10,2)",Name:nvarchar(10)\r\n1,1.50,\\N\r\n2,2.00,""\r\n3,0,"a,""b"" "\n')
        tf = read_table_file(p)
        self.assertEqual(tf.legacy, "SalesDB.dbo.T")
        self.assertEqual(tf.names, ["ID", "Amt", "Name"])
        self.assertEqual(tf.columns[1][1].scale, 2)
        self.assertEqual(tf.rows, [["1", "1.50", "\\N"], ["2", "2.00", ""], ["3", "0", 'a,"b" ']])

    def test_errors(self):
        for name, data in (("SalesDB.dbo.T.csv", b"ID:int\r\n1,2\r\n"),
                           ("SalesDB.dbo.T.csv", b"ID\r\n1\r\n"),
                           ("SalesDB.dbo.T.csv", b"ID:int\r\nx\r\n"),
                           ("SalesDB.dbo.T.csv", b'"A:decimal(4,1)"\r\n1.25\r\n'),
                           ("SalesDB.dbo.T.csv", b"ID:int,id:int\r\n1,2\r\n"),
                           ("SalesDB.T.csv", b"ID:int\r\n1\r\n"),
                           ("SalesDB.dbo.T.csv", b"")):
            with self.assertRaises(CaseError, msg=data):
                read_table_file(self.write(name, data))


class FlatFiles(unittest.TestCase):
    SPEC = {"format": "Delimited", "column_delimiter": ",", "row_delimiter": "\r\n", "text_qualifier": '"',
            "header_rows_to_skip": 0, "column_names_in_first_row": True, "code_page": 1252, "unicode": False,
            "columns": []}

    def test_render(self):
        text = flatfile.render(self.SPEC, ["A", "B"], [["1", 'x,"y"'], ["\\N", " z"]])
        self.assertEqual(text, 'A,B\r\n1,"x,""y"""\r\n,\" z\"\r\n')

    def test_roundtrip_with_skip_rows_and_per_column_delimiters(self):
        spec = dict(self.SPEC, header_rows_to_skip=2, text_qualifier=None,
                    columns=[{"name": "A", "delimiter": "|"}, {"name": "B", "delimiter": "\n"}])
        text = flatfile.render(spec, ["A", "B"], [["1", "é"], ["2", ""]])
        self.assertTrue(text.startswith("skipped header row 1\nskipped header row 2\nA|B\n"))
        header, rows = flatfile.parse(text, spec, 2)
        self.assertEqual(header, ["A", "B"])
        self.assertEqual(rows, [["1", "é"], ["2", ""]])

    def test_ragged_right_and_fixed_width(self):
        spec = dict(self.SPEC, format="RaggedRight", column_names_in_first_row=False, row_delimiter="",
                    columns=[{"name": "A", "width": 4}, {"name": "B", "width": 3},
                             {"name": "C", "delimiter": "\r\n"}])
        text = flatfile.render(spec, ["A", "B", "C"], [["ab", " c", "5"], ["abcd", "xyz", ""]])
        self.assertEqual(text, "ab   c 5\r\nabcdxyz\r\n")
        self.assertEqual(flatfile.parse(text, spec, 3), (None, [["ab  ", " c ", "5"], ["abcd", "xyz", ""]]))
        with self.assertRaises(CaseError):
            flatfile.render(spec, ["A", "B", "C"], [["abcde", "", ""]])
        fixed = dict(spec, format="FixedWidth", columns=[{"name": "A", "width": 2}, {"name": "B", "width": 1}])
        self.assertEqual(flatfile.render(fixed, ["A", "B"], [["a", "b"], ["cc", "d"]]), "a bccd")
        self.assertEqual(flatfile.parse("a bccd", fixed, 2), (None, [["a ", "b"], ["cc", "d"]]))
        with self.assertRaises(CaseError):
            flatfile.render(dict(spec, columns=[{"name": "A"}, {"name": "B"}, {"name": "C"}]),
                            ["A", "B", "C"], [])
        # without a width, the length of the column's string type
        typed = dict(spec, columns=[{"name": "A", "ssis_type": "DT_STR(4,1252)"},
                                    {"name": "B", "ssis_type": "DT_WSTR(3)"}, {"name": "C"}])
        self.assertEqual(flatfile.render(typed, ["A", "B", "C"], [["ab", " c", "5"]]), "ab   c 5\r\n")
        with self.assertRaises(CaseError):
            flatfile.render(dict(spec, format="Excel"), ["A", "B", "C"], [])

    def test_parse_qualified(self):
        header, rows = flatfile.parse('A,B\r\n"1","a,""b"""\r\n2,c', self.SPEC, 2)
        self.assertEqual(rows, [["1", 'a,"b"'], ["2", "c"]])

    def test_short_row_is_an_error(self):
        with self.assertRaises(CaseError):
            flatfile.parse("A,B\r\n1\r\n2,3\r\n", self.SPEC, 2)

    def test_code_page(self):
        d = tempfile.mkdtemp()
        p = os.path.join(d, "f.txt")
        flatfile.write(p, self.SPEC, ["A"], [["é€"]])
        with open(p, "rb") as fh:
            self.assertEqual(fh.read(), b"A\r\n\xe9\x80\r\n")
        with self.assertRaises(CaseError):
            flatfile.write(p, self.SPEC, ["A"], [["\u4e2d"]])
        u = dict(self.SPEC, unicode=True)
        flatfile.write(p, u, ["A"], [["x"]])
        self.assertEqual(flatfile.read(p, u, 1), (["A"], [["x"]]))

    def test_no_qualifier_rejects_delimiters(self):
        with self.assertRaises(CaseError):
            flatfile.render(dict(self.SPEC, text_qualifier=None), ["A", "B"], [["a,b", "c"]])
        # one column: the comma is not a delimiter
        self.assertEqual(flatfile.render(dict(self.SPEC, text_qualifier=None), ["A"], [["a,b"]]),
                         "A\r\na,b\r\n")


if __name__ == "__main__":
    unittest.main()
