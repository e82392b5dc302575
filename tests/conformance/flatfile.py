"""flatfile.py — writes a case's `<conn>.flatfile.csv` rows in the flat file
connection's own format (the manifest's `file` entry), and reads back a
file a package wrote, so that it can be compared."""
from sqltypes import CaseError, NULL_TOKEN

SKIPPED_ROW_TEXT = "skipped header row %d"


def encoding_of(spec):
    """Python codec for the connection's code page."""
    if spec.get("unicode"):
        return "utf-16"          # UTF-16 LE with a BOM, as SSIS writes it
    cp = spec.get("code_page")
    if cp in (None, 65001):
        return "utf-8"
    if cp == 1200:
        return "utf-16"
    if cp == 20127:
        return "ascii"
    if cp == 28591:
        return "latin-1"
    return "cp%d" % cp


def _delimiters(spec, ncols):
    """Per-column field terminators: each column's own delimiter when the
    manifest gives it (the last column's ends the row), else the
    connection's column delimiter and, after the last column, its row
    delimiter."""
    row = spec.get("row_delimiter") or "\r\n"
    cols = spec.get("columns") or []
    col_delim = spec.get("column_delimiter")
    if col_delim is None:
        col_delim = ","
    if cols and len(cols) != ncols:
        raise CaseError("the flat file has %d columns, the connection %d" % (ncols, len(cols)))
    out = []
    for i in range(ncols):
        if cols and cols[i].get("delimiter") is not None:
            d = cols[i]["delimiter"]
        else:
            d = row if i == ncols - 1 else col_delim
        if d == "":
            raise CaseError("flat file column %d has an empty delimiter" % (i + 1))
        out.append(d)
    return out


def _qualified(spec, i):
    q = spec.get("text_qualifier")
    if not q:
        return None
    cols = spec.get("columns") or []
    if cols and cols[i].get("text_qualified") is False:
        return None
    return q


def check_format(spec, legacy):
    fmt = spec.get("format", "Delimited")
    if fmt != "Delimited":
        raise CaseError("%s: flat file format %s is not supported by the harness (Delimited only)"
                        % (legacy, fmt))


def render(spec, names, rows, legacy="flat file"):
    """The text of a flat file with these column names and raw rows
    (`\\N` is written as an empty field: a flat file has no NULL)."""
    check_format(spec, legacy)
    n = len(names)
    delims = _delimiters(spec, n)
    row_delim = delims[-1]
    out = []
    for k in range(int(spec.get("header_rows_to_skip") or 0)):
        out.append(SKIPPED_ROW_TEXT % (k + 1) + row_delim)

    def field(i, value):
        q = _qualified(spec, i)
        specials = [d for d in delims] + ["\r", "\n"]
        need = value != value.strip() or any(s and s in value for s in specials)
        if q:
            if q in value or need:
                return q + value.replace(q, q + q) + q
            return value
        if need and any(s and s in value for s in specials):
            raise CaseError("%s: value %r contains a delimiter and the connection has no text "
                            "qualifier" % (legacy, value))
        return value

    def line(values):
        return "".join(field(i, v) + delims[i] for i, v in enumerate(values))

    if spec.get("column_names_in_first_row", True):
        out.append(line(names))
    for r in rows:
        out.append(line(["" if v == NULL_TOKEN else v for v in r]))
    return "".join(out)


def write(path, spec, names, rows, legacy="flat file"):
    text = render(spec, names, rows, legacy)
    enc = encoding_of(spec)
    try:
        data = text.encode(enc)
    except UnicodeEncodeError as e:
        raise CaseError("%s: a value cannot be written in code page %s (%s)"
                        % (legacy, spec.get("code_page"), e))
    with open(path, "wb") as fh:
        fh.write(data)


def parse(text, spec, ncols, legacy="flat file"):
    """Split a written flat file into (header names or None, rows of str)."""
    check_format(spec, legacy)
    delims = _delimiters(spec, ncols)
    row_delim = delims[-1]
    pos = 0
    n = len(text)
    for _ in range(int(spec.get("header_rows_to_skip") or 0)):
        k = text.find(row_delim, pos)
        pos = n if k < 0 else k + len(row_delim)

    def read_row():
        nonlocal pos
        values = []
        for i in range(ncols):
            q = _qualified(spec, i)
            d = delims[i]
            if q and text.startswith(q, pos):
                p = pos + len(q)
                buf = []
                while True:
                    k = text.find(q, p)
                    if k < 0:
                        raise CaseError("%s: unterminated text qualifier at offset %d" % (legacy, pos))
                    buf.append(text[p:k])
                    if text.startswith(q + q, k):
                        buf.append(q)
                        p = k + 2 * len(q)
                        continue
                    p = k + len(q)
                    break
                value = "".join(buf)
                if text.startswith(d, p):
                    pos = p + len(d)
                elif p >= n and i == ncols - 1:
                    pos = n
                else:
                    raise CaseError("%s: text after a closing qualifier at offset %d" % (legacy, p))
            else:
                k = text.find(d, pos)
                if k < 0:
                    if i == ncols - 1:
                        value, pos = text[pos:], n
                    else:
                        raise CaseError("%s: row ends after %d of %d columns" % (legacy, i, ncols))
                else:
                    # a short row: the row delimiter comes before this column's delimiter
                    r = text.find(row_delim, pos) if i < ncols - 1 else -1
                    if 0 <= r < k:
                        raise CaseError("%s: a row has %d columns, expected %d" % (legacy, i + 1, ncols))
                    value, pos = text[pos:k], k + len(d)
            values.append(value)
        return values

    header = None
    if spec.get("column_names_in_first_row", True) and pos < n:
        header = read_row()
    rows = []
    while pos < n:
        rows.append(read_row())
    return header, rows


def read(path, spec, ncols, legacy="flat file"):
    with open(path, "rb") as fh:
        data = fh.read()
    enc = encoding_of(spec)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as e:
        raise CaseError("%s: the written file is not in code page %s (%s)"
                        % (legacy, spec.get("code_page"), e))
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse(text, spec, ncols, legacy)
