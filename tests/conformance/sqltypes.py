"""sqltypes.py — the SQL Server type names of conformance table files.

Parses a header type (`decimal(10,2)`, `nvarchar(max)`), gives the column
type to create in each engine, turns a CSV field into the text or value
the engine loads, and turns any value (CSV text, DuckDB or psycopg2 result)
into a comparison key.  Comparison keys are plain Python values:
int, Decimal, float, str, bytes, date, time, datetime (UTC, naive) —
wrapped in Bad when a value cannot stand for the declared type.
"""
import datetime as _dt
import decimal
import re
import uuid

NULL_TOKEN = "\\N"


class CaseError(Exception):
    """The case itself is wrong (bad file, unknown type, unknown table)."""


class SqlType:
    """A SQL Server column type: base name plus length / precision / scale."""

    def __init__(self, base, length=None, precision=None, scale=None, text=None):
        self.base = base            # canonical base name, e.g. "decimal"
        self.length = length        # int, or "max", or None
        self.precision = precision
        self.scale = scale
        self.text = text or base

    @property
    def family(self):
        return FAMILIES[self.base]

    def __repr__(self):
        return self.text

    def duckdb_ddl(self):
        f, b = self.family, self.base
        if f == "int":
            return {"int": "INTEGER", "bigint": "BIGINT", "smallint": "SMALLINT",
                    "tinyint": "UTINYINT"}[b]
        if f == "bit":
            return "BOOLEAN"
        if f == "decimal":
            return "DECIMAL(%d,%d)" % (self.precision, self.scale)
        if f == "float":
            return "REAL" if b == "real" else "DOUBLE"
        if f == "string":
            return "VARCHAR"
        if f == "date":
            return "DATE"
        if f == "datetime":
            return "TIMESTAMP"
        if f == "time":
            return "TIME"
        if f == "datetimeoffset":
            return "TIMESTAMPTZ"
        if f == "uuid":
            return "UUID"
        return "BLOB"

    def postgres_ddl(self):
        f, b = self.family, self.base
        if f == "int":
            return {"int": "integer", "bigint": "bigint", "smallint": "smallint",
                    "tinyint": "smallint"}[b]
        if f == "bit":
            return "boolean"
        if f == "decimal":
            return "numeric(%d,%d)" % (self.precision, self.scale)
        if f == "float":
            return "real" if b == "real" else "double precision"
        if f == "string":
            if self.length in (None, "max"):
                return "text"
            return "varchar(%d)" % self.length
        if f == "date":
            return "date"
        if f == "datetime":
            return "timestamp(%d)" % min(self.scale, 6)
        if f == "time":
            return "time(%d)" % min(self.scale, 6)
        if f == "datetimeoffset":
            return "timestamptz(%d)" % min(self.scale, 6)
        if f == "uuid":
            return "uuid"
        return "bytea"

    def ddl(self, engine):
        return self.duckdb_ddl() if engine == "duckdb" else self.postgres_ddl()


FAMILIES = {
    "int": "int", "bigint": "int", "smallint": "int", "tinyint": "int",
    "bit": "bit",
    "decimal": "decimal", "numeric": "decimal", "money": "decimal", "smallmoney": "decimal",
    "float": "float", "real": "float",
    "varchar": "string", "nvarchar": "string", "char": "string", "nchar": "string",
    "text": "string", "ntext": "string", "sysname": "string",
    "date": "date",
    "datetime": "datetime", "datetime2": "datetime", "smalldatetime": "datetime",
    "time": "time",
    "datetimeoffset": "datetimeoffset",
    "uniqueidentifier": "uuid",
    "varbinary": "binary", "binary": "binary", "image": "binary",
}

_TYPE_RE = re.compile(r"^\s*([A-Za-z0-9_]+)\s*(?:\(\s*([^)]*?)\s*\))?\s*$")


