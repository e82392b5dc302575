# test_manpage.sh — docs/ssis2dbtc.1 renders without warnings and is in step
# with the binary: every option of --help, every subcommand and every -W
# name of --print-warnings is in it.
. "$(dirname "$0")/lib.sh"
. "$SRC/scripts/ssis2dbtc-completion.bash"
PAGE=$SRC/docs/ssis2dbtc.1
command -v man >/dev/null || { echo "man is not installed (man-db): skipped"; exit 77; }

MANWIDTH=200 man --warnings -l "$PAGE" >"$TMP/page" 2>"$TMP/warnings" || fail "man -l failed"
[ ! -s "$TMP/warnings" ] || fail "groff warnings: $(cat "$TMP/warnings")"
expect_grep "$TMP/page" "EXIT STATUS"
# man renders '-' as U+2010 in some locales: compare on ASCII hyphens
sed 's/‐/-/g; s/−/-/g' "$TMP/page" >"$TMP/text"
for opt in $(_ssis2dbtc_options "$SSIS2DBTC"); do
	expect_grep "$TMP/text" "${opt%=}"
done
for cmd in $(_ssis2dbtc_commands "$SSIS2DBTC"); do
	grep -qE "^ +$cmd( |$)" "$TMP/text" || fail "subcommand '$cmd' is not in the man page"
done
for w in $(_ssis2dbtc_warnings "$SSIS2DBTC"); do
	expect_grep "$TMP/text" "-W$w"
done
finish
