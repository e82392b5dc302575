# test_overrides.sh — generated files edited by hand are kept (the new
# version beside them, -Whand-edited), files without our stamp are never
# replaced or removed, stale removal spares both, and the overrides folder
# replaces generated files on every build (docs/overrides.md).
. "$(dirname "$0")/../driver/lib.sh"
mkdir -p "$TMP/src" && cd "$TMP/src"
cp "$SRC/examples/hello/LoadCustomers.dtsx" .
# the same package writing another table: one model becomes stale
sed 's/DimCustomer_Premium/DimCustomer_Gold/g' LoadCustomers.dtsx >Gold.dtsx
MODEL=proj/models/marts/dim_customer_premium.sql
NEW=$MODEL.ssis2dbtc-new
build() { expect_rc 0 "$SSIS2DBTC" "$@" -o proj; }
mtime() { stat -c %Y "$1"; }

# every text file with comments starts with the stamp; the JSON does not
build LoadCustomers.dtsx
for f in "$MODEL" proj/dbt_project.yml proj/profiles.yml proj/macros/ssis2dbt_assert.sql \
	proj/models/marts/_marts__models.yml; do
	head -1 "$f" | grep -qE '^(--|#) ssis2dbtc generated this file, fnv1a64 [0-9a-f]{16};' ||
		fail "$f does not start with a stamp: $(head -1 "$f")"
done
head -c1 proj/ssis2dbt_manifest.json | grep -qF '{' || fail "the manifest is not plain JSON"
cp "$MODEL" "$TMP/generated.sql"

# a hand edit is kept, the new version goes beside it, with a located warning
echo "-- a fix made by hand" >>"$MODEL"
cp "$MODEL" "$TMP/edited.sql"
build LoadCustomers.dtsx
expect_grep "$TMP/err" "$MODEL:1:1: warning: edited by hand since it was generated: kept; the new version is beside it in dim_customer_premium.sql.ssis2dbtc-new"
expect_grep "$TMP/err" "[-Whand-edited]"
cmp -s "$MODEL" "$TMP/edited.sql" || fail "the hand-edited model was overwritten"
cmp -s "$NEW" "$TMP/generated.sql" || fail "$NEW is not the generated version"
# dbt must not read the new version as a model
case "$NEW" in *.sql | *.yml | *.yaml | *.csv | *.md) fail "$NEW has an extension dbt reads" ;; esac
# the warning can be made an error
expect_rc 1 "$SSIS2DBTC" -Werror=hand-edited LoadCustomers.dtsx -o proj
cmp -s "$MODEL" "$TMP/edited.sql" || fail "-Werror: the hand-edited model was overwritten"

# restored: written again, no warning, the new version beside it is gone
sed -i '$d' "$MODEL"
touch -d '2001-01-01' "$MODEL"
build LoadCustomers.dtsx
expect_no_grep "$TMP/err" "hand-edited"
[ ! -e "$NEW" ] || fail "$NEW was left behind after the model was restored"
cmp -s "$MODEL" "$TMP/generated.sql" || fail "the restored model differs from the generated one"

# an edit that makes the file what would be generated anyway is not kept as an edit
sed -i '1s/fnv1a64 [0-9a-f]*/fnv1a64 0000000000000000/' "$MODEL"
build LoadCustomers.dtsx
expect_no_grep "$TMP/err" "hand-edited"
cmp -s "$MODEL" "$TMP/generated.sql" || fail "a stale stamp over generated text was not rewritten"

# a file without a stamp is not ours: kept, and the generated one beside it
printf 'select 1 as mine\n' >"$MODEL"
build LoadCustomers.dtsx
expect_grep "$TMP/err" "$MODEL:1:1: warning: not written by ssis2dbtc (no stamp on its first line): kept; the generated version is beside it in dim_customer_premium.sql.ssis2dbtc-new [-Wforeign-file]"
expect_grep "$TMP/err" "$MODEL:1:1: note: the previous build listed this file"
[ "$(cat "$MODEL")" = "select 1 as mine" ] || fail "a file without a stamp was overwritten"
cmp -s "$NEW" "$TMP/generated.sql" || fail "the generated version of a foreign file is not beside it"
rm "$MODEL" "$NEW"
build LoadCustomers.dtsx