def parse_type(text):
    """Parse a SQL Server type name; raises CaseError when it is unknown."""
    m = _TYPE_RE.match(text)
    if not m or m.group(1).lower() not in FAMILIES:
        raise CaseError("unknown column type %r" % text)
    base = m.group(1).lower()
    args = [a.strip().lower() for a in m.group(2).split(",")] if m.group(2) is not None else []
    t = SqlType(base, text=text.strip())

    def num(a):
        if not a.isdigit():
            raise CaseError("bad type argument in %r" % text)
        return int(a)

    fam = FAMILIES[base]
    if fam == "decimal":
        if base == "money":
            t.precision, t.scale = 19, 4
        elif base == "smallmoney":
            t.precision, t.scale = 10, 4
        else:
            if len(args) > 2:
                raise CaseError("bad type %r" % text)
            t.precision = num(args[0]) if args else 18
            t.scale = num(args[1]) if len(args) > 1 else 0
            if not 1 <= t.precision <= 38 or t.scale > t.precision:
                raise CaseError("bad precision/scale in %r" % text)
    elif fam in ("string", "binary"):
        if len(args) > 1:
            raise CaseError("bad type %r" % text)
        if args:
            t.length = "max" if args[0] == "max" else num(args[0])
        elif base in ("char", "nchar", "binary"):
            t.length = 1
        elif base in ("text", "ntext", "image"):
            t.length = "max"
        elif base == "sysname":
            t.length = 128
        else:
            t.length = 1
    elif fam in ("datetime", "time", "datetimeoffset"):
        if base == "datetime":
            t.scale = 3
        elif base == "smalldatetime":
            t.scale = 0
        else:
            t.scale = num(args[0]) if args else 7
            if t.scale > 7:
                raise CaseError("bad fractional-second precision in %r" % text)
    elif fam == "float":
        if base == "float" and args:
            n = num(args[0])
            if n <= 24:
                t.base = "real"
    elif args:
        raise CaseError("type %r takes no arguments" % text)
    return t


def parse_header_field(field):
    """`name:TYPE` -> (name, SqlType)."""
    if ":" not in field:
        raise CaseError("header field %r is not name:TYPE" % field)
    name, typ = field.rsplit(":", 1)
    name = name.strip()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    if not name:
        raise CaseError("header field %r has no column name" % field)
    return name, parse_type(typ)


# --- values -----------------------------------------------------------------

class Bad:
    """A value that does not fit the declared type; equal to nothing but an
    identical Bad."""

    def __init__(self, raw, why):
        self.raw, self.why = raw, why

    def __eq__(self, other):
        return isinstance(other, Bad) and other.raw == self.raw and other.why == self.why

    def __hash__(self):
        return hash((repr(self.raw), self.why))

    def __repr__(self):
        return "%r (%s)" % (self.raw, self.why)


def _pyname(v):
    return type(v).__name__


_DT_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$")


def _micro(frac):
    """Fraction digits -> microseconds (digits past the sixth are dropped)."""
    if not frac:
        return 0
    return int((frac + "000000")[:6])


def _parse_offset(s):
    if s == "Z":
        return _dt.timezone.utc
    sign = -1 if s[0] == "-" else 1
    digits = s[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4]) if len(digits) > 2 else 0
    return _dt.timezone(sign * _dt.timedelta(hours=hours, minutes=minutes))


def parse_datetime_text(s):
    m = _DT_RE.match(s.strip())
    if not m:
        raise ValueError(s)
    y, mo, d, h, mi, sec, frac, off = m.groups()
    v = _dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0), _micro(frac))
    if off:
        v = v.replace(tzinfo=_parse_offset(off))
    return v, h is not None


def _to_utc_naive(v):
    if v.tzinfo is not None:
        v = v.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return v


