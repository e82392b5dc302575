# test_config.sh — --config ssis2dbt.yml: every setting read (--print-config),
# the command line winning over the file, warnings from the file applied
# now, and the exact diagnostics (file:line:col, caret) for bad files.
. "$(dirname "$0")/lib.sh"
cd "$DATA"

# bad files: every mistake reported at its place, the key masked, status 1
expect_rc 1 "$SSIS2DBTC" --config bad-config.yml warn.dtsx
expect_text "$TMP/err" "$(cat bad-config.err)
"
expect_no_grep "$TMP/err" "sk-not-here"
expect_rc 1 "$SSIS2DBTC" --config syntax-config.yml warn.dtsx
expect_text "$TMP/err" "$(cat syntax-config.err)
"

# every setting of a good file, as --print-config shows them
expect_rc 0 "$SSIS2DBTC" --config good-config.yml --print-config
expect_text "$TMP/out" "$(cat good-config.print)
"

# the command line wins over the file; the rest still comes from the file
expect_rc 0 "$SSIS2DBTC" --config good-config.yml --print-config --target=duckdb --layers=marts \
	--var='$Project::LoadDate=2025-02-02' --var=Extra=1 --no-llm --auto-approve --llm-timeout=5 \
	--source-name=AdventureWorks=aw --dbt-commands=build -Wno-unknown-task
cp "$TMP/out" "$TMP/effective"
for line in 'target: "duckdb"' 'layers: [marts]' '"$Project::LoadDate": "2025-02-02"' '"Extra": "1"' \
	'enabled: false' 'approval: auto' 'timeout: 5' '"AdventureWorks": "aw"' 'commands: [build]' \
	'unknown-task: off' 'project: "sales_dw"' 'model: "llama3"' 'row_count_tolerance: 0.01' \
	'infer: [unique, not_null]' 'deprecated-format: on'; do
	expect_grep "$TMP/effective" "$line"
done

# warnings: in the file are used now: unknown-task: error fails the build ...
expect_rc 1 "$SSIS2DBTC" --config good-config.yml --emit=ir warn.dtsx -o "$TMP/w.json"
expect_grep "$TMP/err" "[-Werror=unknown-task]"
# ... unless the command line says otherwise
expect_rc 0 "$SSIS2DBTC" --config good-config.yml -Wno-error=unknown-task --emit=ir warn.dtsx -o "$TMP/w.json"
expect_grep "$TMP/err" "[-Wunknown-task]"

# an empty file is no settings at all
: >"$TMP/empty.yml"
expect_rc 0 "$SSIS2DBTC" --config "$TMP/empty.yml" --print-config
expect_grep "$TMP/out" 'target: "duckdb"'

# the diagnostics in JSON keep file, line and column
expect_rc 1 "$SSIS2DBTC" -fdiagnostics-format=json --config bad-config.yml warn.dtsx
"${PYTHON:-python3}" - "$TMP/err" <<'PY' || fail "JSON diagnostics of the config file"
import json, sys
d = json.load(open(sys.argv[1]))
first = d[0]
assert (first["file"], first["line"], first["column"], first["severity"]) == ("bad-config.yml", 2, 9, "error"), first
assert len(d) == 13, len(d)
PY
finish
