# test_options.sh — the driver's contract on the command line: exit status
# 0 built, 1 errors in the input, 2 bad usage; --version and --help.
. "$(dirname "$0")/lib.sh"
cd "$TMP"

expect_rc 0 "$SSIS2DBTC" --version
grep -qE '^ssis2dbtc [0-9]+\.[0-9]+\.[0-9]+$' "$TMP/out" || fail "--version printed: $(cat "$TMP/out")"

expect_rc 0 "$SSIS2DBTC" --help
for opt in -MD -MF -MT -MP --config --print-config --time-report --trace= -fdiagnostics-file= \
	'text|json|sarif' --project-name= --layers= --infer-tests= --no-llm --llm-model= --approval= \
	--auto-approve --row-count-tolerance= --print-warnings --version; do
	expect_grep "$TMP/out" "$opt"
done

# bad usage: 2
expect_rc 2 "$SSIS2DBTC" --no-such-option x.dtsx
expect_grep "$TMP/err" "unknown option '--no-such-option'"
expect_rc 2 "$SSIS2DBTC"
expect_grep "$TMP/err" "no input files"
expect_rc 2 "$SSIS2DBTC" -fdiagnostics-format=xml "$DATA/warn.dtsx"
expect_grep "$TMP/err" "(text, json, sarif)"
expect_rc 2 "$SSIS2DBTC" -Wno-such-warning "$DATA/warn.dtsx"
expect_rc 2 "$SSIS2DBTC" -fdiagnostics-file=d.sarif "$DATA/warn.dtsx"
expect_grep "$TMP/err" "-fdiagnostics-file= is for -fdiagnostics-format=sarif"
expect_rc 2 "$SSIS2DBTC" --emit=ir -MD "$DATA/warn.dtsx"
expect_grep "$TMP/err" "a depfile needs an output (-o) or a target (-MT)"
expect_rc 2 "$SSIS2DBTC" --emit=ir -MD -MT x "$DATA/warn.dtsx"
expect_grep "$TMP/err" "-MD writes OUTPUT.d: give -o, or -MF FILE"
expect_rc 2 "$SSIS2DBTC" --emit=ir "$DATA/warn.dtsx" -MF
expect_grep "$TMP/err" "-MF needs an argument"
expect_rc 2 "$SSIS2DBTC" --layers=staging,bronze "$DATA/warn.dtsx"
expect_text "$TMP/err" "ssis2dbtc: error: --layers: unknown layer 'bronze' (staging, intermediate, marts, snapshots)
(try ssis2dbtc --help)
"
expect_rc 2 "$SSIS2DBTC" --var=NoEquals "$DATA/warn.dtsx"
expect_grep "$TMP/err" "--var: KEY=VALUE expected"
expect_rc 2 "$SSIS2DBTC" --row-count-tolerance=2 "$DATA/warn.dtsx"
expect_grep "$TMP/err" "2 is out of range (0 to 1)"
expect_rc 2 "$SSIS2DBTC" "$DATA/warn.dtsx" --llm-timeout
expect_grep "$TMP/err" "--llm-timeout: a value is needed"

# errors in the input: 1 (and nothing written)
expect_rc 1 "$SSIS2DBTC" --emit=ir missing.dtsx -o out.json
expect_rc 1 "$SSIS2DBTC" --emit=ir "$DATA/bad.dtsx" -o out.json
[ ! -e out.json ] || fail "out.json written although the input has errors"
expect_rc 1 "$SSIS2DBTC" --config missing.yml "$DATA/warn.dtsx"
expect_grep "$TMP/err" "cannot read config file 'missing.yml'"

# warnings are allowed: 0; -Werror=NAME makes one an error: 1
expect_rc 0 "$SSIS2DBTC" --emit=ir "$DATA/warn.dtsx" -o out.json
expect_grep "$TMP/err" "[-Wunknown-task]"
expect_rc 1 "$SSIS2DBTC" --emit=ir "$DATA/warn.dtsx" -Werror=unknown-task -o out2.json
expect_grep "$TMP/err" "[-Werror=unknown-task]"

# --project-name names the generated dbt project
expect_rc 0 "$SSIS2DBTC" "$DATA/warn.dtsx" -o proj --project-name sales_dw
expect_grep proj/dbt_project.yml 'name: "sales_dw"'
expect_rc 2 "$SSIS2DBTC" "$DATA/warn.dtsx" -o proj2 --project-name 9lives
[ ! -e proj2 ] || fail "proj2 written although the usage was bad"
finish
