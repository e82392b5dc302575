#!/usr/bin/env python3
"""bench_ir.py — how long `ssis2dbtc --emit=ir` takes over the training
corpus, beside parsing the same bytes with libxml2 alone (`xmllint
--noout`).  Not a test: it prints figures.

Two loop shapes, the same for both tools:
  per-file   one process per package (what a build system does);
  one-shot   one process given every package (ssis2dbtc FILE... and
             xmllint --noout FILE...).
Times are wall-clock and CPU (user + sys of the processes: steadier on a
busy machine), best of --repeat runs after one warm-up pass (the page cache
is warm for both).  Peak memory is the largest max RSS of any
one process, measured in a separate pass with /usr/bin/time -f %M (or
wait4 when /usr/bin/time is missing).  Output of both tools goes to
/dev/null.  Use an optimised build: a sanitizer build is refused.

  bench/bench_ir.py [--ssis2dbtc BIN] [--corpus DIR] [--repeat N] [--limit N]
"""
import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def corpus_files(corpus, limit):
    with open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    files = [os.path.join(corpus, r["local_file"]) for r in rows]
    return files[:limit] if limit else files


def run_quiet(argv):
    """Runs argv, output to /dev/null; returns the exit status."""
    return subprocess.call(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)


def children_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def time_loop(cmds):
    """Wall-clock seconds and CPU seconds (user + sys of the processes) to
    run every command one after the other, and the exit statuses seen."""
    statuses = {}
    c0 = children_cpu()
    t0 = time.perf_counter()
    for argv in cmds:
        rc = run_quiet(argv)
        statuses[rc] = statuses.get(rc, 0) + 1
    return time.perf_counter() - t0, children_cpu() - c0, statuses


def peak_rss_kb(cmds):
    """The largest max RSS (KiB) of any one command.  /usr/bin/time reports
    the command's own peak; wait4 from Python would include the pages of the
    Python process it forked from."""
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    peak = 0
    with tempfile.NamedTemporaryFile(prefix="bench-rss-", delete=False) as tf:
        out = tf.name
    try:
        for argv in cmds:
            if gnu_time:
                run_quiet([gnu_time, "-f", "%M", "-o", out] + argv)
                with open(out, encoding="utf-8") as f:
                    lines = [ln for ln in f.read().split() if ln.isdigit()]
                kb = int(lines[-1]) if lines else 0
            else:
                p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
                _, _, ru = os.wait4(p.pid, 0)
                kb = ru.ru_maxrss
            peak = max(peak, kb)
    finally:
        os.unlink(out)
    return peak


def is_sanitized(binary):
    with open(binary, "rb") as f:
        data = f.read()
    return b"__asan_init" in data or b"__ubsan_handle" in data


def default_binary():
    for d in ("build", "build-release", "build-hardtests"):
        p = os.path.join(REPO, d, "driver", "ssis2dbtc")
        if os.path.isfile(p) and not is_sanitized(p):
            return p
    return None


def fmt_status(st):
    return ", ".join(f"exit {k}: {v}" for k, v in sorted(st.items()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ssis2dbtc", default=default_binary(), help="an optimised (non-sanitizer) build")
    ap.add_argument("--corpus", default=os.path.normpath(os.path.join(REPO, "..", "shared", "corpus", "train")))
    ap.add_argument("--xmllint", default=shutil.which("xmllint"))
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each loop (best is kept)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N packages of the manifest")
    ap.add_argument("--shape", choices=("per-file", "one-shot"), help="only this loop shape")
    opts = ap.parse_args()
    if not opts.ssis2dbtc or not os.path.isfile(opts.ssis2dbtc):
        ap.error("no ssis2dbtc binary: build one (cmake -S . -B build -G Ninja && ninja -C build) or pass --ssis2dbtc")
    if is_sanitized(opts.ssis2dbtc):
        ap.error(f"{opts.ssis2dbtc} is a sanitizer build: benchmark an optimised build")
    if not opts.xmllint:
        ap.error("xmllint not found (apt-get install libxml2-utils)")

    files = corpus_files(opts.corpus, opts.limit)
    nbytes = sum(os.path.getsize(f) for f in files)
    mb = nbytes / 1e6
    print(f"corpus:    {opts.corpus}: {len(files)} packages, {mb:.1f} MB")
    print(f"ssis2dbtc: {opts.ssis2dbtc}")
    print(f"xmllint:   {opts.xmllint}")
    print(f"best of {opts.repeat} run(s) after a warm-up; output to /dev/null")
    sys.stdout.flush()

    tools = {
        "ssis2dbtc --emit=ir": (lambda fs: [opts.ssis2dbtc, "--emit=ir"] + fs),
        "xmllint --noout": (lambda fs: [opts.xmllint, "--noout"] + fs),
    }
    shapes = {
        "per-file": lambda mk: [mk([f]) for f in files],
        "one-shot": lambda mk: [mk(files)],
    }
    if opts.shape:
        shapes = {opts.shape: shapes[opts.shape]}
    results = {}
    for shape, make_cmds in shapes.items():
        for tool, mk in tools.items():
            cmds = make_cmds(mk)
            _, _, statuses = time_loop(cmds)       # warm-up (page cache)
            runs = [time_loop(cmds)[:2] for _ in range(max(1, opts.repeat))]
            best = min(w for w, _ in runs)
            cpu = min(c for _, c in runs)
            rss = peak_rss_kb(cmds)
            results[(shape, tool)] = (best, rss, statuses, cpu)
            print(f"  {shape:<9} {tool:<20} {best:8.2f} s wall  {cpu:8.2f} s CPU  {mb / best:7.1f} MB/s  "
                  f"peak RSS {rss / 1024:7.1f} MB  ({fmt_status(statuses)})")
            sys.stdout.flush()

    print()
    print(f"{'':<10}{'ssis2dbtc':>12}{'xmllint':>12}{'ratio':>9}{'CPU ssis2dbtc':>15}{'CPU xmllint':>13}"
          f"{'ratio':>8}{'RSS ssis2dbtc':>16}{'RSS xmllint':>14}")
    for shape in shapes:
        a = results[(shape, "ssis2dbtc --emit=ir")]
        b = results[(shape, "xmllint --noout")]
        print(f"{shape:<10}{a[0]:>10.2f} s{b[0]:>10.2f} s{a[0] / b[0]:>8.2f}x"
              f"{a[3]:>13.2f} s{b[3]:>11.2f} s{a[3] / max(b[3], 1e-9):>7.2f}x"
              f"{a[1] / 1024:>13.1f} MB{b[1] / 1024:>11.1f} MB")
    if ("per-file", "ssis2dbtc --emit=ir") in results:
        wall, _, _, cpu = results[("per-file", "ssis2dbtc --emit=ir")]
        print(f"ssis2dbtc per package (per-file loop): {wall / len(files) * 1000:.1f} ms wall, "
              f"{cpu / len(files) * 1000:.1f} ms CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
