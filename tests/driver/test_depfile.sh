# test_depfile.sh — -MD -MF -MT -MP: the exact Make-format text for file
# names with spaces, '$', '#' and non-ASCII letters; every file read is named
# (package, Project.params, *.conmgr, the config file), outputs are not; and
# ninja and make really rebuild when such a prerequisite changes.
. "$(dirname "$0")/lib.sh"
cd "$TMP"
DIR='my pkgs/Lädt $1 #2'
mkdir -p "$DIR"
cp "$DATA/project/Load.dtsx" "$DATA/project/Project.params" "$DATA/project/Warehouse DW.conmgr" "$DIR/"
cp "$DATA/good-config.yml" "ssis 2dbt.yml"
touch -d '-1 hour' "$DIR"/* "ssis 2dbt.yml"  # "a change" below is a touch to now
PKG="$DIR/Load.dtsx"
E='my\ pkgs/Lädt\ $$1\ \#2'

# -MD: OUTPUT.d beside the output, the output as the target
expect_rc 0 "$SSIS2DBTC" --emit=ir "$PKG" -o out.json -MD
expect_text out.json.d "out.json: \\
  $E/Load.dtsx \\
  $E/Project.params \\
  $E/Warehouse\\ DW.conmgr
"

# -MF -MT -MP, and the config file is a prerequisite too
expect_rc 0 "$SSIS2DBTC" --config "ssis 2dbt.yml" -Wno-unknown-task --emit=ir "$PKG" -o out.json \
	-MF "deps/out file.d" -MT 'out$ #x' -MP
expect_text "deps/out file.d" "out\$\$\\ \\#x: \\
  ssis\\ 2dbt.yml \\
  $E/Load.dtsx \\
  $E/Project.params \\
  $E/Warehouse\\ DW.conmgr

ssis\\ 2dbt.yml:

$E/Load.dtsx:

$E/Project.params:

$E/Warehouse\\ DW.conmgr:
"

# a project build: the directory is the target (as a build file names it:
# no trailing '/'), OUT.d is beside it, and
# the manifest an earlier build left inside it is not a prerequisite
expect_rc 0 "$SSIS2DBTC" "$PKG" -o "proj é/" -MD
expect_rc 0 "$SSIS2DBTC" "$PKG" -o "proj é/" -MD
[ -e "proj é/ssis2dbt_manifest.json" ] || fail "the project build wrote no manifest"
expect_text "proj é.d" "proj\\ é: \\
  $E/Load.dtsx \\
  $E/Project.params \\
  $E/Warehouse\\ DW.conmgr
"

# no depfile after errors
expect_rc 1 "$SSIS2DBTC" --emit=ir "$DATA/bad.dtsx" -o bad.json -MD
[ ! -e bad.json.d ] || fail "a depfile was written for a failed compilation"

# ninja: the depfile's prerequisites drive rebuilds (restat: an unchanged
# output keeps its mtime)
cat >build.ninja <<NINJA
rule ssis
  command = $SSIS2DBTC --emit=ir \$in -o \$out -MD
  depfile = \$out.d
  deps = gcc
  restat = 1
build n.json: ssis my\$ pkgs/Lädt\$ \$\$1\$ #2/Load.dtsx
NINJA
ninja_says() { ninja -d explain >"$TMP/ninja.log" 2>&1 || fail "ninja failed: $(cat "$TMP/ninja.log")"; }
ninja_says
expect_grep "$TMP/ninja.log" "[1/1]"
ninja -t deps n.json >"$TMP/deps.log"
expect_grep "$TMP/deps.log" "#deps 3"
expect_grep "$TMP/deps.log" "my pkgs/Lädt \$1 #2/Warehouse DW.conmgr"
ninja_says
expect_grep "$TMP/ninja.log" "no work to do"
sleep 0.05
touch "$DIR/Warehouse DW.conmgr"
ninja_says
expect_grep "$TMP/ninja.log" "older than most recent input my pkgs/Lädt \$1 #2/Warehouse DW.conmgr"
ninja_says
expect_grep "$TMP/ninja.log" "no work to do"

# make reads the same text
cat >Makefile <<MAKE
m.json:
	'$SSIS2DBTC' --emit=ir '${PKG//\$/\$\$}' -o \$@ -MD -MP
	touch \$@
-include m.json.d
MAKE
make -s >/dev/null 2>&1 || fail "make failed"
make -q || fail "make wants to rebuild right after a build"
sleep 0.05
touch "$DIR/Project.params"
make -q && fail "make does not see that Project.params changed"
make -s >/dev/null 2>&1
make -q || fail "make wants to rebuild after the rebuild"
rm "$DIR/Project.params"
make -q 2>/dev/null; [ $? -ne 2 ] || fail "make fails on a deleted prerequisite despite -MP"
finish
