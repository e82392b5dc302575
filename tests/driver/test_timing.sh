# test_timing.sh — --time-report (a table of phases and passes on stderr)
# and --trace=FILE (Chrome trace-event JSON: a span per package, per phase
# and per pass, properly nested).
. "$(dirname "$0")/lib.sh"
cd "$TMP"
cp "$DATA/warn.dtsx" a.dtsx
cp "$DATA/project/Load.dtsx" b.dtsx
"$SSIS2DBTC" --print-passes | awk '{print $1}' >passes.txt
[ -s passes.txt ] || fail "--print-passes printed nothing"

expect_rc 0 "$SSIS2DBTC" a.dtsx b.dtsx -o proj --time-report --trace=trace.json
expect_grep "$TMP/err" "Time report (2 packages):"
row='^ +%s +: +[0-9]+\.[0-9]{4} \( *[0-9]+%%\) +[0-9]+\.[0-9]{4} +[0-9]+ kB$'
for name in read lower emit TOTAL $(cat passes.txt); do
	grep -qE "$(printf "$row" "$name")" "$TMP/err" || fail "no report row for '$name'"
done
grep -qE '^   [a-z]' "$TMP/err" || fail "passes are not indented under their phase"

"${PYTHON:-python3}" - trace.json passes.txt <<'PY' || fail "the trace"
import json, sys
events = json.load(open(sys.argv[1]))["traceEvents"]
passes = open(sys.argv[2]).read().split()
for e in events:
    assert e["ph"] == "X" and isinstance(e["ts"], (int, float)) and e["dur"] >= 0, e
    assert isinstance(e["pid"], int) and e["tid"] == 1 and e["name"], e
by = lambda cat: [e for e in events if e["cat"] == cat]
assert [e["name"] for e in by("package")] == ["a.dtsx", "b.dtsx"], by("package")
# each package is compiled to an object in memory, then linked
assert [e["name"] for e in by("phase")] == ["read", "lower", "object", "link"] * 2 + ["emit"], by("phase")
assert [e["name"] for e in by("pass")] == passes * 2, by("pass")
inside = lambda a, b: b["ts"] <= a["ts"] and a["ts"] + a["dur"] <= b["ts"] + b["dur"]
for p in by("phase")[:8]:
    assert sum(inside(p, k) for k in by("package")) == 1, ("a phase outside its package", p)
for p in by("pass"):
    assert any(inside(p, l) for l in by("phase") if l["name"] == "lower"), ("a pass outside lower", p)
PY

# --emit=ir goes through the same phases, one context per package
expect_rc 0 "$SSIS2DBTC" --emit=rel a.dtsx -o a.json --trace=t2.json
grep -q '"cat":"pass"' t2.json || fail "no pass spans with --emit=rel"
grep -q '"name":"emit"' t2.json || fail "no emit span with --emit=rel"

# nothing of the kind without the options
expect_rc 0 "$SSIS2DBTC" a.dtsx -o proj2
expect_no_grep "$TMP/err" "Time report"
finish
