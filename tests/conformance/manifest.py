"""manifest.py — reads the generated project's source map
(`ssis2dbt_manifest.json`, docs/manifest.md): which relation each legacy
source must be loaded into, which model and relation (or file) stands for
each legacy destination, and which dbt var carries each SSIS parameter."""
import json
import os
import re

from sqltypes import CaseError, parse_type

MANIFEST = "ssis2dbt_manifest.json"


class Manifest:
    def __init__(self, proj):
        path = os.path.join(proj, MANIFEST)
        if not os.path.exists(path):
            raise CaseError("the compiler wrote no %s in %s" % (MANIFEST, proj))
        try:
            with open(path, encoding="utf-8") as fh:
                self.data = json.load(fh)
        except (ValueError, UnicodeDecodeError) as e:
            raise CaseError("%s: not valid JSON (%s)" % (path, e))
        d = self.data
        if d.get("format") != "ssis2dbt-manifest":
            raise CaseError("%s: format is %r, not ssis2dbt-manifest" % (path, d.get("format")))
        if d.get("version") != 1:
            raise CaseError("%s: version %r is not supported (1)" % (path, d.get("version")))
        self.path = path
        self.target = d.get("target")
        self.sources = self._index(d.get("sources", []), "sources")
        self.destinations = self._index(d.get("destinations", []), "destinations")
        self.vars = d.get("vars", [])
        self.models = {m.get("name"): m for m in d.get("models", [])}
        prof = d.get("profile") or {}
        self.profiles_dir = os.path.normpath(os.path.join(proj, prof.get("dir") or "."))

    def _index(self, entries, what):
        out = {}
        for e in entries:
            legacy = e.get("legacy")
            if not legacy:
                raise CaseError("%s: an entry of %s[] has no legacy name" % (self.path_or(), what))
            key = legacy.lower()
            if key in out:
                raise CaseError("%s: %s[] lists %s twice" % (self.path_or(), what, legacy))
            kind = e.get("kind")
            if kind not in ("table", "flatfile"):
                raise CaseError("%s: %s %s has kind %r" % (self.path_or(), what, legacy, kind))
            if kind == "table" and not (e.get("relation") or {}).get("identifier"):
                raise CaseError("%s: %s %s has no relation" % (self.path_or(), what, legacy))
            if kind == "flatfile" and not isinstance(e.get("file"), dict):
                raise CaseError("%s: %s %s has no file entry" % (self.path_or(), what, legacy))
            out[key] = e
        return out

    def path_or(self):
        return getattr(self, "path", MANIFEST)

    def databases(self):
        """Database names the relations use (null = default) other than null."""
        dbs = set()
        for e in list(self.sources.values()) + list(self.destinations.values()):
            db = (e.get("relation") or {}).get("database")
            if db:
                dbs.add(db)
        return dbs

    def var_for(self, ssis_name):
        exact = [v for v in self.vars if v.get("ssis_name") == ssis_name]
        if not exact:
            exact = [v for v in self.vars if (v.get("ssis_name") or "").lower() == ssis_name.lower()]
        if len(exact) != 1:
            known = ", ".join(v.get("ssis_name", "?") for v in self.vars) or "none"
            raise CaseError("%s is not a var of the generated project (vars: %s)" % (ssis_name, known))
        return exact[0]["name"]


_SSIS_RE = re.compile(r"^\s*(DT_[A-Z0-9]+)\s*(?:\(([^)]*)\))?\s*$", re.I)


def ssis_to_sql(ssis_type):
    """SqlType for an SSIS type such as DT_WSTR(50), DT_NUMERIC(12,2)."""
    m = _SSIS_RE.match(ssis_type or "")
    if not m:
        raise CaseError("unknown SSIS type %r in the manifest" % ssis_type)
    name = m.group(1).upper()
    args = [a.strip() for a in (m.group(2) or "").split(",") if a.strip()]
    a0 = args[0] if args else None
    simple = {
        "DT_BOOL": "bit", "DT_CY": "money", "DT_DATE": "datetime", "DT_DBDATE": "date",
        "DT_DBTIME": "time(0)", "DT_DBTIMESTAMP": "datetime", "DT_FILETIME": "datetime2(3)",
        "DT_GUID": "uniqueidentifier", "DT_I1": "smallint", "DT_I2": "smallint", "DT_I4": "int",
        "DT_I8": "bigint", "DT_UI1": "tinyint", "DT_UI2": "int", "DT_UI4": "bigint",
        "DT_UI8": "decimal(20,0)", "DT_R4": "real", "DT_R8": "float", "DT_IMAGE": "varbinary(max)",
        "DT_TEXT": "varchar(max)", "DT_NTEXT": "nvarchar(max)",
    }
    if name in simple:
        return parse_type(simple[name])
    if name == "DT_WSTR":
        return parse_type("nvarchar(%s)" % (a0 or "max"))
    if name == "DT_STR":
        return parse_type("varchar(%s)" % (a0 or "max"))
    if name == "DT_BYTES":
        return parse_type("varbinary(%s)" % (a0 or "max"))
    if name == "DT_NUMERIC":
        return parse_type("decimal(%s,%s)" % (a0 or "18", args[1] if len(args) > 1 else "0"))
    if name == "DT_DECIMAL":
        return parse_type("decimal(29,%s)" % (a0 or "0"))
    if name == "DT_DBTIMESTAMP2":
        return parse_type("datetime2(%s)" % (a0 or "7"))
    if name == "DT_DBTIME2":
        return parse_type("time(%s)" % (a0 or "7"))
    if name == "DT_DBTIMESTAMPOFFSET":
        return parse_type("datetimeoffset(%s)" % (a0 or "7"))
    raise CaseError("unknown SSIS type %r in the manifest" % ssis_type)
