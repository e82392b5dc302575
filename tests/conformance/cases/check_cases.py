#!/usr/bin/env python3
"""Static checks for conformance cases (see shared/design/CONFORMANCE.md).

Usage: check_cases.py [CASE_DIR ...]   (default: every case folder next to this file)

For every case it checks
  * case.json: required keys and types, listed packages exist;
  * every .dtsx is well-formed XML with a PackageFormatVersion of 2/3/6/8;
  * inside each package: every path start/end, lineage reference (inputColumn lineageId, #{...}/#N references
    in properties, containsID properties), externalMetadataColumnId, synchronousInputId, connection manager
    reference, Execute SQL connection and precedence-constraint end resolves; every input column reads a
    column that is visible on the path feeding its input; no output or input has two paths;
  * table files: name <conn>.<schema>.<table>.csv or <conn>.flatfile.csv with <conn> a connection manager of the
    case's packages; header fields name:TYPE with a known SQL Server type; CRLF line ends; RFC 4180 quoting;
    values valid for their declared type (\\N = NULL);
  * every OLE DB / ADO.NET / flat-file destination has an expected file listing exactly the destination
    table's columns (external metadata columns); every table-mode source has an input file with its columns (or a destination writes its table through a
    connection manager to the same server and database).
Exit status 0 when all cases pass; problems are printed one per line.
"""
import csv, io, json, os, re, sys
import xml.etree.ElementTree as ET

DTS = "{www.microsoft.com/SqlServer/Dts}"
SQLT = "{www.microsoft.com/sqlserver/dts/tasks/sqltask}"
TYPE_RE = re.compile(r"^(int|bigint|smallint|tinyint|bit|float|real|date|datetime|datetime2|time|uniqueidentifier|money|"
                     r"(decimal|numeric)\(\d+,\d+\)|(n?varchar|n?char)\(\d+\)|varbinary\(\d+\))$", re.I)
FILE_RE = re.compile(r"^(?P<conn>[^.]+)\.(?:(?P<flat>flatfile)|(?P<schema>[^.]+)\.(?P<table>[^.]+))\.csv$", re.I)

problems = []

def bad(case, msg):
    problems.append("%s: %s" % (case, msg))

# ------------------------------------------------------------------ package model
def prop(el, name):
    """DTS property as attribute (format 6/8) or <DTS:Property DTS:Name=...> child (format 2/3)"""
    v = el.get(DTS + name)
    if v is not None:
        return v
    for p in el.findall(DTS + "Property"):
        if p.get(DTS + "Name") == name:
            return p.text or ""
    return None

def strip_name(n):
    return n.replace("[", "").replace("]", "").replace('"', "")

class Pkg:
    def __init__(self, path):
        self.path = path
        self.tree = ET.parse(path)
        root = self.tree.getroot()
        self.root = root
        self.fmt = None
        for p in root.findall(DTS + "Property"):
            if p.get(DTS + "Name") == "PackageFormatVersion":
                self.fmt = int(p.text)
        self.conns = {}     # name.lower() -> (element, creation name, dtsid, refid)
        for cm in root.iter(DTS + "ConnectionManager"):
            name = prop(cm, "ObjectName")
            if name is None:
                continue  # inner ObjectData element
            self.conns[name.lower()] = (cm, prop(cm, "CreationName"), (prop(cm, "DTSID") or "").upper(), cm.get(DTS + "refId"))
        self.variables = set()
        for v in root.iter(DTS + "Variable"):
            self.variables.add("%s::%s" % (prop(v, "Namespace"), prop(v, "ObjectName")))
        for pp in root.iter(DTS + "PackageParameter"):
            self.variables.add("$Package::%s" % prop(pp, "ObjectName"))

    def conn_by_ref(self, ref):
        r = (ref or "").upper()
        for name, (cm, cn, dtsid, refid) in self.conns.items():
            if r == dtsid or (refid and r == refid.upper()) or r == (dtsid + ":EXTERNAL"):
                return name
        return None

def conn_database(cm):
    """(server, database) of a connection manager's connection string, lower case, or None."""
    for inner in cm.iter(DTS + "ConnectionManager"):
        cs = inner.get(DTS + "ConnectionString") or prop(inner, "ConnectionString")
        if not cs:
            continue
        keys = {}
        for part in cs.split(";"):
            k, _, v = part.partition("=")
            keys[k.strip().lower()] = v.strip().lower()
        server = keys.get("data source") or keys.get("server")
        db = keys.get("initial catalog") or keys.get("database")
        if server and db:
            return (server, db)
    return None

