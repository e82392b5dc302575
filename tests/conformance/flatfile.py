"""flatfile.py — writes a case's `<conn>.flatfile.csv` rows in the flat file
connection's own format (the manifest's `file` entry), and reads back a
file a package wrote, so that it can be compared."""
import re

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


FORMATS = ("Delimited", "RaggedRight", "FixedWidth")


_LEN_RE = re.compile(r"^\s*DT_W?STR\s*\(\s*(\d+)", re.I)


def _width(col):
    """A fixed-width column's width: `width` in the manifest, else the
    length of its DT_STR / DT_WSTR type."""
    w = col.get("width", col.get("column_width"))
    if w not in (None, ""):
        return int(w)
    m = _LEN_RE.match(col.get("ssis_type") or "")
    return int(m.group(1)) if m else None


def _layout(spec, ncols, legacy="flat file"):
    """How each column ends: ("delim", text) or ("fixed", width).

    Delimited: each column ends with its own `delimiter` when the manifest
    gives it, else the connection's column delimiter; the last column ends
    with its delimiter or the row delimiter.  RaggedRight: every column but
    the last has a `width`; the last is delimited.  FixedWidth: every column
    has a `width`, and there is no row delimiter."""
    fmt = spec.get("format") or "Delimited"
    if fmt not in FORMATS:
        raise CaseError("%s: flat file format %s is not supported by the harness (%s)"
                        % (legacy, fmt, ", ".join(FORMATS)))
    row = spec.get("row_delimiter") or "\r\n"
    cols = spec.get("columns") or []
    col_delim = spec.get("column_delimiter")
    if col_delim is None:
        col_delim = ","
    if cols and len(cols) != ncols:
        raise CaseError("%s: the flat file has %d columns, the connection %d" % (legacy, ncols, len(cols)))
    out = []
    for i in range(ncols):
        last = i == ncols - 1
        c = cols[i] if cols else {}
        fixed = fmt == "FixedWidth" or (fmt == "RaggedRight" and not last)
        if fixed:
            w = _width(c)
            if not w:
                raise CaseError("%s: %s column %d needs a width in the manifest (file.columns[].width)"
                                % (legacy, fmt, i + 1))
            out.append(("fixed", w))
            continue
        d = c.get("delimiter")
        if d is None or d == "":
            d = row if last else col_delim
        out.append(("delim", d))
    return out


def _row_delimiter(spec, layout):
    if layout[-1][0] == "delim":
        return layout[-1][1]
    return spec.get("row_delimiter") or ""


def _qualified(spec, i):
    q = spec.get("text_qualifier")
    if not q:
        return None
    cols = spec.get("columns") or []
    if cols and cols[i].get("text_qualified") is False:
        return None
    return q


def render(spec, names, rows, legacy="flat file"):
    """The text of a flat file with these column names and raw rows
    (`\\N` is written as an empty field: a flat file has no NULL)."""
    n = len(names)
    layout = _layout(spec, n, legacy)
    row_delim = _row_delimiter(spec, layout)
    delims = [x for kind, x in layout if kind == "delim"]
    out = []
    for k in range(int(spec.get("header_rows_to_skip") or 0)):
        if not row_delim:
            raise CaseError("%s: header rows to skip need a row delimiter" % legacy)
        out.append(SKIPPED_ROW_TEXT % (k + 1) + row_delim)

    def field(i, value):
        kind, x = layout[i]
        if kind == "fixed":
            if len(value) > x:
                raise CaseError("%s: value %r is wider than its column (%d)" % (legacy, value, x))
            return value.ljust(x)
        q = _qualified(spec, i)
        specials = delims + ["\r", "\n"]
        has_special = any(s and s in value for s in specials)
        if q:
            if q in value or has_special or value != value.strip():
                return q + value.replace(q, q + q) + q + x
            return value + x
        if has_special:
            raise CaseError("%s: value %r contains a delimiter and the connection has no text "
                            "qualifier" % (legacy, value))
        return value + x

    def line(values):
        return "".join(field(i, v) for i, v in enumerate(values))

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
    layout = _layout(spec, ncols, legacy)
    row_delim = _row_delimiter(spec, layout)
    pos = 0
    n = len(text)
    for _ in range(int(spec.get("header_rows_to_skip") or 0)):
        k = text.find(row_delim, pos) if row_delim else -1
        pos = n if k < 0 else k + len(row_delim)

    def read_row():
        nonlocal pos
        values = []
        for i in range(ncols):
            kind, d = layout[i]
            last = i == ncols - 1
            if kind == "fixed":
                if pos + d > n:
                    raise CaseError("%s: a row ends inside fixed-width column %d" % (legacy, i + 1))
                values.append(text[pos:pos + d])
                pos += d
                if last and row_delim and text.startswith(row_delim, pos):
                    pos += len(row_delim)
                continue
            q = _qualified(spec, i)
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
                elif p >= n and last:
                    pos = n
                else:
                    raise CaseError("%s: text after a closing qualifier at offset %d" % (legacy, p))
            else:
                k = text.find(d, pos)
                if k < 0:
                    if last:
                        value, pos = text[pos:], n
                    else:
                        raise CaseError("%s: row ends after %d of %d columns" % (legacy, i, ncols))
                else:
                    # a short row: the row delimiter comes before this column's delimiter
                    r = text.find(row_delim, pos) if (not last and row_delim) else -1
                    if 0 <= r < k:
                        raise CaseError("%s: a row has %d columns, expected %d" % (legacy, i + 1, ncols))
                    value, pos = text[pos:k], k + len(d)
            values.append(value)
        return values

    header = None
    if spec.get("column_names_in_first_row", True) and pos < n:
        header = [h.strip() if layout[i][0] == "fixed" else h for i, h in enumerate(read_row())]
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
