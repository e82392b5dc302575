"""tablefile.py — reads the table files of a conformance case
(`<conn>.<schema>.<table>.csv`, `<conn>.flatfile.csv`): RFC 4180 CSV,
UTF-8, CRLF or LF, a `name:TYPE` header, `\\N` for NULL."""
import csv
import io
import os

from sqltypes import NULL_TOKEN, Bad, CaseError, canon, parse_header_field


class TableFile:
    def __init__(self, path, legacy, columns, rows):
        self.path = path
        self.legacy = legacy        # "SalesDB.dbo.Orders" or "SalesFile.flatfile"
        self.columns = columns      # [(name, SqlType)]
        self.rows = rows            # [[str]] raw fields, "\\N" kept as is

    @property
    def names(self):
        return [c[0] for c in self.columns]

    @property
    def is_flatfile(self):
        return self.legacy.lower().endswith(".flatfile")


def legacy_name(filename):
    """`SalesDB.dbo.Orders.csv` -> `SalesDB.dbo.Orders`; checks the shape."""
    if not filename.lower().endswith(".csv"):
        raise CaseError("%s: table files end in .csv" % filename)
    stem = filename[:-4]
    parts = stem.split(".")
    if len(parts) == 2 and parts[1].lower() == "flatfile":
        return stem
    if len(parts) != 3 or not all(parts):
        raise CaseError("%s: a table file is named <conn>.<schema>.<table>.csv "
                        "or <conn>.flatfile.csv" % filename)
    return stem


def read_table_file(path):
    legacy = legacy_name(os.path.basename(path))
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise CaseError("%s: not UTF-8 (%s)" % (path, e))
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as e:
        raise CaseError("%s: line %d: %s" % (path, reader.line_num, e))
    if not records:
        raise CaseError("%s: empty file (the first line is the header)" % path)
    columns = [parse_header_field(f) for f in records[0]]
    seen = set()
    for name, _ in columns:
        if name.lower() in seen:
            raise CaseError("%s: column %s appears twice" % (path, name))
        seen.add(name.lower())
    rows = []
    for i, r in enumerate(records[1:], start=2):
        if r == [] :
            raise CaseError("%s: record %d is an empty line" % (path, i))
        if len(r) != len(columns):
            raise CaseError("%s: record %d has %d fields, the header has %d"
                            % (path, i, len(r), len(columns)))
        for (name, t), v in zip(columns, r):
            if v == NULL_TOKEN:
                continue
            k = canon(t, v)
            if isinstance(k, Bad):
                raise CaseError("%s: record %d: %s is %r, not a valid %s" % (path, i, name, v, t.text))
            if t.family == "decimal" and k.as_tuple().exponent < -t.scale:
                raise CaseError("%s: record %d: %s is %s, more decimals than %s allows"
                                % (path, i, name, v, t.text))
        rows.append(r)
    return TableFile(path, legacy, columns, rows)


def read_table_dir(d):
    """Every table file in folder d (may not exist), keyed by lower-case legacy name."""
    out = {}
    if not os.path.isdir(d):
        return out
    for fn in sorted(os.listdir(d)):
        p = os.path.join(d, fn)
        if not os.path.isfile(p):
            continue
        tf = read_table_file(p)
        key = tf.legacy.lower()
        if key in out:
            raise CaseError("%s and %s name the same table" % (out[key].path, p))
        out[key] = tf
    return out
