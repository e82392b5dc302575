#!/usr/bin/env python3
"""rebuild.py — incremental rebuilds of a project made of the whole corpus,
through the CMake module (find_package(Ssis2Dbt), ssis2dbt_add_project) and
ninja, each figure beside its floor:

  cold build, -j1 and -j2     beside  xmllint --noout on the same bytes, 1 and 2 at a time
  no-op rebuild               beside  ninja -n on the same build
  one package touched         beside  that package's `ssis2dbtc -c` run by hand
  peak memory per package     max RSS of each `ssis2dbtc -c`

  bench/rebuild.py [--ssis2dbtc build/driver/ssis2dbtc] [--build build]
                   [--corpus ../shared/corpus/train] [--work DIR] [--limit N]

The packages are read in place; a package the compiler rejects (exit status
1: input errors) is left out, as tests/corpus_project does, and counted.
The one package that is touched is copied into the work folder first, so
the shared corpus is never modified.  A script, not a test (bench/README.md).
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(argv, **kw):
    return subprocess.run(argv, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def timed(argv, **kw):
    """Wall seconds and CPU seconds (user + sys of the children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = run(argv, **kw).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def packages(corpus, limit):
    found = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs if f.lower().endswith(".dtsx"))
    # CMake lists cannot hold a ';'
    found = [p for p in found if ";" not in p]
    return found[:limit] if limit else found


def probe(compiler, pkgs, scratch):
    """One `ssis2dbtc -c` per package under /usr/bin/time: which compile, and
    the peak memory (KiB) of each."""
    good, rss, rejected, failed = [], [], [], []
    obj = os.path.join(scratch, "probe.ssisobj")
    timer = ["/usr/bin/time", "-f", "%M", "-o", os.path.join(scratch, "rss")] if os.path.exists("/usr/bin/time") else []
    for p in pkgs:
        r = subprocess.run(timer + [compiler, "-c", p, "-o", obj], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode == 0:
            good.append(p)
            if timer:
                with open(os.path.join(scratch, "rss")) as f:
                    rss.append(int(f.read().split()[-1]))
        elif r.returncode == 1:
            rejected.append(p)
        else:
            failed.append(p)
    return good, rss, rejected, failed


def write_project(src, pkgs):
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(src, "CMakeLists.txt"), "w") as f:
        f.write("cmake_minimum_required(VERSION 3.20)\nproject(corpus_rebuild NONE)\n"
                "find_package(Ssis2Dbt REQUIRED)\nssis2dbt_add_project(corpus\n  PACKAGES\n")
        for p in pkgs:
            f.write("    [==[%s]==]\n" % p)
        f.write("  OUTPUT_DIR proj)\n")


def configure(src, build, prefix):
    shutil.rmtree(build, ignore_errors=True)
    run(["cmake", "-S", src, "-B", build, "-G", "Ninja", "-DCMAKE_PREFIX_PATH=" + prefix])


def link_seconds(build):
    """The link's own time in the last build, from .ninja_log (start and end in ms)."""
    secs = 0.0
    with open(os.path.join(build, ".ninja_log")) as f:
        for row in f:
            cols = row.rstrip("\n").split("\t")
            if len(cols) >= 4 and cols[3].endswith("link.stamp"):
                secs = (int(cols[1]) - int(cols[0])) / 1000
    return secs


