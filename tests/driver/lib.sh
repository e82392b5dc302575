# lib.sh — what the driver tests share: the compiler under test, a scratch
# directory removed on exit, and checks that say what differed.
# Usage in a test: . lib.sh SSIS2DBTC SOURCE_DIR; ...checks...; finish
set -u
SSIS2DBTC=$1
SRC=$2
DATA=$SRC/tests/driver/data
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# expect_rc STATUS COMMAND...: runs COMMAND, stdout to $TMP/out, stderr to $TMP/err.
expect_rc() {
	local want=$1
	shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	local rc=$?
	[ "$rc" = "$want" ] || fail "exit status $rc, wanted $want: $* -- stderr: $(head -c 400 "$TMP/err")"
}

# expect_text FILE EXPECTED: the file's exact content.
expect_text() {
	if ! diff -u <(printf '%s' "$2") "$1" >"$TMP/diff"; then
		fail "$1 differs from what was expected:"
		cat "$TMP/diff" >&2
	fi
}

expect_grep() { grep -qF -- "$2" "$1" || fail "$1 does not contain '$2'"; }
expect_no_grep() { ! grep -qF -- "$2" "$1" || fail "$1 contains '$2'"; }

finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed" >&2
		exit 1
	fi
	echo "all checks passed"
}
