#!/usr/bin/env python3
"""test_equivalence.py — separate compilation gives the project a one-process
build gives: over a set of real packages (corpus packages of every format
version, the project-file packages of the driver tests, the conformance
cases), `ssis2dbtc P... -o DIR`, `-c` each then `--link`, mixed objects and
packages, and `-j 2` must write byte-identical trees, and the diagnostics of
the -c runs plus the link must be those of the one-process build."""
import argparse, csv, filecmp, os, shutil, subprocess, sys

def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def tree(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            path = os.path.join(d, f)
            with open(path, "rb") as fp:
                out[os.path.relpath(path, root)] = fp.read()
    return out

def pick_corpus(corpus, per_version):
    by_version = {}
    with open(os.path.join(corpus, "MANIFEST.tsv"), newline="") as fp:
        for row in csv.DictReader(fp, delimiter="\t"):
            if row["xml_ok"] == "y":
                by_version.setdefault(row["package_format_version"], []).append(row["local_file"])
    picked = []
    for v in sorted(by_version):
        picked += sorted(by_version[v])[:per_version]
    return [os.path.join(corpus, p) for p in picked], sorted(by_version)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ssis2dbtc", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--per-version", type=int, default=10)
    ap.add_argument("--jobs", default="2")
    a = ap.parse_args()
    cc = os.path.abspath(a.ssis2dbtc)
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    failures = []

    corpus, versions = pick_corpus(a.corpus, a.per_version)
    project = [os.path.join(a.src, "tests/driver/data/project/Load.dtsx")]
    cases_dir = os.path.join(a.src, "tests/conformance/cases")
    cases = sorted(os.path.join(cases_dir, c, f) for c in os.listdir(cases_dir)
                   if os.path.isdir(os.path.join(cases_dir, c))
                   for f in os.listdir(os.path.join(cases_dir, c)) if f.endswith(".dtsx"))
    candidates = corpus + project + cases

    # -c each package; the ones with errors in them stay out of the project
    objdir = os.path.join(a.work, "objects")
    os.makedirs(objdir)
    packages, objects, compile_err = [], [], ""
    for i, pkg in enumerate(candidates):
        obj = os.path.join(objdir, "%03d.ssisobj" % i)
        rc, _, err = run([cc, "-c", pkg, "-o", obj])
        if rc == 0:
            packages.append(pkg)
            objects.append(obj)
            compile_err += err
        elif os.path.exists(obj):
            failures.append("-c %s failed (%d) but wrote %s" % (pkg, rc, obj))
    n_corpus = sum(p in corpus for p in packages)
    n_cases = sum(p in cases for p in packages)
    print("%d packages: %d from the corpus (format versions %s), %d with project files, %d conformance cases"
          % (len(packages), n_corpus, ",".join(versions), sum(p in project for p in packages), n_cases))
    if n_corpus < 30 or n_cases < 10 or project[0] not in packages:
        failures.append("too few packages compiled: %d corpus, %d cases" % (n_corpus, n_cases))

    def build(name, cmd):
        out = os.path.join(a.work, name, "proj")
        os.makedirs(os.path.dirname(out))
        rc, _, err = run(cmd + ["-o", out])
        if rc != 0:
            failures.append("%s: exit %d: %s" % (name, rc, err[-2000:]))
        return tree(out), err

    one, one_err = build("one-process", [cc] + packages)
    linked, link_err = build("linked", [cc, "--link"] + objects)
    mixed_inputs = [o if i % 2 else p for i, (p, o) in enumerate(zip(packages, objects))]
    mixed, _ = build("mixed", [cc] + mixed_inputs)
    parallel, parallel_err = build("parallel", [cc, "-j", a.jobs] + packages)
    if not one:
        failures.append("the one-process build wrote nothing")
    for name, t in (("-c + --link", linked), ("mixed inputs", mixed), ("-j " + a.jobs, parallel)):
        if t != one:
            diff = sorted(set(k for k in set(t) | set(one) if t.get(k) != one.get(k)))
            failures.append("%s: %d file(s) differ from the one-process build: %s" % (name, len(diff), diff[:10]))
    if compile_err + link_err != one_err:
        failures.append("the diagnostics of -c and --link are not those of the one-process build")
    if parallel_err != one_err:
        failures.append("-j %s printed other diagnostics than -j 1" % a.jobs)
    print("%d files in the project, %d diagnostic lines" % (len(one), one_err.count("\n")))
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
