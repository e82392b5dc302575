#!/usr/bin/env python3
"""run_corpus.py — every package of the real-world corpus through
`ssis2dbtc --emit=ir`, read in place (never copied).

A package passes when:
  * the binary exits 0 (all corpus packages are well-formed XML: exit 1 is
    a reader bug unless the package is listed as genuinely broken below),
    with no signal, no sanitizer report (ASan, UBSan, LeakSanitizer) and
    within the timeout;
  * stdout is the Package IR as JSON;
  * the set of component classes in the IR equals MANIFEST.tsv's
    component_classes, and no built-in (Microsoft.*) component is unknown;
  * no secret of the corpus reaches the IR dump or the diagnostics: every
    Password=/PWD= value (any case, any quoting, in connection strings,
    expressions and script code) and every Sensitive="1" element value is
    extracted from the raw files here, and none (3 characters or more) may
    appear in any package's output unless that package also holds the same
    text outside a secret position.

Figures (packages, executables, components, classes, unknown components)
are printed in a table at the end; the last line is "N passed, N failed".

Environment: SSIS_CORPUS_SAMPLE=N runs N packages spread evenly over the
manifest (for slow sanitizer builds); SSIS_CORPUS_JOBS=N sets the
parallelism (default 2).
"""
import argparse
import concurrent.futures
import csv
import html
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time

SANITIZER_RE = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|"
                          r"runtime error:|MemorySanitizer|ThreadSanitizer")

# Packages whose XML the reader may reject, with the reason.  All 591 are
# well-formed (MANIFEST xml_ok = y), so this starts empty.
GENUINELY_BROKEN = {}

# ------------------------------------------------------------ secrets

# A key ending in password or pwd, then '='.  Identifier characters before it
# (fromPassword, smtpPassword, ConnectionContext.Password) make it script code.
SECRET_KEY_RE = re.compile(r"(?i)(password|pwd)\s*=\s*")
IDENT_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.")
SENSITIVE_RE = re.compile(r'<(DTS:[A-Za-z]+)\b([^>]*\bSensitive="1"[^>]*)>(.*?)</\1>', re.S)
CODE_REF_RE = re.compile(r"^(Dts\.|task\.|component\.|this\.|@\[|\$|\+|\(|\[)|[\[\(]$")


def secret_values(text):
    """(value, kind, start, end) for each secret value in decoded package
    text.  kind: connstr (key=value; lists, also inside expressions),
    script (an assignment in code) or sensitive (a Sensitive="1" element)."""
    out = []
    for m in SECRET_KEY_RE.finditer(text):
        prefix = m.start() > 0 and text[m.start() - 1] in IDENT_CHARS
        i = m.end()
        ch = text[i:i + 1]
        if ch in ('"', "'"):
            j = text.find(ch, i + 1, i + 400)
            if j < 0:
                continue
            v, s, e = text[i + 1:j], i + 1, j
        elif ch == "{":
            j = text.find("}", i + 1, i + 400)
            if j < 0:
                continue
            v, s, e = text[i + 1:j], i + 1, j
        else:
            mm = re.compile(r"[^;\"'<>\r\n]*").match(text, i)
            v, s, e = mm.group(0).rstrip(), i, i + len(mm.group(0).rstrip())
        v = v.strip()
        if len(v) < 3 or CODE_REF_RE.search(v) or not v.strip("*"):
            continue
        spaced = text[m.end(1):i].strip() != text[m.end(1):i]
        kind = "script" if (prefix or (spaced and ch == '"')) else "connstr"
        out.append((v, kind, s, e))
    return out


def sensitive_values(raw):
    out = []
    for m in SENSITIVE_RE.finditer(raw):
        v = html.unescape(m.group(3)).strip()
        if len(v) >= 3 and "<" not in v and v.strip("*"):
            out.append((v, "sensitive", m.start(3), m.end(3)))
    return out


def blank_spans(text, spans):
    """text with each (start, end) span replaced by NULs."""
    parts, at = [], 0
    for s, e in sorted(spans):
        if s < at:
            s = at
        if e <= s:
            continue
        parts += [text[at:s], "\0" * (e - s)]
        at = e
    parts.append(text[at:])
    return "".join(parts)