def canon(t, v, flat=False):
    """Comparison key of value v (CSV text, or a value read from an engine)
    for declared type t.  None is NULL.  With flat=True v is a field of a
    flat file, where NULL and the empty field cannot be told apart: both
    give None for non-string types and "" for strings."""
    if v is None:
        return "" if flat and t.family == "string" else None
    f = t.family
    if flat and isinstance(v, str) and v == "" and f != "string":
        return None
    try:
        if f == "string":
            if isinstance(v, str):
                if t.base in ("char", "nchar") and isinstance(t.length, int):
                    v = v.ljust(t.length)
                return v
            return Bad(v, "%s, not a string" % _pyname(v))
        if f == "int":
            if isinstance(v, bool):
                return Bad(v, "boolean, not an integer")
            if isinstance(v, int):
                return v
            if isinstance(v, decimal.Decimal):
                if v == v.to_integral_value():
                    return int(v)
                return Bad(v, "not an integer")
            if isinstance(v, str):
                return int(v.strip())
            return Bad(v, "%s, not an integer" % _pyname(v))
        if f == "bit":
            if isinstance(v, bool):
                return int(v)
            if isinstance(v, int) and v in (0, 1):
                return v
            if isinstance(v, str):
                s = v.strip().lower()
                if s in ("0", "false", "f"):
                    return 0
                if s in ("1", "true", "t"):
                    return 1
            return Bad(v, "not a bit")
        if f == "decimal":
            if isinstance(v, bool):
                return Bad(v, "boolean, not a decimal")
            if isinstance(v, int):
                return decimal.Decimal(v)
            if isinstance(v, decimal.Decimal):
                return v
            if isinstance(v, str):
                d = decimal.Decimal(v.strip())
                if not d.is_finite():
                    raise ValueError(v)
                return d
            return Bad(v, "%s, not a decimal" % _pyname(v))
        if f == "float":
            if isinstance(v, bool):
                return Bad(v, "boolean, not a float")
            if isinstance(v, (int, float, decimal.Decimal)):
                return float(v)
            if isinstance(v, str):
                s = v.strip()
                return float({"infinity": "inf", "-infinity": "-inf"}.get(s.lower(), s))
            return Bad(v, "%s, not a float" % _pyname(v))
        if f == "date":
            if isinstance(v, _dt.datetime):
                return Bad(v, "timestamp, not a date")
            if isinstance(v, _dt.date):
                return v
            if isinstance(v, str):
                d, has_time = parse_datetime_text(v)
                if has_time or d.tzinfo is not None:
                    return Bad(v, "not a date")
                return d.date()
            return Bad(v, "%s, not a date" % _pyname(v))
        if f in ("datetime", "datetimeoffset"):
            if isinstance(v, _dt.datetime):
                if f == "datetime" and v.tzinfo is not None:
                    return Bad(v, "timestamp with time zone, not a timestamp")
                return _to_utc_naive(v)
            if isinstance(v, _dt.date):
                return Bad(v, "date, not a timestamp")
            if isinstance(v, str):
                d, _ = parse_datetime_text(v)
                if f == "datetime" and d.tzinfo is not None:
                    return Bad(v, "has a time zone offset")
                if f == "datetimeoffset" and d.tzinfo is None:
                    return Bad(v, "has no time zone offset")
                return _to_utc_naive(d)
            return Bad(v, "%s, not a timestamp" % _pyname(v))
        if f == "time":
            if isinstance(v, _dt.time):
                return v.replace(tzinfo=None)
            if isinstance(v, _dt.timedelta):
                secs = v.total_seconds()
                if 0 <= secs < 86400:
                    return (_dt.datetime.min + v).time()
                return Bad(v, "interval out of range")
            if isinstance(v, str):
                m = _TIME_RE.match(v.strip())
                if not m:
                    raise ValueError(v)
                h, mi, sec, frac = m.groups()
                return _dt.time(int(h), int(mi), int(sec or 0), _micro(frac))
            return Bad(v, "%s, not a time" % _pyname(v))
        if f == "uuid":
            if isinstance(v, uuid.UUID):
                return str(v)
            if isinstance(v, str):
                return str(uuid.UUID(v.strip().strip("{}")))
            return Bad(v, "%s, not a uniqueidentifier" % _pyname(v))
        if f == "binary":
            if isinstance(v, (bytes, bytearray, memoryview)):
                return bytes(v)
            if isinstance(v, str):
                s = v.strip()
                if s[:2].lower() == "0x":
                    s = s[2:]
                elif s[:2] == "\\x":
                    s = s[2:]
                return bytes.fromhex(s)
            return Bad(v, "%s, not binary" % _pyname(v))
    except (ValueError, ArithmeticError, OverflowError):
        return Bad(v, "not a valid %s" % t.text)
    raise AssertionError("unhandled family %s" % f)


def load_value(t, text):
    """The Python value to bind when loading CSV field `text` (None = NULL)
    into a column of type t; the INSERT casts it with load_cast()."""
    if text == NULL_TOKEN:
        return None
    k = canon(t, text)
    if isinstance(k, Bad):
        raise CaseError("value %r is not a valid %s" % (text, t.text))
    f = t.family
    if f == "string":
        return k
    if f == "binary":
        return k
    if f == "bit":
        return bool(k)
    if f == "decimal":
        if k.as_tuple().exponent < -t.scale:
            raise CaseError("value %r has more than %d decimals for %s" % (text, t.scale, t.text))
        return str(k)
    if f == "float":
        return repr(k)
    if f == "datetime":
        return k.isoformat(sep=" ")
    if f == "datetimeoffset":
        return k.isoformat(sep=" ") + "+00:00"      # k is the instant in UTC
    if f in ("date", "time", "int"):
        return k.isoformat() if f != "int" else str(k)
    return k                                        # uuid: canonical text


def format_value(v):
    """A readable rendering of a comparison key or raw value."""
    if v is None:
        return "NULL"
    if isinstance(v, Bad):
        return repr(v)
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, bytes):
        return "0x" + v.hex().upper()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, _dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, (_dt.date, _dt.time)):
        return v.isoformat()
    return str(v)
