# run.sh BUILD_DIR SOURCE_DIR — the build-system integration, end to end:
# `cmake --install` into a scratch prefix, then examples/cmake configured
# against it with find_package(Ssis2Dbt) (Ninja and Unix Makefiles) and
# examples/make with plain make.  For each: a cold build, a package touched
# (only it is recompiled, nothing is relinked, every object and generated
# file keeps its mtime), a no-op build (nothing runs), a package changed
# (it alone is recompiled, the project relinked, the other packages' files
# keep their mtimes), and a no-op build again.
BUILD=$1
# the scratch folder, fail and finish; lib.sh takes the second argument as SRC
. "$(dirname "$0")/../driver/lib.sh"

cmake --install "$BUILD" --prefix "$TMP/prefix" >"$TMP/install.log" 2>&1 || { cat "$TMP/install.log"; exit 1; }
PREFIX=$TMP/prefix
for f in bin/ssis2dbtc share/man/man1/ssis2dbtc.1 lib/cmake/Ssis2Dbt/Ssis2DbtConfig.cmake \
	lib/cmake/Ssis2Dbt/Ssis2DbtConfigVersion.cmake lib/cmake/Ssis2Dbt/Ssis2Dbt.cmake; do
	[ -e "$PREFIX/$f" ] || fail "cmake --install did not install $f"
done
COMPILER=$PREFIX/bin/ssis2dbtc

# mtimes of the objects and the generated project, one "path mtime" a line
snapshot() { (cd "$1" && find . -type f \( -name '*.ssisobj' -o -path '*/proj/*' -o -path '*/warehouse/*' \) \
	! -path '*/target/*' -printf '%P %T@\n' | sort); }
# the packages a build log shows compiled, sorted, on one line
# (CMake's "Compiling SSIS package X.dtsx", or make's echo of the command)
compiled() { sed -n -e 's/.*Compiling SSIS package \(.*\)\.dtsx.*/\1/p' \
	-e "s|^$COMPILER -c [^ ]*/\([^ /]*\)\.dtsx .*|\1|p" "$1" | sort | tr '\n' ' '; }
linked() {
	if grep -q "Linking dbt project" "$1"; then
		grep -c "Linking dbt project" "$1"
	else
		grep -c "^$COMPILER --link " "$1"
	fi
}

# expect_build NAME LOG "PACKAGES " LINKS: what one build did
expect_build() {
	[ "$(compiled "$2")" = "$3" ] || fail "$1: compiled [$(compiled "$2")], wanted [$3]"
	[ "$(linked "$2")" = "$4" ] || fail "$1: linked $(linked "$2") time(s), wanted $4"
}

# kept_mtimes NAME BEFORE AFTER PATTERN: the files matching PATTERN kept their mtimes
kept_mtimes() {
	if ! diff <(grep -E "$4" "$2") <(grep -E "$4" "$3") >"$TMP/mtimes.diff"; then
		fail "$1: files changed that should not have:"
		cat "$TMP/mtimes.diff" >&2
	fi
}

# overrides BUILD_COMMAND...: an override added relinks (and nothing is
# recompiled); the file is the override; removed, the generated one is back
overrides() {
	local ov=$dir/ssis2dbt-overrides/models/marts model
	model=$(find "$dir" -path '*/warehouse/models/marts/dim_region.sql')
	cp "$model" "$TMP/dim_region.sql"
	sleep 1
	mkdir -p "$ov"
	printf 'select 1 as region_override\n' >"$ov/dim_region.sql"
	"$@" >"$TMP/override.log" 2>&1 || fail "$name: the build with an override failed: $(tail "$TMP/override.log")"
	expect_build "$name override added" "$TMP/override.log" "" 1
	[ "$(tail -n +2 "$model")" = "select 1 as region_override" ] || fail "$name: the override was not applied"
	"$@" >"$TMP/override-noop.log" 2>&1
	expect_build "$name override no-op" "$TMP/override-noop.log" "" 0
	sleep 1
	rm "$ov/dim_region.sql"
	"$@" >"$TMP/override-gone.log" 2>&1 || fail "$name: the build without the override failed"
	expect_build "$name override removed" "$TMP/override-gone.log" "" 1
	cmp -s "$model" "$TMP/dim_region.sql" || fail "$name: the generated model did not come back"
}

