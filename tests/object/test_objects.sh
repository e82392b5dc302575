# test_objects.sh — object files (docs/object.md): -c writes one per
# package (write-if-changed, nothing on error), depfiles of -c and --link,
# the format version check, hostile objects (a located error naming the
# file, exit 1, never a crash), secrets that never reach an object, a link
# whose sources are gone, and -j whose diagnostics and exit status are -j 1's.
# Usage: bash test_objects.sh SSIS2DBTC SOURCE_DIR
. "$(dirname "$0")/../driver/lib.sh"
cd "$TMP"
HELLO=$SRC/examples/hello/LoadCustomers.dtsx
cp -r "$DATA/project" proj-src
PKG=proj-src/Load.dtsx

# ---- -c: one object, its header, write-if-changed ---------------------------
expect_rc 0 "$SSIS2DBTC" -c "$PKG" -o load.ssisobj
head -c 80 load.ssisobj | grep -q '^{"format":"ssis2dbtc-object","format_version":1,"compiler":"ssis2dbtc ' ||
	fail "load.ssisobj does not start with the object header"
touch -d '2001-01-01' load.ssisobj
expect_rc 0 "$SSIS2DBTC" -c "$PKG" -o load.ssisobj
[ "$(stat -c %Y load.ssisobj)" = "$(date -d 2001-01-01 +%s)" ] || fail "an unchanged object was rewritten"

# -c without -o: NAME.ssisobj in the current directory, one per package
expect_rc 0 "$SSIS2DBTC" -c "$PKG" "$HELLO"
[ -f Load.ssisobj ] && [ -f LoadCustomers.ssisobj ] || fail "-c A B did not write A.ssisobj and B.ssisobj: $(ls)"
cmp -s Load.ssisobj load.ssisobj || fail "the object of -c A B differs from that of -c A -o OBJ"

# errors: nothing written, exit 1; the good package of the two still is
expect_rc 1 "$SSIS2DBTC" -c "$DATA/bad.dtsx" -o bad.ssisobj
[ ! -e bad.ssisobj ] || fail "-c wrote an object for a package with errors"
mkdir two && (cd two && "$SSIS2DBTC" -c "$DATA/bad.dtsx" "$HELLO" 2>/dev/null; echo $? >rc)
[ "$(cat two/rc)" = 1 ] && [ -f two/LoadCustomers.ssisobj ] && [ ! -e two/bad.ssisobj ] ||
	fail "-c BAD GOOD: exit $(cat two/rc), wrote $(ls two)"

# usage
expect_rc 2 "$SSIS2DBTC" -c "$PKG" "$HELLO" -o x.ssisobj
expect_rc 2 "$SSIS2DBTC" -c --link "$PKG" -o x
expect_rc 2 "$SSIS2DBTC" -j 0 "$PKG" -o x
expect_rc 2 "$SSIS2DBTC" -jx "$PKG" -o x
expect_rc 2 "$SSIS2DBTC" --link load.ssisobj
expect_rc 2 "$SSIS2DBTC" -c "$PKG" "$HELLO" -fdiagnostics-file=x.sarif
expect_rc 1 "$SSIS2DBTC" -c load.ssisobj -o again.ssisobj
expect_grep "$TMP/err" "is an object already"

# ---- warnings are reported once: by -c, not again by --link -----------------
expect_rc 0 "$SSIS2DBTC" -c "$DATA/warn.dtsx" -o warn.ssisobj
cp "$TMP/err" warn-c.err
grep -q 'warning:' warn-c.err || fail "-c printed no warning for warn.dtsx"
expect_rc 0 "$SSIS2DBTC" --link warn.ssisobj -o warn-proj
grep -q 'warn.dtsx.*warning:' "$TMP/err" && fail "--link repeated the warnings of -c"
expect_rc 0 "$SSIS2DBTC" "$DATA/warn.dtsx" -o warn-one
diff -r warn-proj warn-one >/dev/null 2>&1 || true  # names differ by the output dir: compared in test_equivalence.py
# -Werror at link does not turn the warnings -c reported into errors
expect_rc 0 "$SSIS2DBTC" --link -Werror warn.ssisobj -o warn-proj

# ---- depfiles -----------------------------------------------------------------
cp "$DATA/good-config.yml" cfg.yml
expect_rc 0 "$SSIS2DBTC" -c "$PKG" -o load.ssisobj --config cfg.yml -Wno-unknown-task -MD -MF load.d
expect_text load.d "load.ssisobj: \\
  cfg.yml \\
  proj-src/Load.dtsx \\
  proj-src/Project.params \\
  proj-src/Warehouse\\ DW.conmgr
