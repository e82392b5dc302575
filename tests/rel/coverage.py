#!/usr/bin/env python3
"""Data-flow coverage over a corpus: runs `ssis2dbtc --emit=rel` on every
package, prints per component class how many instances were translated,
replaced by a placeholder or unsupported, and fails when a package makes the
compiler crash (exit status 3 or a signal) or when the translated share of
all component instances is below --min (percent)."""
import argparse
import collections
import json
import os
import subprocess
import sys


def packages(root):
    for dirpath, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if f.lower().endswith(".dtsx"):
                yield os.path.join(dirpath, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ssis2dbtc", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--min", type=float, default=0.0, help="minimum translated share, percent")
    ap.add_argument("--reasons", action="store_true", help="list the reasons per class")
    a = ap.parse_args()
    by_class = collections.defaultdict(collections.Counter)
    reasons = collections.defaultdict(collections.Counter)
    crashes, unreadable, npkg = [], 0, 0
    for path in packages(a.corpus):
        npkg += 1
        p = subprocess.run([a.ssis2dbtc, "--emit=rel", "-w", path], capture_output=True, timeout=120)
        if p.returncode == 3 or p.returncode < 0:
            crashes.append((path, p.returncode, p.stderr.decode(errors="replace")[-400:]))
            continue
        if p.returncode != 0:
            unreadable += 1
            continue
        doc = json.loads(p.stdout)
        for g in doc.get("dataflows", []):
            for c in g["coverage"]:
                by_class[c["class"]][c["status"]] += 1
                if c["status"] != "translated":
                    reasons[c["class"]][c.get("reason") or ""] += 1
    total = collections.Counter()
    print("%-45s %6s %11s %12s %12s" % ("class", "total", "translated", "placeholder", "unsupported"))
    for cls, n in sorted(by_class.items(), key=lambda kv: -sum(kv[1].values())):
        total.update(n)
        print("%-45s %6d %11d %12d %12d" % (cls, sum(n.values()), n["translated"], n["placeholder"], n["unsupported"]))
        if a.reasons:
            for r, k in reasons[cls].most_common(5):
                print("      %5d  %s" % (k, r))
    alln = sum(total.values())
    share = 100.0 * total["translated"] / alln if alln else 0.0
    print("%-45s %6d %11d %12d %12d" % ("TOTAL", alln, total["translated"], total["placeholder"], total["unsupported"]))
    print("packages: %d, stopped by errors in the input (not counted): %d, crashes: %d"
          % (npkg, unreadable, len(crashes)))
    print("translated: %.1f%% of %d data-flow component instances (minimum %.1f%%)" % (share, alln, a.min))
    for path, rc, err in crashes:
        print("CRASH (%d): %s\n%s" % (rc, path, err), file=sys.stderr)
    return 1 if crashes or share < a.min else 0


if __name__ == "__main__":
    sys.exit(main())