def package_secrets(raw):
    """Secrets of one raw package, and its decoded text with every secret
    blanked out (to tell a leak from a value that is also plain data)."""
    sens = sensitive_values(raw)
    dec = html.unescape(blank_spans(raw, [(s, e) for _, _, s, e in sens]))
    found = secret_values(dec)
    return found + sens, blank_spans(dec, [(s, e) for _, _, s, e in found])


# ------------------------------------------------------------ the IR

def ir_strings(v, out):
    """Every key and string value of the JSON, in one list."""
    if isinstance(v, dict):
        for k, x in v.items():
            out.append(k)
            ir_strings(x, out)
    elif isinstance(v, list):
        for x in v:
            ir_strings(x, out)
    elif isinstance(v, str):
        out.append(v)
    return out


def ir_walk(v, fn):
    if isinstance(v, dict):
        fn(v)
        for x in v.values():
            ir_walk(x, fn)
    elif isinstance(v, list):
        for x in v:
            ir_walk(x, fn)


def ir_figures(ir):
    """Executables (every control-flow node: "kind", "path", "disabled";
    the package itself and event-handler bodies aside), components (the
    "components" of each "dataflow") and their classes."""
    figs = {"executables": 0, "components": 0, "unknown": 0, "classes": set(),
            "unknown_builtin": set(), "unknown_classes": set()}

    def visit(o):
        if ("kind" in o and "disabled" in o and "path" in o
                and o.get("kind") not in ("Package", "EventHandler")):
            figs["executables"] += 1
        df = o.get("dataflow")
        if isinstance(df, dict):
            for comp in df.get("components") or []:
                figs["components"] += 1
                cls = comp.get("class") or "(none)"
                figs["classes"].add(cls)
                if comp.get("known") is not True:
                    figs["unknown"] += 1
                    figs["unknown_classes"].add(cls)
                    if cls.startswith("Microsoft."):
                        figs["unknown_builtin"].add(cls)
    ir_walk(ir, visit)
    return figs


# ------------------------------------------------------------ running

def sanitizer_env():
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = "exitcode=99:" + env.get("ASAN_OPTIONS", "")
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:exitcode=98:" + env.get("UBSAN_OPTIONS", "")
    env["LSAN_OPTIONS"] = "exitcode=97:" + env.get("LSAN_OPTIONS", "")
    return env


