# test_completion.sh — scripts/ssis2dbtc-completion.bash: sources it and
# checks COMPREPLY for options, option values, -W names, subcommands (as
# listed in driver/commands.def), .dtsx files and .ssisobj objects.
. "$(dirname "$0")/lib.sh"
. "$SRC/scripts/ssis2dbtc-completion.bash"
mkdir "$TMP/w" && cd "$TMP/w"
mkdir "sub dir"
touch a.dtsx "b é.dtsx" notes.txt ssis2dbt.yml

# complete LINE: sets COMP_* as bash does (words split at spaces and at
# '=', which is in COMP_WORDBREAKS) and runs the completion function.
complete_line() {
	COMP_LINE="$SSIS2DBTC $1"
	COMP_POINT=${#COMP_LINE}
	local rest=${1//=/ = }
	read -r -a COMP_WORDS <<<"$SSIS2DBTC $rest"
	[[ -z $1 || $1 == *" " || $1 == *= ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_ssis2dbtc
	printf '%s\n' "${COMPREPLY[@]}" | sort >"$TMP/reply"
}

# expect_reply LINE WORD...: exactly these candidates
expect_reply() {
	local line=$1
	shift
	complete_line "$line"
	local want
	want=$(printf '%s\n' "$@" | sort)
	[ "$(cat "$TMP/reply")" = "$want" ] || fail "'$line' completes to [$(tr '\n' ' ' <"$TMP/reply")], wanted [$*]"
}

expect_includes() {
	complete_line "$1"
	grep -qxF -- "$2" "$TMP/reply" || fail "'$1' does not offer '$2' (got: $(tr '\n' ' ' <"$TMP/reply"))"
}

expect_reply "--time" --time-report
expect_reply "--print-" --print-warnings --print-passes --print-config
expect_reply "-M" -MD -MF -MT -MP
expect_reply "-Wunknown-" -Wunknown-component -Wunknown-task
expect_reply "-Wno-sql" -Wno-sql-unparsed
expect_reply "-Werror=dep" deprecated-format
expect_reply "-fdiagnostics-format=" text json sarif
expect_reply "-fdiagnostics-format=s" sarif
expect_reply "--target=post" postgres
expect_reply "--layers=staging,m" staging,marts
expect_reply "--approval=" prompt auto never
expect_reply "x.dtsx -o " "sub dir" a.dtsx "b é.dtsx" notes.txt ssis2dbt.yml
expect_reply "--config " "sub dir" ssis2dbt.yml
expect_reply "a.dtsx " "sub dir" a.dtsx "b é.dtsx"
# objects: what --link reads, and a build may mix them with packages; -c
# compiles packages only
touch o.ssisobj
expect_reply "--link " "sub dir" o.ssisobj
expect_reply "-c " "sub dir" a.dtsx "b é.dtsx"
expect_reply "a.dtsx " "sub dir" a.dtsx "b é.dtsx" o.ssisobj
rm o.ssisobj

# every subcommand of driver/commands.def, beside the packages
for cmd in $(sed -n 's/^DRIVER_COMMAND("\([^"]*\)".*/\1/p' "$SRC/driver/commands.def"); do
	expect_includes "" "$cmd"
done
expect_includes "" a.dtsx
complete_line ""
expect_no_grep "$TMP/reply" notes.txt
# after a subcommand, plain files
expect_includes "tsql " notes.txt
# every -W name of --print-warnings
for w in $("$SSIS2DBTC" --print-warnings | sed -n 's/^-W\([^ ]*\).*/\1/p'); do
	expect_includes "-W$w" "-W$w"
done
finish
