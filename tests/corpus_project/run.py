#!/usr/bin/env python3
"""run.py — the whole real-world corpus compiled into ONE dbt project, which
the real `dbt parse` must accept; prints the coverage (component instances
translated / placeholder / unsupported, by class).

  run.py --ssis2dbtc BIN --corpus DIR --work DIR [--dbt BIN] [--target duckdb]

Packages are read in place.  A package the compiler rejects with an error
(the compiler writes nothing when any input has errors) is left out and
listed; the others are compiled again in one call.  Exit status 0 when the
project was written and `dbt parse` accepted it.
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import time

ERROR_RE = re.compile(r"^(.*?\.dtsx):\d+:\d+: error: ", re.M)


def compile_all(args, pkgs, proj):
    argv = [args.ssis2dbtc, "--target", args.target, "-o", proj] + pkgs
    r = subprocess.run(argv, cwd=args.corpus, capture_output=True, text=True, timeout=args.timeout)
    return r.returncode, r.stderr


def internal_failures(args, pkgs, proj):
    """Package by package, those the compiler fails on (exit status > 1)."""
    bad = {}
    scratch = proj + ".one"
    for p in pkgs:
        rc, err = compile_all(args, [p], scratch)
        if rc > 1:
            bad[p] = "exit %d: %s" % (rc, (err.strip().splitlines() or ["?"])[-1])
    shutil.rmtree(scratch, ignore_errors=True)
    return bad


def print_lineage(man):
    """How the tables the project both writes and reads are read: ref() of the
    writing model across packages and across tasks of one package, or source()."""
    ref = collections.Counter()
    kept = collections.Counter()
    for table in man.get("lineage", []):
        writer = table["written_by"]
        for r in table["reads"]:
            where = "cross-package" if r["package"] != writer["package"] else "cross-task"
            if r["via"] == "ref":
                ref[where] += 1
                ref["assumed"] += r["order"] == "assumed_after_write"
            else:
                kept[r["order"]] += 1
    print("lineage: %d tables written and read; ref(): %d cross-package (%d of them with no Execute Package "
          "Task ordering the packages), %d cross-task; source() kept: %s"
          % (len(man.get("lineage", [])), ref["cross-package"], ref["assumed"], ref["cross-task"],
             ", ".join("%d %s" % (n, k) for k, n in sorted(kept.items())) or "0"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ssis2dbtc", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--dbt", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                 "..", "..", ".venv", "bin", "dbt"))
    ap.add_argument("--target", default="duckdb")
    ap.add_argument("--timeout", type=int, default=600)
    args = ap.parse_args()

    pkgs = sorted(os.path.relpath(os.path.join(d, f), args.corpus)
                  for d, _, fs in os.walk(args.corpus) for f in fs if f.lower().endswith(".dtsx"))
    proj = os.path.join(os.path.abspath(args.work), "proj")
    shutil.rmtree(proj, ignore_errors=True)
    os.makedirs(args.work, exist_ok=True)
    left_out = {}
    crashed = {}
    t0 = time.time()
    for _ in range(4):
        rc, err = compile_all(args, [p for p in pkgs if p not in left_out and p not in crashed], proj)
        if rc == 0:
            break
        if rc > 1 and not crashed:
            crashed = internal_failures(args, [p for p in pkgs if p not in left_out], proj)
            if crashed:
                continue
        bad = set(ERROR_RE.findall(err)) - set(left_out)
        if rc != 1 or not bad:
            sys.stderr.write(err[-4000:])
            print("FAIL: ssis2dbtc exited %d" % rc)
            return 1
        for b in bad:
            left_out[b] = next(m.group(0) for m in re.finditer(r"^%s:\d+:\d+: error: .*$" % re.escape(b), err, re.M))
    else:
        print("FAIL: the compiler kept reporting errors")
        return 1
    t_compile = time.time() - t0
    print("compiled %d of %d packages into one project in %.1fs (%d left out for errors in input, "
          "%d for internal errors)" % (len(pkgs) - len(left_out) - len(crashed), len(pkgs), t_compile,
                                       len(left_out), len(crashed)))
    for p in sorted(left_out):
        print("  left out: %s" % left_out[p])
    for p in sorted(crashed):
        print("  INTERNAL ERROR: %s: %s" % (p, crashed[p]))

    with open(os.path.join(proj, "ssis2dbt_manifest.json"), encoding="utf-8") as f:
        man = json.load(f)
    by_class = collections.defaultdict(collections.Counter)
    totals = collections.Counter()
    for p in man["packages"]:
        for c in p["components"]:
            by_class[c["class"]][c["status"]] += 1
            totals[c["status"]] += 1
    print("%-58s %10s %11s %11s" % ("class", "translated", "placeholder", "unsupported"))
    for cls in sorted(by_class, key=lambda k: (-sum(by_class[k].values()), k)):
        n = by_class[cls]
        print("%-58s %10d %11d %11d" % (cls[:58], n["translated"], n["placeholder"], n["unsupported"]))
    print("%-58s %10d %11d %11d" % ("total", totals["translated"], totals["placeholder"], totals["unsupported"]))
    print("models: %d, sources: %d, destinations: %d, tests: %d"
          % (len(man["models"]), len(man["sources"]), len(man["destinations"]), len(man["tests"])))
    print_lineage(man)

    env = dict(os.environ, DBT_SEND_ANONYMOUS_USAGE_STATS="false", DO_NOT_TRACK="1", DBT_USE_COLORS="false",
               SSIS2DBT_DUCKDB_PATH=os.path.join(os.path.abspath(args.work), "corpus.duckdb"))
    t0 = time.time()
    r = subprocess.run([args.dbt, "parse", "--project-dir", proj, "--profiles-dir", proj, "--target", args.target],
                       cwd=args.work, capture_output=True, text=True, env=env, timeout=args.timeout)
    print("dbt parse: exit %d in %.1fs" % (r.returncode, time.time() - t0))
    if r.returncode != 0:
        sys.stdout.write(r.stdout[-6000:])
        sys.stdout.write(r.stderr[-2000:])
        print("FAIL: dbt parse rejected the project")
        return 1
    if crashed:
        print("FAIL: the compiler failed on %d package(s) (see INTERNAL ERROR above)" % len(crashed))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