"
expect_rc 0 "$SSIS2DBTC" -c "$PKG" -o load.ssisobj -MD
expect_text load.ssisobj.d "load.ssisobj: \\
  proj-src/Load.dtsx \\
  proj-src/Project.params \\
  proj-src/Warehouse\\ DW.conmgr
"
expect_rc 0 "$SSIS2DBTC" -c "$HELLO" -o hello.ssisobj
expect_rc 0 "$SSIS2DBTC" --link load.ssisobj hello.ssisobj -o linked -MD -MP
expect_text linked.d "linked: \\
  load.ssisobj \\
  hello.ssisobj

load.ssisobj:

hello.ssisobj:
"
# several packages with -MD: one depfile per object
mkdir many && (cd many && "$SSIS2DBTC" -c "../$PKG" "$HELLO" -MD 2>../err) || fail "-c A B -MD failed: $(cat err)"
expect_text many/Load.ssisobj.d "Load.ssisobj: \\
  ../proj-src/Load.dtsx \\
  ../proj-src/Project.params \\
  ../proj-src/Warehouse\\ DW.conmgr
"
expect_text many/LoadCustomers.ssisobj.d "LoadCustomers.ssisobj: \\
  $HELLO
"

# ---- a link whose sources moved away: the same project ------------------------
mkdir gone && cp -r proj-src gone/src
(cd gone && "$SSIS2DBTC" -c src/Load.dtsx -o l.ssisobj && "$SSIS2DBTC" --link l.ssisobj -o with/proj) 2>err ||
	fail "gone: $(cat err)"
rm -rf gone/src
(cd gone && "$SSIS2DBTC" --link l.ssisobj -o without/proj) 2>err || fail "link without sources: $(cat err)"
diff -r gone/with gone/without >diff.txt || fail "the link without its sources differs: $(head -20 diff.txt)"

# ---- the format version --------------------------------------------------------
sed 's/"format_version":1,/"format_version":99,/' hello.ssisobj >v99.ssisobj
expect_rc 1 "$SSIS2DBTC" --link v99.ssisobj -o v99
expect_grep "$TMP/err" "v99.ssisobj:1:1: error: object format version 99"
expect_grep "$TMP/err" "recompile the package with ssis2dbtc -c"
[ ! -e v99 ] || fail "a failed link wrote the project"

# ---- hostile objects: a diagnostic naming the file, exit 1 ---------------------
hostile() {  # NAME: the object file, already written
	expect_rc 1 "$SSIS2DBTC" --link "$1" -o "out-$1"
	grep -q "^$1:[0-9]*:[0-9]*: error: \|error: cannot read $1" "$TMP/err" ||
		fail "$1: no error naming the file: $(head -c 300 "$TMP/err")"
	[ ! -e "out-$1" ] || fail "$1: a failed link wrote the project"
	! grep -qE 'runtime error|Sanitizer' "$TMP/err" || fail "$1: a sanitizer report: $(head -c 600 "$TMP/err")"
}
: >empty.ssisobj; hostile empty.ssisobj
cp "$HELLO" pkg.ssisobj; hostile pkg.ssisobj
expect_rc 1 "$SSIS2DBTC" --link "$HELLO" -o out-dtsx
expect_grep "$TMP/err" "LoadCustomers.dtsx:1:1: error:"
expect_grep "$TMP/err" "is not an ssis2dbtc object"
head -c 5000 hello.ssisobj >truncated.ssisobj; hostile truncated.ssisobj
expect_grep "$TMP/err" "malformed object"
head -c 30 hello.ssisobj >cut-header.ssisobj; hostile cut-header.ssisobj
printf '{"format":"ssis2dbtc-object","format_version":1}' >no-files.ssisobj; hostile no-files.ssisobj
printf '{"format":"other","format_version":1}' >foreign.ssisobj; hostile foreign.ssisobj
printf '[1,2,3]' >array.ssisobj; hostile array.ssisobj
head -c 4096 /dev/urandom >random.ssisobj; hostile random.ssisobj
mkdir dir.ssisobj; hostile dir.ssisobj
expect_rc 1 "$SSIS2DBTC" --link missing.ssisobj -o out-missing
expect_grep "$TMP/err" "cannot read missing.ssisobj"
# the wrong JSON type, an out-of-range index, a location past its file,
# an unknown field, offsets out of range
edit() {  # NAME SED-EXPRESSION: a copy of hello.ssisobj, edited, that must change
	sed "$2" hello.ssisobj >"$1"
	cmp -s "$1" hello.ssisobj && fail "$1: the edit '$2' changed nothing"
	hostile "$1"
}
edit wrong-type.ssisobj 's/"name":"LoadCustomers"/"name":5/'
edit wrong-bool.ssisobj 's/"known":true/"known":1/'
edit wrong-enum.ssisobj 's/"kind":1,/"kind":9999,/'
edit ref-range.ssisobj 's/"upstream":\([0-9]*\)/"upstream":99999/'
edit file-range.ssisobj 's/"loc":\[1,/"loc":[7,/'
edit loc-range.ssisobj 's/"loc":\[1,[0-9]*\]/"loc":[1,99999999]/'
edit unknown-field.ssisobj 's/"name":"LoadCustomers"/"name":"LoadCustomers","colour":"red"/'
edit negative.ssisobj 's/"size":\([0-9]*\)/"size":-1/'
edit huge-number.ssisobj 's/"known":true/"known":true,"version":1e300/'
edit huge-offset.ssisobj 's/"texts":\[\[[0-9]*/"texts":[[1e300/'
edit huge-size.ssisobj 's/"size":\([0-9]*\)/"size":4000000000/'
edit newline-range.ssisobj 's/"newlines":"[0-9]*/"newlines":"99999999/'
edit newline-junk.ssisobj 's/"newlines":"[0-9]*/"newlines":"1,x/'
edit newline-type.ssisobj 's/"newlines":"[0-9,]*"/"newlines":[1,2]/'
edit text-range.ssisobj 's/"texts":\[\[[0-9]*/"texts":[[99999999/'
edit text-type.ssisobj 's/"texts":\[\[\([0-9]*\),"/"texts":[[\1,7,"/'
edit files-type.ssisobj 's/"files":\[/"files":[3,/'
edit package-type.ssisobj 's/"package":{/"package":[{/; s/}$/]}/'
edit fraction.ssisobj 's/"format_version":1,/"format_version":1,/; s/"version":\([0-9]*\)/"version":1.5/'