# run_scenario NAME DIR BUILD_COMMAND...: the five builds in DIR (where the
# packages are in packages/ or ../cmake/packages)
run_scenario() {
	local name=$1 dir=$2
	shift 2
	local pkgs=$dir/packages
	[ -d "$pkgs" ] || pkgs=$dir/../cmake/packages
	"$@" >"$TMP/cold.log" 2>&1 || { fail "$name: the cold build failed: $(tail -20 "$TMP/cold.log")"; return; }
	expect_build "$name cold" "$TMP/cold.log" "LoadOrders LoadProducts LoadRegions " 1
	snapshot "$dir" >"$TMP/before"
	grep -q "models/marts/dim_region.sql" "$TMP/before" || fail "$name: no dim_region model was generated"
	grep -q "LoadRegions.ssisobj" "$TMP/before" || fail "$name: no object for LoadRegions"

	sleep 1
	touch "$pkgs/LoadRegions.dtsx"
	"$@" >"$TMP/touch.log" 2>&1 || fail "$name: the build after touch failed"
	expect_build "$name touch" "$TMP/touch.log" "LoadRegions " 0
	snapshot "$dir" >"$TMP/after"
	kept_mtimes "$name touch" "$TMP/before" "$TMP/after" "."

	"$@" >"$TMP/noop.log" 2>&1 || fail "$name: the no-op build failed"
	expect_build "$name no-op" "$TMP/noop.log" "" 0
	grep -q -- "$COMPILER" "$TMP/noop.log" && fail "$name no-op: the compiler ran: $(grep -- "$COMPILER" "$TMP/noop.log")"

	sleep 1
	sed -i 's/FROM dbo.Product;/FROM dbo.Product WHERE ProductID > 0;/' "$pkgs/LoadProducts.dtsx"
	"$@" >"$TMP/change.log" 2>&1 || fail "$name: the build after a change failed: $(tail -20 "$TMP/change.log")"
	expect_build "$name change" "$TMP/change.log" "LoadProducts " 1
	snapshot "$dir" >"$TMP/changed"
	kept_mtimes "$name change" "$TMP/after" "$TMP/changed" "LoadRegions|LoadOrders|dim_region|region\.sql|fct_orders|orders\.sql"
	diff -q <(grep "product.sql" "$TMP/after") <(grep "product.sql" "$TMP/changed") >/dev/null &&
		fail "$name change: no product model was rewritten"

	"$@" >"$TMP/noop2.log" 2>&1 || fail "$name: the second no-op build failed"
	expect_build "$name no-op after change" "$TMP/noop2.log" "" 0
	[ -d "$dir/ssis2dbt-overrides" ] && overrides "$@"
	if [ "$name" = ninja ]; then
		grep -q "ninja: no work to do." "$TMP/noop.log" || fail "ninja no-op: $(cat "$TMP/noop.log")"
		grep -q "ninja: no work to do." "$TMP/noop2.log" || fail "ninja no-op after change: $(cat "$TMP/noop2.log")"
	fi
}

for gen in Ninja "Unix Makefiles"; do
	case $gen in Ninja) name=ninja tool=(ninja -C) ;; *) name=cmake-make tool=(make VERBOSE=1 -C) ;; esac
	command -v "${tool[0]}" >/dev/null || { echo "${tool[0]} is not installed: $gen skipped"; continue; }
	mkdir -p "$TMP/$name"
	cp -r "$SRC/examples/cmake" "$TMP/$name/src"
	if ! cmake -S "$TMP/$name/src" -B "$TMP/$name/src/b" -G "$gen" -DCMAKE_PREFIX_PATH="$PREFIX" \
		>"$TMP/$name.configure.log" 2>&1; then
		fail "$gen: configure failed: $(tail -20 "$TMP/$name.configure.log")"
		continue
	fi
	run_scenario "$name" "$TMP/$name/src" "${tool[@]}" "$TMP/$name/src/b"
done

# the plain Makefile: right after a cold build, make -q agrees nothing is to do
mkdir -p "$TMP/make"
cp -r "$SRC/examples/cmake" "$SRC/examples/make" "$TMP/make/"
run_scenario make "$TMP/make/make" make -C "$TMP/make/make" SSIS2DBTC="$COMPILER"
rm -rf "$TMP/make/make/build"
make -C "$TMP/make/make" SSIS2DBTC="$COMPILER" >/dev/null 2>&1 || fail "make: the second cold build failed"
make -q -C "$TMP/make/make" SSIS2DBTC="$COMPILER" || fail "make -q after a cold build: not up to date"

finish
