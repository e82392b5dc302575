"""compare.py — compares the rows a model produced with an expected table
file: column names case-insensitively, values by the declared type, rows
as multisets (or in order).  Pure Python, no engine: the unit tests in
test_compare.py drive it directly."""
import math

from sqltypes import Bad, canon, format_value

FLOAT_REL_TOL = 1e-9     # float (8-byte)
REAL_REL_TOL = 1e-6      # real (4-byte): what a float32 keeps
FLOAT_ABS_TOL = 1e-12    # so that 0 and 1e-17 are equal
MAX_SHOWN = 10           # differing rows printed per side


class Result:
    def __init__(self, ok, nrows, lines):
        self.ok = ok
        self.nrows = nrows      # rows expected
        self.lines = lines      # explanation (empty when ok)


def _is_float(t):
    return t.family == "float"


def values_equal(t, a, b):
    """Equality of two comparison keys of declared type t."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, Bad) or isinstance(b, Bad):
        return a == b
    if _is_float(t):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        if math.isinf(a) or math.isinf(b):
            return a == b
        tol = REAL_REL_TOL if t.base == "real" else FLOAT_REL_TOL
        return math.isclose(a, b, rel_tol=tol, abs_tol=FLOAT_ABS_TOL)
    return a == b


def _row_text(names, row):
    return "(" + ", ".join("%s=%s" % (n, format_value(v)) for n, v in zip(names, row)) + ")"


def compare_rows(columns, expected_rows, actual_names, actual_rows, ordered=False, flat=False):
    """columns: [(name, SqlType)] of the expected file; expected_rows: raw
    fields; actual_names / actual_rows: what the engine (or the written
    file) holds.  Returns a Result."""
    lines = []
    by_lower = {}
    for i, n in enumerate(actual_names):
        by_lower.setdefault(n.lower(), i)
    exp_lower = [n.lower() for n, _ in columns]
    missing = [n for n, _ in columns if n.lower() not in by_lower]
    extra = [n for n in actual_names if n.lower() not in exp_lower]
    if missing or extra:
        if missing:
            lines.append("  missing columns: %s" % ", ".join(missing))
        if extra:
            lines.append("  unexpected columns: %s" % ", ".join(extra))
        lines.append("  expected columns: %s" % ", ".join(n for n, _ in columns))
        lines.append("  actual columns:   %s" % ", ".join(actual_names))
        return Result(False, len(expected_rows), lines)

    types = [t for _, t in columns]
    names = [n for n, _ in columns]
    idx = [by_lower[n.lower()] for n in exp_lower]
    exp = [tuple(canon(t, v if v != "\\N" else None, flat) for t, v in zip(types, r))
           for r in expected_rows]
    act = [tuple(canon(t, r[i], flat) for t, i in zip(types, idx)) for r in actual_rows]

    def row_eq(a, b):
        return all(values_equal(t, x, y) for t, x, y in zip(types, a, b))

    if ordered:
        diffs = []
        for pos in range(max(len(exp), len(act))):
            e = exp[pos] if pos < len(exp) else None
            a = act[pos] if pos < len(act) else None
            if e is None or a is None or not row_eq(e, a):
                diffs.append((pos, e, a))
        if not diffs:
            return Result(True, len(exp), [])
        lines.append("  %d expected rows, %d actual rows; %d positions differ (ordered)"
                     % (len(exp), len(act), len(diffs)))
        for pos, e, a in diffs[:MAX_SHOWN]:
            lines.append("  row %d:" % (pos + 1))
            lines.append("    expected %s" % (_row_text(names, e) if e is not None else "(no row)"))
            lines.append("    actual   %s" % (_row_text(names, a) if a is not None else "(no row)"))
        if len(diffs) > MAX_SHOWN:
            lines.append("  ... %d more" % (len(diffs) - MAX_SHOWN))
        return Result(False, len(exp), lines)

    # Multiset: bucket by the columns compared exactly, then match greedily
    # within a bucket (floats compare with a tolerance, so cannot be hashed).
    exact = [i for i, t in enumerate(types) if not _is_float(t)]

    def bucket_key(row):
        return tuple(row[i] for i in exact)

    buckets = {}
    for j, a in enumerate(act):
        buckets.setdefault(bucket_key(a), []).append(j)
    used = [False] * len(act)
    unmatched_exp = []
    for e in exp:
        found = None
        for j in buckets.get(bucket_key(e), ()):
            if not used[j] and row_eq(e, act[j]):
                found = j
                break
        if found is None:
            unmatched_exp.append(e)
        else:
            used[found] = True
    unexpected = [a for j, a in enumerate(act) if not used[j]]
    if not unmatched_exp and not unexpected:
        return Result(True, len(exp), [])
    lines.append("  %d expected rows, %d actual rows; %d missing, %d unexpected"
                 % (len(exp), len(act), len(unmatched_exp), len(unexpected)))
    for label, rows in (("missing   ", unmatched_exp), ("unexpected", unexpected)):
        for r in _sorted_for_display(rows)[:MAX_SHOWN]:
            lines.append("  %s %s" % (label, _row_text(names, r)))
        if len(rows) > MAX_SHOWN:
            lines.append("  ... %d more %s rows" % (len(rows) - MAX_SHOWN, label.strip()))
    return Result(False, len(exp), lines)


def _sorted_for_display(rows):
    """Rows in a stable order so that a missing row and the unexpected row
    that nearly matches it tend to line up."""
    def key(r):
        return tuple((v is None, format_value(v)) for v in r)
    return sorted(rows, key=key)