# stale removal spares hand-edited and foreign files, removes pristine ones
STD=proj/models/marts/dim_customer_standard.sql
echo "-- kept" >>"$STD"
sed -i 's/DimCustomer_Standard/DimCustomer_Silver/g' Gold.dtsx
printf 'select 2\n' >proj/models/marts/my_report.sql
build Gold.dtsx
[ ! -e "$MODEL" ] || fail "the stale pristine model was not removed"
[ -e proj/models/marts/dim_customer_gold.sql ] || fail "the new model was not written"
tail -1 "$STD" | grep -qx -- "-- kept" || fail "a stale hand-edited model was removed"
expect_grep "$TMP/err" "$STD:1:1: warning: no longer generated, but edited by hand: kept"
[ -e proj/models/marts/my_report.sql ] || fail "a foreign file was removed"
rm -rf proj

# overrides beside the package: applied, stamped, re-applied, in the depfile
OV=ssis2dbt-overrides/models/marts
mkdir -p "$OV"
printf 'select 42 as answer\n' >"$OV/dim_customer_premium.sql"
build LoadCustomers.dtsx -MD -MF "$TMP/proj.d"
[ "$(tail -n +2 "$MODEL")" = "select 42 as answer" ] || fail "the override was not applied: $(cat "$MODEL")"
head -1 "$MODEL" | grep -qF "ssis2dbtc generated this file" || fail "the overridden file has no stamp"
expect_no_grep "$TMP/err" "warning"
expect_grep "$TMP/proj.d" "ssis2dbt-overrides/models/marts/dim_customer_premium.sql"
expect_grep "$TMP/proj.d" "ssis2dbt-overrides/models/marts "
touch -d '2001-01-01' "$MODEL"
build LoadCustomers.dtsx
[ "$(mtime "$MODEL")" = "$(date -d 2001-01-01 +%s)" ] || fail "an unchanged override rewrote the file"
# edited: applied again; an override copied from a generated file keeps one stamp
cp "$TMP/generated.sql" "$OV/dim_customer_premium.sql"
echo "-- overridden" >>"$OV/dim_customer_premium.sql"
build LoadCustomers.dtsx
[ "$(grep -c 'ssis2dbtc generated this file' "$MODEL")" = 1 ] || fail "the override's stamp was not replaced"
tail -1 "$MODEL" | grep -qx -- "-- overridden" || fail "the edited override was not re-applied"
# an override that matches nothing is a located warning
printf 'select 0\n' >"$OV/no_such_model.sql"
build LoadCustomers.dtsx
expect_grep "$TMP/err" "ssis2dbt-overrides/models/marts/no_such_model.sql:1:1: warning: override 'models/marts/no_such_model.sql' matches no generated file; it is not applied [-Wunused-override]"
rm "$OV/no_such_model.sql"

# --overrides DIR wins over the default; a missing folder is an error
mkdir -p "$TMP/other/models/marts"
printf 'select 7\n' >"$TMP/other/models/marts/dim_customer_premium.sql"
build LoadCustomers.dtsx --overrides "$TMP/other"
[ "$(tail -n +2 "$MODEL")" = "select 7" ] || fail "--overrides was not applied"
expect_rc 1 "$SSIS2DBTC" LoadCustomers.dtsx -o proj --overrides "$TMP/nowhere"
expect_grep "$TMP/err" "cannot read the overrides folder $TMP/nowhere"
[ "$(tail -n +2 "$MODEL")" = "select 7" ] || fail "a failed build changed the project"

# overrides: in the config file is relative to the file's folder
mkdir -p "$TMP/cfg/ov/models/marts" && cd "$TMP"
printf 'overrides: ov\n' >cfg/ssis2dbt.yml
printf 'select 8\n' >cfg/ov/models/marts/dim_customer_premium.sql
expect_rc 0 "$SSIS2DBTC" --config cfg/ssis2dbt.yml src/LoadCustomers.dtsx -o src/proj
[ "$(tail -n +2 "src/$MODEL")" = "select 8" ] || fail "overrides: in the config was not applied"
expect_rc 0 "$SSIS2DBTC" --config cfg/ssis2dbt.yml --print-config
expect_grep "$TMP/out" 'overrides: "cfg/ov"'
finish
