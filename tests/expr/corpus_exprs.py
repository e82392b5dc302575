#!/usr/bin/env python3
"""corpus_exprs.py — every SSIS expression of the training corpus through
`ssis2dbtc expr --batch`: parse, type-check and lower, with the column and
variable types the package itself declares.

Expressions: Derived Column and Conditional Split `Expression` (the machine
form; `FriendlyExpression` when it is missing), variables evaluated as
expressions, property expressions, precedence constraints, For Loop and
Expression Task expressions.  Until the .dtsx reader can dump them
(`ssis2dbtc --emit=ir`), they are extracted here with xml.etree; `extract()`
is the only part to replace.

Prints the counts (expressions, parsed, type-checked, lowered, failed by
reason) and exits 1 when fewer than --min-typecheck percent type-check.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

# VARIANT codes of DTS:VariableValue / DTS:PackageParameter (types.md §5.1).
VARIANT = {2: "DT_I2", 3: "DT_I4", 4: "DT_R4", 5: "DT_R8", 6: "DT_CY", 7: "DT_DBTIMESTAMP", 8: "DT_WSTR",
           11: "DT_BOOL", 14: "DT_NUMERIC(38,10)", 16: "DT_I1", 17: "DT_UI1", 18: "DT_UI2", 19: "DT_UI4",
           20: "DT_I8", 21: "DT_UI8"}
# .NET TypeCode of Project.params (types.md §5.2).
TYPECODE = {3: "DT_BOOL", 5: "DT_I1", 6: "DT_UI1", 7: "DT_I2", 8: "DT_UI2", 9: "DT_I4", 10: "DT_UI4", 11: "DT_I8",
            12: "DT_UI8", 13: "DT_R4", 14: "DT_R8", 15: "DT_NUMERIC(38,10)", 16: "DT_DBTIMESTAMP", 18: "DT_WSTR"}
XMLTYPES = {"bool": "DT_BOOL", "i1": "DT_I1", "i2": "DT_I2", "i4": "DT_I4", "i8": "DT_I8", "ui1": "DT_UI1",
            "ui2": "DT_UI2", "ui4": "DT_UI4", "ui8": "DT_UI8", "r4": "DT_R4", "r8": "DT_R8", "cy": "DT_CY",
            "date": "DT_DATE", "dbdate": "DT_DBDATE", "dbtime": "DT_DBTIME", "dbtimestamp": "DT_DBTIMESTAMP",
            "guid": "DT_GUID", "ntext": "DT_NTEXT", "image": "DT_IMAGE", "filetime": "DT_FILETIME"}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def attr(el, name):
    for k, v in el.attrib.items():
        if local(k) == name:
            return v
    return None


def prop(el, name):
    """A DTS property: an attribute (2012+) or a <DTS:Property DTS:Name=...> child (2005/2008)."""
    v = attr(el, name)
    if v is not None:
        return v
    for ch in el:
        if local(ch.tag) == "Property" and attr(ch, "Name") == name:
            return ch.text or ""
    return None


def column_type(el):
    dt = (el.get("dataType") or el.get("cachedDataType") or "").lower()
    n = lambda k: int(el.get(k) or el.get("cached" + k[0].upper() + k[1:]) or 0)
    if dt == "wstr":
        return "DT_WSTR(%d)" % n("length") if n("length") > 0 else "DT_WSTR"
    if dt == "str":
        return "DT_STR(%d,%d)" % (n("length"), n("codePage"))
    if dt == "bytes":
        return "DT_BYTES(%d)" % n("length") if n("length") > 0 else "DT_BYTES"
    if dt == "numeric":
        return "DT_NUMERIC(%d,%d)" % (n("precision") or 18, n("scale"))
    if dt == "decimal":
        return "DT_DECIMAL(%d)" % n("scale")
    if dt == "text":
        return "DT_TEXT(%d)" % n("codePage")
    if dt in ("dbtime2", "dbtimestamp2", "dbtimestampoffset"):
        return "DT_%s(%d)" % (dt.upper(), n("scale"))
    return XMLTYPES.get(dt)


def project_params(pkg_path):
    """Project.params next to the package (or one level up), if any."""
    out = {}
    for d in (os.path.dirname(pkg_path), os.path.dirname(os.path.dirname(pkg_path))):
        p = os.path.join(d, "Project.params")
        if not os.path.exists(p):
            continue
        try:
            root = ET.parse(p).getroot()
        except ET.ParseError:
            continue
        for el in root.iter():
            if local(el.tag) != "Parameter":
                continue
            name = attr(el, "Name")
            code = None
            for ch in el.iter():
                if local(ch.tag) == "Property" and attr(ch, "Name") == "DataType":
                    code = ch.text
            if name and code and code.strip().isdigit() and int(code) in TYPECODE:
                out["$Project::" + name] = TYPECODE[int(code)]
        break
    return out


def extract(pkg_path):
    """Yields (kind, expression, columns, variables, assign) for one package."""
    root = ET.parse(pkg_path).getroot()
    variables = project_params(pkg_path)
    for el in root.iter():
        t = local(el.tag)
        if t == "Variable":
            ns, name = prop(el, "Namespace"), prop(el, "ObjectName")
            for ch in el:
                if local(ch.tag) == "VariableValue":
                    code = attr(ch, "DataType")
                    if ns and name and code and code.isdigit() and int(code) in VARIANT:
                        variables["%s::%s" % (ns, name)] = VARIANT[int(code)]
        elif t == "PackageParameter":
            name, code = prop(el, "ObjectName"), prop(el, "DataType")
            if name and code and code.isdigit() and int(code) in VARIANT:
                variables["$Package::" + name] = VARIANT[int(code)]
    found = []
    for el in root.iter():
        t = local(el.tag)
        if t == "Variable" and (prop(el, "EvaluateAsExpression") or "").lower() in ("1", "true", "-1"):
            found.append(("variable", prop(el, "Expression") or "", {}, False))
        elif t == "PropertyExpression":
            found.append(("property", el.text or "", {}, False))
        elif t == "PrecedenceConstraint":
            e = prop(el, "Expression")
            if e and e.strip():
                found.append(("constraint", e, {}, False))
        elif t == "Executable" or t == "ForLoop":
            for k, assign in (("InitExpression", True), ("EvalExpression", False), ("AssignExpression", True)):
                e = prop(el, k)
                if e and e.strip():
                    found.append(("forloop", e, {}, assign))
        elif t == "ExpressionTask":
            e = attr(el, "Expression")
            if e and e.strip():
                found.append(("expressiontask", e, {}, True))
        elif t == "pipeline":
            found.extend(pipeline_expressions(el))
    for kind, expr, cols, assign in found:
        if expr.strip():
            yield kind, expr, cols, variables, assign


def pipeline_expressions(pipe):
    columns = {}
    for col in pipe.iter():
        if local(col.tag) in ("outputColumn",) and col.get("lineageId"):
            ty = column_type(col)
            if ty:
                columns[col.get("lineageId")] = ty
                columns.setdefault(col.get("name"), ty)
    for col in pipe.iter():
        if local(col.tag) == "inputColumn" and col.get("lineageId"):
            ty = column_type(col)
            if ty:
                columns.setdefault(col.get("lineageId"), ty)
                columns.setdefault(col.get("name") or col.get("cachedName") or "", ty)
    out = []
    for owner in pipe.iter():
        if local(owner.tag) not in ("outputColumn", "inputColumn", "output"):
            continue
        direct = {}
        for ps in owner:
            if local(ps.tag) == "properties":
                for p in ps:
                    direct[p.get("name")] = p.text or ""
        expr = direct.get("Expression") or direct.get("FriendlyExpression")
        if expr and expr.strip():
            kind = "split" if local(owner.tag) == "output" else "derived"
            out.append((kind, expr, columns, False))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ssis2dbtc", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--min-typecheck", type=float, default=99.5)
    ap.add_argument("--show", type=int, default=40, help="failures to list")
    a = ap.parse_args()
    records, origin = [], []
    bad_xml = 0
    for dirpath, _, files in sorted(os.walk(a.corpus)):
        for f in sorted(files):
            if not f.lower().endswith(".dtsx"):
                continue
            path = os.path.join(dirpath, f)
            try:
                for kind, expr, cols, variables, assign in extract(path):
                    records.append({"id": len(records), "expr": expr, "columns": cols, "variables": variables,
                                    "assign": assign})
                    origin.append((os.path.relpath(path, a.corpus), kind))
            except ET.ParseError:
                bad_xml += 1
    lines = "\n".join(json.dumps(r) for r in records) + "\n"
    p = subprocess.run([a.ssis2dbtc, "expr", "--batch", "-"], input=lines, capture_output=True, text=True,
                       timeout=600)
    if p.returncode != 0:
        print("ssis2dbtc expr --batch failed: " + p.stderr)
        return 1
    results = [json.loads(line) for line in p.stdout.splitlines()]
    total = len(results)
    parsed = typed = lowered = unresolvable = 0
    reasons = collections.Counter()
    kinds = collections.Counter(k for _, k in origin)
    failures = []
    for r in results:
        d = r.get("diagnostics", "")
        first = next((ln for ln in d.splitlines() if ": error: " in ln), "")
        msg = first.split(": error: ", 1)[-1]
        syntax = first and not re.search(r"unknown (column|variable|lineage)|cannot|must be|argument|branches|"
                                         r"operator|condition|date part|not supported|fails in SSIS|ROUND|FINDSTRING",
                                         msg)
        if not r["ok"] and re.match(r"unknown variable '@\[\$Project::", msg) and \
                not any(k.startswith("$Project::") for k in records[r["id"]]["variables"]):
            unresolvable += 1   # the project's Project.params is not part of the corpus
            continue
        if r["ok"]:
            parsed += 1
            typed += 1
            lowered += 1
            continue
        if not syntax:
            parsed += 1
        lowering_only = re.search(r"not supported by the SQL lowering|fails in SSIS|must not be negative|"
                                  r"greater than 0|does not fit", msg)
        if lowering_only:
            typed += 1
        reasons[re.sub(r"'[^']*'|\"[^\"]*\"|DT_\w+(\([\d,]*\))?", "X", msg)] += 1
        failures.append((r["id"], msg))
    print("packages with unreadable XML: %d" % bad_xml)
    print("expressions by kind: " + ", ".join("%s %d" % kv for kv in sorted(kinds.items())))
    print("expressions: %d" % total)
    print("skipped, they read a project parameter and the corpus has no Project.params: %d" % unresolvable)
    total -= unresolvable
    pct = lambda n: 100.0 * n / total if total else 100.0
    print("checked: %d" % total)
    print("parsed: %d (%.2f%%)" % (parsed, pct(parsed)))
    print("type-checked: %d (%.2f%%)" % (typed, pct(typed)))
    print("lowered to SQL: %d (%.2f%%)" % (lowered, pct(lowered)))
    print("failed by reason:")
    for reason, n in reasons.most_common():
        print("  %5d  %s" % (n, reason))
    for i, msg in failures[:a.show]:
        print("  %s [%s]: %s\n      %s" % (origin[i][0], origin[i][1], msg, records[i]["expr"][:200].replace("\n", " ")))
    ok = pct(typed) >= a.min_typecheck
    print("corpus expressions: %s (type-checked %.2f%%, required %.1f%%)" % ("PASS" if ok else "FAIL", pct(typed),
                                                                            a.min_typecheck))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