# ---- secrets never reach an object ---------------------------------------------
sed -e 's/Integrated Security=SSPI;/User ID=etl;Password=Hunter2xyz;/' \
    -e 's/Auto Translate=False;" \/>/Auto Translate=False;PWD=\&quot;Sw0rd;fish\&quot;;" \/>/' \
    "$HELLO" >secret.dtsx
grep -q Hunter2xyz secret.dtsx && grep -q 'Sw0rd' secret.dtsx || fail "the test package has no password in it"
expect_rc 0 "$SSIS2DBTC" -c secret.dtsx -o secret.ssisobj
for s in Hunter2xyz Sw0rd fish; do
	grep -q "$s" secret.ssisobj && fail "the object holds the secret '$s'"
done
expect_rc 0 "$SSIS2DBTC" --link secret.ssisobj -o secret-proj
grep -rqE 'Hunter2xyz|Sw0rd' secret-proj && fail "the linked project holds a secret"

# ---- -j: the diagnostics and exit status of -j 1 ----------------------------------
set -- "$DATA/warn.dtsx" "$HELLO" "$DATA/bad.dtsx" "$PKG" "$DATA/warn.dtsx"
"$SSIS2DBTC" "$@" -o j1 2>j1.err; rc1=$?
"$SSIS2DBTC" -j 3 "$@" -o j3 2>j3.err; rc3=$?
[ "$rc1" = 1 ] && [ "$rc3" = 1 ] || fail "-j 3 exit $rc3, -j 1 exit $rc1 (both should be 1)"
cmp -s j1.err j3.err || fail "-j 3 printed other diagnostics than -j 1: $(diff j1.err j3.err | head)"
grep -q 'bad.dtsx' j1.err || fail "no error for bad.dtsx"
mkdir cj1 cj2
(cd cj1 && "$SSIS2DBTC" -c "$DATA/warn.dtsx" "$HELLO" "$DATA/bad.dtsx" "../$PKG" 2>../cj1.err; echo $? >rc)
(cd cj2 && "$SSIS2DBTC" -c -j 2 "$DATA/warn.dtsx" "$HELLO" "$DATA/bad.dtsx" "../$PKG" 2>../cj2.err; echo $? >rc)
[ "$(cat cj1/rc)" = 1 ] && [ "$(cat cj2/rc)" = 1 ] || fail "-c with a bad package: exit $(cat cj2/rc) with -j 2, $(cat cj1/rc) without"
diff -r cj1 cj2 >/dev/null || fail "-c -j 2 wrote other objects than -c"
cmp -s cj1.err cj2.err || fail "-c -j 2 printed other diagnostics than -c"
[ -f cj2/warn.ssisobj ] && [ -f cj2/LoadCustomers.ssisobj ] && [ -f cj2/Load.ssisobj ] && [ ! -e cj2/bad.ssisobj ] || fail "-c -j 2 wrote $(ls cj2)"
finish