def run_one(binary, path, timeout):
    t0 = time.monotonic()
    p = subprocess.Popen([binary, "--emit=ir", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, env=sanitizer_env(), start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        timed_out = True
    return p.returncode, out, err, time.monotonic() - t0, timed_out


def check_package(row, opts):
    rel = row["local_file"]
    path = os.path.join(opts.corpus, rel)
    res = {"file": rel, "failures": [], "notes": [], "secrets_found": []}
    rc, out, err, secs, timed_out = run_one(opts.ssis2dbtc, path, opts.timeout)
    res.update(rc=rc, secs=secs)
    errs = err.decode("utf-8", errors="replace")
    res["warnings"] = len(re.findall(r": warning: ", errs))
    res["errors"] = len(re.findall(r": error: ", errs))
    if timed_out:
        res["failures"].append(f"no answer within {opts.timeout:.0f} s")
    elif rc < 0 or rc >= 128:
        res["failures"].append(f"crashed (exit {rc})")
    if SANITIZER_RE.search(errs):
        first = [ln for ln in errs.splitlines() if SANITIZER_RE.search(ln)][:3]
        res["failures"].append("sanitizer report: " + " | ".join(first))
        res["sanitizer"] = errs
    if not timed_out and rc not in (0, 1) and not (rc < 0 or rc >= 128):
        res["failures"].append(f"exit status {rc}")
    if rc == 1:
        msgs = [ln for ln in errs.splitlines() if ": error: " in ln][:3]
        why = GENUINELY_BROKEN.get(rel)
        if why:
            res["notes"].append(f"rejected (known broken: {why})")
        else:
            res["failures"].append("rejected a well-formed package: " + " | ".join(msgs))
    res["first_error"] = next((ln for ln in errs.splitlines() if ": error: " in ln), "")

    ir = None
    if rc == 0:
        try:
            ir = json.loads(out.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            res["failures"].append(f"stdout is not JSON: {e}")
    if ir is not None:
        figs = ir_figures(ir)
        res["figs"] = figs
        want = {c for c in row["component_classes"].split(",") if c}
        got = figs["classes"]
        if want != got:
            miss, extra = sorted(want - got), sorted(got - want)
            res["failures"].append("component classes differ from MANIFEST.tsv:"
                                   + (f" missing {miss}" if miss else "")
                                   + (f" unexpected {extra}" if extra else ""))
        if figs["unknown_builtin"]:
            res["failures"].append(f"built-in components read as unknown: {sorted(figs['unknown_builtin'])}")
        res["manifest_components"] = int(row["n_components"] or 0)
        res["manifest_executables"] = int(row["n_executables"] or 0)
        strings = "\n".join(ir_strings(ir, []))
    else:
        strings = ""
    # The text searched for secrets: the IR's strings and the diagnostics.
    res["haystack"] = (strings, errs)
    return res


def find_leaks(res, secrets, opts):
    """secrets: value -> set of (package, kind).  A value found in this
    package's output is a leak unless this package holds it outside a
    secret position too."""
    strings, errs = res.pop("haystack")
    blanked = None
    for v, owners in secrets.items():
        where = [n for n, h in (("IR", strings), ("diagnostics", errs)) if v in h]
        if not where:
            continue
        if blanked is None:
            with open(os.path.join(opts.corpus, res["file"]), encoding="utf-8", errors="replace") as f:
                _, blanked = package_secrets(f.read())
        kinds = sorted({k for _, k in owners})
        if v in blanked:
            res["notes"].append(f"a secret value ({'/'.join(kinds)}, {len(v)} chars) is also plain data here")
            continue
        src = sorted(p for p, _ in owners)[0]
        masked = v[:2] + "*" * (len(v) - 2)
        res["failures"].append(f"secret {masked!r} ({'/'.join(kinds)}, from {src}) in the {' and '.join(where)}")
        res["secrets_found"].append(v)


def sample(rows, n):
    if n <= 0 or n >= len(rows):
        return rows
    step = len(rows) / n
    return [rows[int(i * step)] for i in range(n)]


def table(rows):
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(str(r[1])) for r in rows)
    w2 = max(len(str(r[2])) for r in rows)
    return "\n".join(f"  {r[0]:<{w0}}  {str(r[1]):>{w1}}  {str(r[2]):>{w2}}" for r in rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ssis2dbtc", required=True)
    ap.add_argument("--corpus", required=True, help="the folder holding MANIFEST.tsv")
    ap.add_argument("-j", "--jobs", type=int, default=int(os.environ.get("SSIS_CORPUS_JOBS", "2")))
    ap.add_argument("--sample", type=int, default=int(os.environ.get("SSIS_CORPUS_SAMPLE", "0") or 0),
                    help="run N packages spread over the manifest (0 = all)")
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds per package")
    ap.add_argument("--failures-file", help="write the failing packages' details here")
    ap.add_argument("-v", "--verbose", action="store_true", help="a line per package")
    opts = ap.parse_args()

    t_start = time.monotonic()
    with open(os.path.join(opts.corpus, "MANIFEST.tsv"), encoding="utf-8") as f:
        all_rows = list(csv.DictReader(f, delimiter="\t"))
    rows = sample(all_rows, opts.sample)

    # Secrets of the whole corpus (not only the sample).
    secrets = {}
    nsecret_sites = {"connstr": 0, "script": 0, "sensitive": 0}
    for r in all_rows:
        with open(os.path.join(opts.corpus, r["local_file"]), encoding="utf-8", errors="replace") as f:
            found, _ = package_secrets(f.read())
        for v, kind, _, _ in found:
            secrets.setdefault(v, set()).add((r["local_file"], kind))
            nsecret_sites[kind] += 1

    print(f"corpus: {opts.corpus}")
    print(f"binary: {opts.ssis2dbtc}")
    print(f"packages: {len(rows)} of {len(all_rows)}" + (" (SSIS_CORPUS_SAMPLE)" if len(rows) < len(all_rows) else "")
          + f", {opts.jobs} jobs")
    sys.stdout.flush()

    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as ex:
        futs = {ex.submit(check_package, r, opts): r for r in rows}
        for fut in concurrent.futures.as_completed(futs):
            res = fut.result()
            find_leaks(res, secrets, opts)
            results.append(res)
            if opts.verbose or res["failures"]:
                status = "FAIL" if res["failures"] else "ok"
                print(f"[{status}] {res['file']} (exit {res['rc']}, {res['secs']:.2f} s)")
                for m in res["failures"]:
                    print(f"       - {m}")
                sys.stdout.flush()
    results.sort(key=lambda r: r["file"])
    wall = time.monotonic() - t_start

    # ---- figures
    ok = [r for r in results if not r["failures"]]
    read = [r for r in results if "figs" in r]
    n_exec = sum(r["figs"]["executables"] for r in read)
    n_comp = sum(r["figs"]["components"] for r in read)
    n_unknown = sum(r["figs"]["unknown"] for r in read)
    classes = set().union(*(r["figs"]["classes"] for r in read)) if read else set()
    unknown_classes = set().union(*(r["figs"]["unknown_classes"] for r in read)) if read else set()
    m_exec = sum(int(r["n_executables"] or 0) for r in rows)
    m_comp = sum(int(r["n_components"] or 0) for r in rows)
    m_classes = {c for r in rows for c in r["component_classes"].split(",") if c}
    comp_diff = [r for r in read if r["figs"]["components"] != r["manifest_components"]]
    exec_diff = [r for r in read if r["figs"]["executables"] != r["manifest_executables"]]
    by_rc = {}
    for r in results:
        by_rc[r["rc"]] = by_rc.get(r["rc"], 0) + 1
    leaked = sorted({v for r in results for v in r["secrets_found"]})

    print()
    print("figures                                     IR   MANIFEST.tsv")
    print(table([
        ("packages run", len(results), len(rows)),
        ("packages read (exit 0, IR is JSON)", len(read), len(rows)),
        ("executables", n_exec, m_exec),
        ("components", n_comp, m_comp),
        ("component classes", len(classes), len(m_classes)),
        ("components unknown (fallback)", n_unknown, "-"),
        ("packages with a built-in class unknown", sum(len(r["figs"]["unknown_builtin"]) > 0 for r in read), 0),
        ("packages: component count != manifest", len(comp_diff), 0),
        ("packages: executable count != manifest", len(exec_diff), 0),
        ("warnings printed", sum(r["warnings"] for r in results), "-"),
        ("secret values known (connstr/script/sensitive)",
         f"{nsecret_sites['connstr']}/{nsecret_sites['script']}/{nsecret_sites['sensitive']}", "-"),
        ("distinct secret values (>= 3 chars)", len(secrets), "-"),
        ("secret values leaked", len(leaked), 0),
    ]))
    print("exit statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(by_rc.items())))
    if unknown_classes:
        print("unknown component classes: " + ", ".join(sorted(unknown_classes)))
    if comp_diff:
        print("component counts that differ from the manifest (IR vs manifest), first 10:")
        for r in comp_diff[:10]:
            print(f"  {r['figs']['components']:>4} vs {r['manifest_components']:>4}  {r['file']}")
    slow = sorted(results, key=lambda r: -r["secs"])[:5]
    print("slowest: " + ", ".join(f"{r['file']} {r['secs']:.2f} s" for r in slow))
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"wall time: {wall:.1f} s; CPU time of the ssis2dbtc processes: "
          f"{ru.ru_utime + ru.ru_stime:.1f} s (user {ru.ru_utime:.1f}, sys {ru.ru_stime:.1f})")
    bad = [r for r in results if r["failures"]]
    if bad:
        print(f"failing packages ({len(bad)}):")
        for r in bad:
            print(f"  {r['file']}: " + "; ".join(m.splitlines()[0][:300] for m in r["failures"]))
    if opts.failures_file:
        with open(opts.failures_file, "w", encoding="utf-8") as f:
            for r in bad:
                f.write(f"{r['file']}\n")
                for m in r["failures"]:
                    f.write(f"  - {m}\n")
                if r.get("sanitizer"):
                    f.write(r["sanitizer"] + "\n")
    print(f"{len(ok)} passed, {len(bad)} failed")
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