def written_elsewhere(fn, dests, databases):
    """A source file name whose table a destination of the case writes through another connection
    manager that points at the same server and database (the compiler reads it through ref())."""
    conn, _, rest = fn.partition(".")
    db = databases.get(conn)
    for (dfn, _, _) in dests:
        dconn, _, drest = dfn.partition(".")
        if drest == rest and db and databases.get(dconn) == db:
            return True
    return False

def check_package(case, pkg):
    where = "%s" % os.path.basename(pkg.path)
    if pkg.fmt not in (2, 3, 6, 8):
        bad(case, "%s: PackageFormatVersion missing or unknown (%r)" % (where, pkg.fmt))
        return [], [], []
    root = pkg.root
    modern = pkg.fmt >= 6
    key = "refId" if modern else "id"
    # executables / precedence constraints
    exe_ids = set()
    for ex in root.iter(DTS + "Executable"):
        exe_ids.add(ex.get(DTS + "refId") if modern else (prop(ex, "DTSID") or "").upper())
    for pc in root.iter(DTS + "PrecedenceConstraint"):
        if modern:
            for end in ("From", "To"):
                if pc.get(DTS + end) not in exe_ids:
                    bad(case, "%s: precedence constraint %s=%s does not resolve" % (where, end, pc.get(DTS + end)))
        else:
            for e in pc.findall(DTS + "Executable"):
                if (e.get("IDREF") or "").upper() not in exe_ids:
                    bad(case, "%s: precedence constraint IDREF %s does not resolve" % (where, e.get("IDREF")))
    for t in root.iter(SQLT + "SqlTaskData"):
        if pkg.conn_by_ref(t.get(SQLT + "Connection")) is None:
            bad(case, "%s: Execute SQL connection %s does not resolve" % (where, t.get(SQLT + "Connection")))
        for b in t.findall(SQLT + "ParameterBinding"):
            vn = b.get(SQLT + "DtsVariableName")
            if vn and not vn.startswith("$") and not vn.startswith("System::") and vn not in pkg.variables:
                bad(case, "%s: Execute SQL parameter variable %s is not declared" % (where, vn))
    dests, sources, writes = [], [], []
    for pipe in root.iter("pipeline"):
        outputs, inputs, ocols, icols, ecols = {}, {}, {}, {}, set()
        comp_of = {}
        for comp in pipe.iter("component"):
            for o in comp.iter("output"):
                outputs[o.get(key)] = (comp, o)
                for c in o.iter("outputColumn"):
                    lid = c.get("lineageId")
                    if lid in ocols:
                        bad(case, "%s: duplicate lineageId %s" % (where, lid))
                    ocols[lid] = (comp, o, c)
            for i in comp.iter("input"):
                inputs[i.get(key)] = (comp, i)
                for c in i.iter("inputColumn"):
                    icols[c.get(key)] = (comp, i, c)
            for e in comp.iter("externalMetadataColumn"):
                ecols.add(e.get(key))
        # paths
        feeding, used_out = {}, set()
        for p in pipe.iter("path"):
            s, e = p.get("startId"), p.get("endId")
            if s not in outputs:
                bad(case, "%s: path %s startId %s is not an output" % (where, p.get("name"), s))
            if e not in inputs:
                bad(case, "%s: path %s endId %s is not an input" % (where, p.get("name"), e))
            if s in used_out:
                bad(case, "%s: output %s has two paths" % (where, s))
            if e in feeding:
                bad(case, "%s: input %s has two paths" % (where, e))
            used_out.add(s); feeding[e] = s
        # visible columns per output
        memo = {}
        def visible(out_id, depth=0):
            if out_id in memo:
                return memo[out_id]
            if depth > 200:
                return set()
            comp, o = outputs[out_id]
            cols = {c.get("lineageId") for c in o.findall("outputColumns/outputColumn")}
            sync = o.get("synchronousInputId")
            if sync and sync != "0":
                if sync not in inputs:
                    bad(case, "%s: synchronousInputId %s does not resolve" % (where, sync))
                elif sync in feeding and feeding[sync] in outputs:
                    cols |= visible(feeding[sync], depth + 1)
            memo[out_id] = cols
            return cols
        for iid, (comp, i) in inputs.items():
            if iid not in feeding:
                bad(case, "%s: input %s is not connected" % (where, iid))
                continue
            vis = visible(feeding[iid]) if feeding[iid] in outputs else set()
            for c in i.findall("inputColumns/inputColumn"):
                lid = c.get("lineageId")
                if lid not in ocols:
                    bad(case, "%s: inputColumn %s lineageId %s does not resolve" % (where, c.get(key), lid))
                elif lid not in vis:
                    bad(case, "%s: inputColumn %s reads %s which is not on the path feeding %s" % (where, c.get(key), lid, iid))
        # external metadata references
        for el in list(pipe.iter("inputColumn")) + list(pipe.iter("outputColumn")):
            em = el.get("externalMetadataColumnId")
            if em and em != "0" and em not in ecols:
                bad(case, "%s: externalMetadataColumnId %s does not resolve" % (where, em))
        # references inside properties
        for pr in pipe.iter("property"):
            text = pr.text or ""
            if modern:
                for ref in re.findall(r"#\{([^}]*)\}", text):
                    if ref not in ocols and ref not in icols:
                        bad(case, "%s: property %s reference #{%s} does not resolve" % (where, pr.get("name"), ref))
            else:
                if pr.get("containsID") == "true":
                    refs = re.findall(r"#(\d+)", text) if ("#" in text) else re.findall(r"^\s*(\d+)\s*$", text)
                    for ref in refs:
                        if ref not in ocols and ref not in {c.get("id") for (_, _, c) in icols.values()}:
                            bad(case, "%s: property %s reference %s does not resolve" % (where, pr.get("name"), ref))
        # variables and parameters used in expressions
        for pr in pipe.iter("property"):
            if pr.get("name") in ("Expression", "FriendlyExpression"):
                for ref in re.findall(r"@\[([^\]]*)\]", pr.text or ""):
                    if ref.startswith(("System::", "$Project::")):
                        continue
                    if ref not in pkg.variables:
                        bad(case, "%s: expression reads @[%s], which is not a declared variable or package parameter" % (where, ref))
        # connections, variables, destinations and sources
        for comp in pipe.iter("component"):
            props = {p.get("name"): (p.text or "") for p in comp.findall("properties/property")}
            for cn in comp.findall("connections/connection"):
                ref = cn.get("connectionManagerRefId") or cn.get("connectionManagerID")
                if pkg.conn_by_ref(ref) is None:
                    bad(case, "%s: component %s connection %s does not resolve" % (where, comp.get("name"), ref))
            for vp in ("SqlCommandVariable", "OpenRowsetVariable", "VariableName"):
                v = props.get(vp)
                if v and v not in pkg.variables:
                    bad(case, "%s: component %s %s=%s is not a declared variable" % (where, comp.get("name"), vp, v))
            cls = comp.get("componentClassID") or ""
            cname = None
            cns = comp.findall("connections/connection")
            if cns:
                cname = pkg.conn_by_ref(cns[0].get("connectionManagerRefId") or cns[0].get("connectionManagerID"))
            contact = (comp.get("contactInfo") or "").split(";")[0]
            is_dest = cls in ("Microsoft.OLEDBDestination", "{4ADA7EAA-136C-4215-8098-D7A7C27FC0D1}", "{5A0B62E8-D91D-49F5-94A5-7BE58DE508F0}",
                              "{E2568105-9550-4F71-A638-B7FE42E66922}") or contact == "OLE DB Destination"
            is_ffdest = cls in ("Microsoft.FlatFileDestination", "{8DA75FED-1B7C-407D-B2AD-2B24209CCCA4}", "{D658C424-8CF0-441C-B3C4-955E183B7FBA}") \
                or contact == "Flat File Destination"
            is_src = cls in ("Microsoft.OLEDBSource", "{165A526D-D5DE-47FF-96A6-F8274C19826B}", "{BCEFE59B-6819-47F7-A125-63753B33ABB7}") \
                or contact == "OLE DB Source"
            if is_dest or is_ffdest:
                cols = [e.get("name") for e in comp.findall("inputs/input/externalMetadataColumns/externalMetadataColumn")]
                if is_dest:
                    table = strip_name(props.get("OpenRowset", ""))
                    if "." not in table:
                        table = "dbo." + table
                    dests.append((("%s.%s" % (cname, table)).lower() + ".csv", cols, comp.get("name")))
                else:
                    ffcols = []
                    cm = pkg.conns.get(cname)
                    if cm is not None:
                        for fc in cm[0].iter(DTS + "FlatFileColumn"):
                            ffcols.append(prop(fc, "ObjectName"))
                    dests.append((("%s.flatfile.csv" % cname).lower(), ffcols, comp.get("name")))
            if is_src and props.get("AccessMode") == "0":
                table = strip_name(props.get("OpenRowset", ""))
                if "." not in table:
                    table = "dbo." + table
                cols = [e.get("name") for e in comp.findall("outputs/output/externalMetadataColumns/externalMetadataColumn")]
                sources.append((("%s.%s" % (cname, table)).lower() + ".csv", cols, comp.get("name")))
            if "SqlCommand" in props and contact == "OLE DB Command":
                writes.append((cname, props["SqlCommand"]))
    for t in root.iter(SQLT + "SqlTaskData"):
        writes.append((pkg.conn_by_ref(t.get(SQLT + "Connection")), t.get(SQLT + "SqlStatementSource") or ""))
    return dests, sources, writes