def xmllint_loop(pkgs, jobs):
    """xmllint --noout over the packages, `jobs` processes at a time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    running = []
    for p in pkgs:
        while len(running) >= jobs:
            running.pop(0).wait()
        running.append(subprocess.Popen(["xmllint", "--noout", "--nonet", p],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for r in running:
        r.wait()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="the ssis2dbtc build tree to install from")
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus", "train"))
    ap.add_argument("--work", default=os.path.join(ROOT, "build", "bench-rebuild"))
    ap.add_argument("--limit", type=int, default=0, help="the first N packages only")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the quick measurements (best kept)")
    args = ap.parse_args()

    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    prefix = os.path.join(work, "prefix")
    run(["cmake", "--install", args.build, "--prefix", prefix])
    compiler = os.path.join(prefix, "bin", "ssis2dbtc")
    if "asan" in run(["sh", "-c", "nm -D '%s' 2>/dev/null | grep -c __asan_init || true" % compiler]).stdout.strip("0\n"):
        sys.exit("rebuild.py: %s is a sanitizer build; time an optimised one" % compiler)

    pkgs = packages(os.path.abspath(args.corpus), args.limit)
    good, rss, rejected, failed = probe(compiler, pkgs, work)
    if not good:
        sys.exit("rebuild.py: no package compiles")
    # the touched package: a copy, so that the corpus itself is never modified
    touched_src = sorted(good, key=os.path.getsize)[len(good) // 2]  # one of median size
    touched = os.path.join(work, "src", "touched", os.path.basename(touched_src))
    os.makedirs(os.path.dirname(touched))
    shutil.copy2(touched_src, touched)
    project = [touched if p == touched_src else p for p in good]
    src, build = os.path.join(work, "src"), os.path.join(work, "ninja")
    write_project(src, project)
    nbytes = sum(os.path.getsize(p) for p in project)

    cold, link = {}, {}
    for jobs in (1, 2):
        configure(src, build, prefix)
        cold[jobs] = timed(["ninja", "-C", build, "-j%d" % jobs])[:2]
        link[jobs] = link_seconds(build)
    floor = {jobs: xmllint_loop(project, jobs) for jobs in (1, 2)}

    noop = min(timed(["ninja", "-C", build])[:2] for _ in range(args.repeat))
    dry = min(timed(["ninja", "-C", build, "-n"])[:2] for _ in range(args.repeat))
    out = run(["ninja", "-C", build]).stdout
    assert "no work to do" in out, out

    touch_runs = []
    for _ in range(args.repeat):
        # a file's mtime comes from the kernel's coarse clock, which can lag
        # the time ninja logged for the last build by a few milliseconds: a
        # touch right after a build could look no newer than it
        time.sleep(0.05)
        os.utime(touched)
        wall, cpu, out = timed(["ninja", "-C", build, "-d", "explain"])
        touch_runs.append((wall, cpu))
        compiles = out.count("Compiling SSIS package")
        links = out.count("Linking dbt project")
    touch = min(touch_runs)
    alone = min(timed([compiler, "-c", touched, "-o", os.path.join(work, "alone.ssisobj")])[:2]
                for _ in range(args.repeat))

    print("corpus: %d packages, %d compiled (%.1f MB), %d left out with input errors, %d compiler failures"
          % (len(pkgs), len(good), nbytes / 1e6, len(rejected), len(failed)))
    for p in failed:
        print("  compiler failure: %s" % p)
    print()
    print("%-34s %9s %9s   %-24s %9s %9s %8s %8s" % ("measure", "wall s", "cpu s", "floor", "wall s", "cpu s",
                                                        "wall x", "cpu x"))

    def ratio(a, b):
        return a / b if b > 0 else float("inf")

    def line(name, got, floor_name, fl):
        print("%-34s %9.3f %9.3f   %-24s %9.3f %9.3f %7.1fx %7.1fx" % (name, got[0], got[1], floor_name, fl[0], fl[1],
                                                                      ratio(got[0], fl[0]), ratio(got[1], fl[1])))

    line("cold build -j1", cold[1], "xmllint --noout -j1", floor[1])
    line("cold build -j2", cold[2], "xmllint --noout -j2", floor[2])
    print("%-34s %9.3f %9.3f   (wall s of the link alone in the -j1 and -j2 builds)" % ("  link step", link[1], link[2]))
    line("no-op rebuild", noop, "ninja -n", dry)
    line("one package touched (%d -c, %d link)" % (compiles, links), touch, "its ssis2dbtc -c alone", alone)
    if rss:
        print()
        print("peak memory of ssis2dbtc -c per package (max RSS, MiB): median %.1f, 90th %.1f, max %.1f"
              % (statistics.median(rss) / 1024, sorted(rss)[int(0.9 * (len(rss) - 1))] / 1024, max(rss) / 1024))
        big = max(range(len(rss)), key=lambda i: rss[i])
        print("  largest: %s (%.1f MiB, %.1f MB of XML)" % (os.path.relpath(good[big], args.corpus), rss[big] / 1024,
                                                             os.path.getsize(good[big]) / 1e6))
    print("touched package: %s (%.2f MB)" % (os.path.relpath(touched_src, args.corpus), os.path.getsize(touched_src) / 1e6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
