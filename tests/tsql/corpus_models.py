#!/usr/bin/env python3
"""corpus_models.py — what the T-SQL of the corpus becomes in the project.

Compiles every package of the corpus into one project (leaving out the
packages whose input has errors, as corpus_project does), reads the
Relational IR (--emit=rel) and the diagnostics, and prints:
  - source and lookup reference queries: parsed and printed per dialect,
    of those a placeholder (-Wsql-untranslated: a construct with no
    translation), or kept verbatim (not one SELECT, or not parsed);
  - Execute SQL Tasks: lowered into models by pattern (TRUNCATE + INSERT:
    a table model; INSERT alone: an appending model; MERGE: a merging
    model, a table model when it deletes, or a placeholder; UPDATE/DELETE
    after a load: a post-hook of the table's model, or a placeholder;
    EXEC: a procedure stub; DDL: ignored with a note), or not lowered;
  - temporary tables (#t, ##t), table variables and SELECT ... INTO:
    how many become ephemeral or table models or placeholders, and why
    the others have no model (the compiler's notes);
  - what the DDL's constraints and indexes become (backend/ddl.c): dbt
    tests by constraint, on models or on sources, the ones not tested
    (a note each), and the indexes (the indexes config on PostgreSQL, a
    note on other targets);
  - the constructs with no translation, most frequent first;
  - variables set by an Execute SQL Task's single-row result set and read
    later (by a ? of a parsed query or by an expression): how many reads
    become the query as an inline subquery (how many of those read the
    table their reader appends to), a joined value of an expression, a
    watermark filter of the appending model, or stay var()
    (-Wvariable-from-query), and the reasons, most frequent first.
Fails when no query is parsed at all (the measurement would be broken) or
when the share of parsed queries falls below --min-parsed (percent).

usage: corpus_models.py SSIS2DBTC CORPUS_DIR [--target DIALECT] [--min-parsed N]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

ERROR_RE = re.compile(r"^(.+?\.dtsx):\d+:\d+: error: ", re.M)
DDL_RE = re.compile(r"note: \S+ in .* is ignored: dbt creates the tables")
VAR_FALLBACK_RE = re.compile(r"^(\S+), which .* is read as a var\(\) with its design-time default \((.*)\): pass the "
                             r"value with --vars\.$")
VAR_INLINE_RE = re.compile(r"^(\S+) is the value the query of .* returns")
VAR_WATERMARK_RE = re.compile(r"^\S.* reads the high-water mark of \S+ into \S+ for a load of the newer rows")
VAR_WARNING_RE = re.compile(r"\[-Wvariable-from-query\]")
TEMP_NOTE_RE = re.compile(r"note: the temporary tables of .* have no model: (.*)$", re.M)
DDL_UNTESTED_RE = re.compile(r"note: the .* is not tested: ")
DDL_INDEX_NOTE_RE = re.compile(r"note: the index of \S+ is not kept: ")
DDL_REASONS = (("PRIMARY KEY", "the PRIMARY KEY of "), ("UNIQUE", "the UNIQUE of "),
               ("UNIQUE INDEX", "the UNIQUE INDEX of "), ("FOREIGN KEY", "the FOREIGN KEY of "),
               ("NOT NULL", " is declared NOT NULL in "))
UNTRANSLATED_RE = re.compile(r"warning: the source query uses (.+?), which has no \S+ translation.*\[-Wsql-untranslated\]")


def compile_ok(exe, corpus, pkgs, out, target):
    """Compiles pkgs, dropping the ones with errors in input; returns (kept, stderr)."""
    left = set()
    for _ in range(4):
        keep = [p for p in pkgs if p not in left]
        r = subprocess.run([exe, "--target", target, "-o", out] + keep, cwd=corpus, capture_output=True,
                           text=True, timeout=900)
        if r.returncode == 0:
            return keep, r.stderr
        bad = set(ERROR_RE.findall(r.stderr)) - left
        if r.returncode != 1 or not bad:
            sys.stderr.write(r.stderr[-3000:])
            raise SystemExit("FAIL: ssis2dbtc exited %d" % r.returncode)
        left |= bad
    raise SystemExit("FAIL: the compiler kept reporting errors")


def fallback_reason(why):
    """A reason for a var() fallback, without the names of tasks and tables."""
    for key, reason in (("which the query reads, is written by", "a table the query reads is written in between"),
                        ("whose writes are not known", "SQL whose writes are not known runs in between"),
                        ("names no column", "the ResultName names no column of the query"),
                        ("also sets it", "another task sets it, unordered with the reader"),
                        ("both set it", "two tasks set it, in no set order"),
                        ("the query runs on the connection", "the query and its reader use different connections")):
        if key in why:
            return reason
    return why


def table_key(parts):
    """schema.table, lower case, dbo when the schema is left out."""
    schema = parts[-2] if len(parts) >= 2 and parts[-2] else "dbo"
    return ("%s.%s" % (schema, parts[-1])).lower()


def count_result_set_reads(rel):
    """Counter of inline / watermark / fallback reads, and Counter of fallback reasons."""
    reads, reasons = collections.Counter(), collections.Counter()
    for pkg in rel:
        for g in pkg.get("dataflows", []):
            nodes = {n["id"]: n for n in g.get("nodes", [])}
            written = {("%s.%s" % (n.get("schema") or "dbo", n.get("table") or "")).lower()
                       for n in nodes.values() if n["op"] == "sink"}
            for note in g.get("notes", []):
                text = note["note"]
                m = VAR_FALLBACK_RE.match(text)
                if m:
                    reads["var() fallback"] += 1
                    reasons[fallback_reason(m.group(2))] += 1
                    continue
                if VAR_WATERMARK_RE.match(text):
                    reads["watermark -> incremental filter on the appending model"] += 1
                    continue
                if not VAR_INLINE_RE.match(text):
                    continue
                if "joined to the rows it reads" in text:
                    reads["expression -> joined value"] += 1
                    continue
                reads["inline subquery"] += 1
                scan = nodes.get(note["node"], {})
                tables = {table_key(r.split(".")) for r in scan.get("reads", [])}
                if tables & written:
                    reads["of those, watermark of the table it appends to"] += 1
    return reads, reasons


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ssis2dbtc")
    ap.add_argument("corpus")
    ap.add_argument("--target", default="duckdb")
    ap.add_argument("--min-parsed", type=float, default=0.0)
    args = ap.parse_args()
    exe = os.path.abspath(args.ssis2dbtc)
    pkgs = sorted(os.path.relpath(os.path.join(d, f), args.corpus)
                  for d, _, fs in os.walk(args.corpus) for f in fs if f.lower().endswith(".dtsx"))
    with tempfile.TemporaryDirectory(prefix="corpus_models_") as tmp:
        kept, err = compile_ok(exe, args.corpus, pkgs, os.path.join(tmp, "proj"), args.target)
        with open(os.path.join(tmp, "proj", "ssis2dbt_manifest.json"), encoding="utf-8") as f:
            tests = json.load(f).get("tests", [])
        indexes = 0
        for d, _, fs in os.walk(os.path.join(tmp, "proj", "models")):
            for fn in fs:
                if fn.endswith(".yml"):
                    with open(os.path.join(d, fn), encoding="utf-8") as f:
                        indexes += len(re.findall(r"^        - columns:$", f.read(), re.M))
        r = subprocess.run([exe, "--emit=rel"] + kept, cwd=args.corpus, capture_output=True, text=True,
                           timeout=900)
    rel = json.loads(r.stdout)
    if isinstance(rel, dict):
        rel = [rel]
    queries = collections.Counter()
    sql_tasks = collections.Counter()
    temps = collections.Counter()
    for pkg in rel:
        for g in pkg.get("dataflows", []):
            nodes = g.get("nodes", [])
            for n in nodes:
                for h in n.get("post_hooks", []):
                    sql_tasks["UPDATE/DELETE -> post-hook"] += 1
            # an Execute SQL Task's graph (lower_tsql.c): no node comes from a component
            is_sql_task = bool(nodes) and not any(n.get("component") for n in nodes)
            for n in nodes:
                if n["op"] != "scan" or n.get("scan") != "query" or is_sql_task:
                    continue
                queries["parsed" if "reads" in n else "verbatim"] += 1
            if is_sql_task:
                sinks = [n for n in nodes if n["op"] == "sink"]
                if not sinks or not all(s.get("temp_of") for s in sinks):
                    sql_tasks["tasks lowered"] += 1  # a task's temporary tables are a graph of their own
                if any(s.get("load") in ("update", "delete") for s in sinks):
                    # a MERGE that deletes: update, delete and append sinks of one table
                    sql_tasks["MERGE -> table model (deletes)"] += 1
                    sinks = []
                for s in sinks:
                    placeholder = s["inputs"] and any(n["id"] == s["inputs"][0] and n["op"] == "placeholder"
                                                      for n in nodes)
                    if s.get("temp_of"):
                        kind = ("global temporary table" if s["temp_of"].startswith("##")
                                else "temporary table" if s["temp_of"].startswith("#") else "table variable")
                        temps["%s -> %s" % (kind, "placeholder" if placeholder
                                            else "ephemeral model" if s.get("ephemeral") else "table model")] += 1
                        continue
                    if s.get("select_into") and not placeholder:
                        temps["SELECT INTO dbo.t -> table model"] += 1
                    if placeholder:
                        continue
                    sql_tasks["TRUNCATE + INSERT -> table model" if s.get("load") == "replace"
                              else "MERGE -> merging model" if s.get("load") == "merge"
                              else "INSERT -> appending model"] += 1
                temp_inputs = {i for s in sinks if s.get("temp_of") for i in s["inputs"]}
                for n in nodes:
                    if n["op"] != "placeholder" or n["id"] in temp_inputs:
                        continue
                    sql_tasks["EXEC -> procedure stub" if "procedure" in n
                              else "MERGE -> placeholder" if n["label"].endswith(" merge")
                              else "UPDATE/DELETE -> placeholder"] += 1
    sql_tasks["DDL -> ignored (note)"] = len(DDL_RE.findall(err))
    gaps = collections.Counter(m.group(1) for m in UNTRANSLATED_RE.finditer(err))
    # why a task's temporary tables have no model, names left out
    no_model = collections.Counter(re.sub(r"(##?|@)[\w$]+|\b\w+\.\w+\b|\b\d+\b", "_", m.group(1))
                                   for m in TEMP_NOTE_RE.finditer(err))
    untranslated = sum(gaps.values())
    nq = queries["parsed"] + queries["verbatim"]
    print("packages compiled: %d of %d (target %s)" % (len(kept), len(pkgs), args.target))
    print("source/lookup queries: %d; parsed and printed per dialect: %d (%.1f%%), of those placeholders "
          "(-Wsql-untranslated): %d; kept verbatim: %d"
          % (nq, queries["parsed"], 100.0 * queries["parsed"] / nq if nq else 0, untranslated, queries["verbatim"]))
    print("Execute SQL Tasks lowered into models: %d" % sql_tasks["tasks lowered"])
    for k in ("TRUNCATE + INSERT -> table model", "INSERT -> appending model", "MERGE -> merging model",
              "MERGE -> table model (deletes)", "MERGE -> placeholder", "UPDATE/DELETE -> post-hook",
              "UPDATE/DELETE -> placeholder",
              "EXEC -> procedure stub", "DDL -> ignored (note)"):
        print("  %-36s %d" % (k, sql_tasks[k]))
    print("temporary tables, table variables and SELECT INTO:")
    for k in ("temporary table -> ephemeral model", "temporary table -> table model", "temporary table -> placeholder",
              "global temporary table -> ephemeral model", "global temporary table -> table model",
              "global temporary table -> placeholder", "table variable -> ephemeral model",
              "table variable -> table model", "table variable -> placeholder", "SELECT INTO dbo.t -> table model"):
        print("  %-44s %d" % (k, temps[k]))
    print("  tasks whose temporary tables have no model: %d" % sum(no_model.values()))
    for why, n in no_model.most_common(10):
        print("  %5d  %s" % (n, why))
    reads, reasons = count_result_set_reads(rel)
    print("reads of variables set by a single-row result set: %d (-Wvariable-from-query bindings: %d)"
          % (sum(reads[k] for k in ("inline subquery", "expression -> joined value",
                                 "watermark -> incremental filter on the appending model", "var() fallback")),
             len(VAR_WARNING_RE.findall(err))))
    for k in ("inline subquery", "of those, watermark of the table it appends to", "expression -> joined value",
              "watermark -> incremental filter on the appending model", "var() fallback"):
        print("  %-48s %d" % (k, reads[k]))
    print("  why var() (top reasons):")
    for what, n in reasons.most_common(8):
        print("    %5d  %s" % (n, what))
    ddl = collections.Counter()
    for t in tests:
        for what, needle in DDL_REASONS:
            if needle in (t.get("reason") or ""):
                ddl[what] += 1
                ddl["on sources" if t.get("source") else "on models"] += 1
                break
    print("DDL constraints -> dbt tests: %d (on models %d, on sources %d)"
          % (ddl["on models"] + ddl["on sources"], ddl["on models"], ddl["on sources"]))
    for what, _ in DDL_REASONS:
        print("  %-36s %d" % (what, ddl[what]))
    print("  %-36s %d" % ("not tested (note)", len(DDL_UNTESTED_RE.findall(err))))
    print("DDL keys and indexes -> indexes config: %d; indexes -> note (not PostgreSQL): %d"
          % (indexes, len(DDL_INDEX_NOTE_RE.findall(err))))
    print("constructs with no %s translation (first per query):" % args.target)
    for what, n in gaps.most_common(15):
        print("  %5d  %s" % (n, what))
    if queries["parsed"] == 0:
        print("FAIL: no query was parsed")
        return 1
    if nq and 100.0 * queries["parsed"] / nq < args.min_parsed:
        print("FAIL: parsed share below %.1f%%" % args.min_parsed)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