# ------------------------------------------------------------------ table files
def check_value(case, fn, col, typ, v):
    if v is None:
        return
    t = typ.lower()
    try:
        if t in ("int", "bigint", "smallint", "tinyint"):
            int(v)
        elif t == "bit":
            assert v in ("0", "1")
        elif t in ("float", "real"):
            float(v)
        elif t.startswith(("decimal", "numeric")):
            p, s = map(int, re.findall(r"\d+", t))
            m = re.match(r"^-?(\d+)(?:\.(\d+))?$", v)
            assert m, "not a decimal"
            assert len(m.group(2) or "") <= s, "more than %d decimals" % s
            assert len(m.group(1).lstrip("0")) <= p - s, "too many integer digits"
        elif t == "date":
            assert re.match(r"^\d{4}-\d\d-\d\d$", v)
        elif t in ("datetime", "datetime2"):
            assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,7})?$", v)
        elif re.match(r"^n?(var)?char\((\d+)\)$", t):
            n = int(re.findall(r"\d+", t)[0])
            assert len(v) <= n, "longer than %d" % n
    except (AssertionError, ValueError) as e:
        bad(case, "%s: column %s value %r is not a valid %s (%s)" % (fn, col, v, typ, e))

def read_table(case, path):
    fn = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        bad(case, "%s: not UTF-8" % fn)
        return None
    if text.startswith("\ufeff"):
        bad(case, "%s: starts with a byte-order mark" % fn)
    if "\n" in text.replace("\r\n", "") or "\r" in text.replace("\r\n", ""):
        # bare LF/CR outside CRLF pairs: allowed only inside quoted fields
        outside = re.sub(r'"(?:[^"]|"")*"', "", text)
        if "\n" in outside.replace("\r\n", "") or "\r" in outside.replace("\r\n", ""):
            bad(case, "%s: line ends are not CRLF" % fn)
    if not text.endswith("\r\n"):
        bad(case, "%s: last line has no CRLF" % fn)
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if not rows:
        bad(case, "%s: empty file (a header is required)" % fn)
        return None
    header = []
    for h in rows[0]:
        if ":" not in h:
            bad(case, "%s: header field %r is not name:TYPE" % (fn, h))
            header.append((h, "?"))
            continue
        n, t = h.rsplit(":", 1)
        if not TYPE_RE.match(t):
            bad(case, "%s: header field %r has an unknown type" % (fn, h))
        header.append((n, t))
    names = [n.lower() for n, _ in header]
    if len(set(names)) != len(names):
        bad(case, "%s: duplicate column names" % fn)
    data = []
    for k, r in enumerate(rows[1:], 2):
        if len(r) != len(header):
            bad(case, "%s: line %d has %d fields, header has %d" % (fn, k, len(r), len(header)))
            continue
        vals = [None if v == "\\N" else v for v in r]
        for (n, t), v in zip(header, vals):
            check_value(case, fn, n, t, v)
        data.append(vals)
    return header, data

