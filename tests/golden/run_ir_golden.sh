#!/bin/sh
# run_ir_golden.sh — golden test of `ssis2dbtc --emit=ir`: runs one case of
# tests/golden/ir/cases.tsv and diffs the JSON (stdout) and the diagnostics
# (stderr) with <name>.json / <name>.err.  UPDATE_GOLDEN=1 rewrites them.
# usage: run_ir_golden.sh SSIS2DBTC SHARED_DIR SOURCE_DIR CASE
set -u
bin=$1 shared=$2 src=$3 case=$4
dir=$src/tests/golden/ir
line=$(awk -F'\t' -v n="$case" '$1 == n' "$dir/cases.tsv")
[ -n "$line" ] || { echo "no case '$case' in $dir/cases.tsv" >&2; exit 2; }
where=$(printf '%s\n' "$line" | cut -f2)
pkg=$(printf '%s\n' "$line" | cut -f3)
case $where in
corpus) base=$shared/corpus/train ;;
repo) base=$src ;;
*) echo "bad location '$where'" >&2; exit 2 ;;
esac
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# Relative paths, so that the dumps do not depend on where the tree is.
(cd "$base" && "$bin" --emit=ir "$pkg" >"$tmp/out.json" 2>"$tmp/out.err")
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "ssis2dbtc exited with $rc on $pkg" >&2
	cat "$tmp/out.err" >&2
	exit 1
fi
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
	cp "$tmp/out.json" "$dir/$case.json"
	cp "$tmp/out.err" "$dir/$case.err"
	echo "updated $case"
	exit 0
fi
status=0
diff -u "$dir/$case.json" "$tmp/out.json" || status=1
diff -u "$dir/$case.err" "$tmp/out.err" || status=1
# The same input must give the same bytes twice.
(cd "$base" && "$bin" --emit=ir "$pkg" 2>/dev/null) | cmp -s - "$tmp/out.json" || { echo "output differs between two runs" >&2; status=1; }
exit $status