# ------------------------------------------------------------------ one case
def check_case(d):
    case = os.path.basename(os.path.normpath(d))
    cj = os.path.join(d, "case.json")
    try:
        meta = json.load(open(cj, encoding="utf-8"))
    except Exception as e:
        bad(case, "case.json: %s" % e)
        return
    for k, ty in (("description", str), ("packages", list), ("target", str)):
        if not isinstance(meta.get(k), ty):
            bad(case, "case.json: %s missing or not a %s" % (k, ty.__name__))
    allowed = {"description", "packages", "target", "parameters", "variables", "ordered", "expect_diagnostics"}
    for k in meta:
        if k not in allowed:
            bad(case, "case.json: unknown key %s" % k)
    if "ordered" in meta and not isinstance(meta["ordered"], bool):
        bad(case, "case.json: ordered is not a boolean")
    if "expect_diagnostics" in meta and not all(isinstance(x, str) for x in meta["expect_diagnostics"]):
        bad(case, "case.json: expect_diagnostics must be strings")
    pkgs = []
    for p in meta.get("packages", []):
        path = os.path.join(d, p)
        if not os.path.exists(path):
            bad(case, "package %s listed in case.json does not exist" % p)
            continue
        try:
            pkgs.append(Pkg(path))
        except ET.ParseError as e:
            bad(case, "%s: not well-formed XML: %s" % (p, e))
    for f in os.listdir(d):
        if f.endswith(".dtsx") and f not in meta.get("packages", []):
            bad(case, "%s is not listed in case.json packages" % f)
    declared = set()
    for pkg in pkgs:
        declared |= pkg.variables
    for k in list((meta.get("variables") or {}).keys()) + list((meta.get("parameters") or {}).keys()):
        if k.startswith("$Project::"):
            if not os.path.exists(os.path.join(d, "Project.params")):
                bad(case, "case.json sets %s but the case has no Project.params" % k)
        elif k not in declared:
            bad(case, "case.json sets %s, which no package declares" % k)
    conns = set()
    databases = {}
    dests, sources, writes = [], [], []
    for pkg in pkgs:
        conns |= set(pkg.conns)
        for name, (cm, _, _, _) in pkg.conns.items():
            databases.setdefault(name, conn_database(cm))
        a, b, c = check_package(case, pkg)
        dests += a; sources += b; writes += c
    files = {}
    for sub in ("input", "expected"):
        sd = os.path.join(d, sub)
        if not os.path.isdir(sd):
            if sub == "expected":
                bad(case, "no expected/ folder")
            continue
        for f in sorted(os.listdir(sd)):
            m = FILE_RE.match(f)
            if not m:
                bad(case, "%s/%s: file name is not <conn>.<schema>.<table>.csv or <conn>.flatfile.csv" % (sub, f))
                continue
            if m.group("conn").lower() not in conns:
                bad(case, "%s/%s: %s is not a connection manager of the case's packages" % (sub, f, m.group("conn")))
            t = read_table(case, os.path.join(sd, f))
            if t:
                files[(sub, f.lower())] = t
    for (fn, cols, comp) in dests:
        if ("expected", fn) not in files:
            bad(case, "destination %s writes %s but there is no expected file for it" % (comp, fn))
            continue
        have = [n.lower() for n, _ in files[("expected", fn)][0]]
        want = [c.lower() for c in cols]
        if sorted(have) != sorted(want):
            bad(case, "expected/%s columns %s differ from the destination's columns %s" % (fn, have, want))
    for (fn, cols, comp) in sources:
        if ("input", fn) not in files and ("expected", fn) not in files:
            if not written_elsewhere(fn, dests, databases):
                bad(case, "source %s reads %s but there is no input file for it" % (comp, fn))
            continue
        have = [n.lower() for n, _ in files.get(("input", fn), files.get(("expected", fn)))[0]]
        for c in cols:
            if c.lower() not in have:
                bad(case, "input/%s lacks column %s read by %s" % (fn, c, comp))
    dest_files = {fn for (fn, _, _) in dests}
    for (sub, fn) in files:
        if sub == "expected" and fn not in dest_files:
            table = fn.split(".")[-2]
            if not any(table.lower() in (sql or "").lower() for (_, sql) in writes):
                bad(case, "expected/%s is written by no destination, OLE DB Command or Execute SQL Task" % fn)

def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    dirs = argv[1:] or sorted(os.path.join(here, x) for x in os.listdir(here) if os.path.isfile(os.path.join(here, x, "case.json")))
    for d in dirs:
        check_case(d)
    for p in problems:
        print(p)
    print("%d cases checked, %d problems" % (len(dirs), len(problems)))
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
