# ssis2dbtc-completion.bash — bash completion for ssis2dbtc: options and their
# values, subcommands, .dtsx and .ssisobj files, -W warning names.  Everything is asked of
# the ssis2dbtc being completed (--help, --print-warnings), so it follows
# that binary.  Use: `. scripts/ssis2dbtc-completion.bash`, or install it as
# /usr/share/bash-completion/completions/ssis2dbtc.

# The option column of --help: "-o", "--emit=", "-MD", ... (placeholders
# such as -WNAME are left out; -W is completed from --print-warnings).
_ssis2dbtc_options() {
	"$1" --help 2>/dev/null | sed -n 's/^  \(-[^ ]\)/\1/p' | sed 's/  .*//' |
		tr ', ' '\n\n' | grep -E '^-' | sed 's/=.*/=/' | grep -vE '[A-Z]{3}'
}

# The subcommands: the first word of each line after "commands:".
_ssis2dbtc_commands() {
	"$1" --help 2>/dev/null | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z][-a-z]*\) .*/\1/p'
}

_ssis2dbtc_warnings() {
	"$1" --print-warnings 2>/dev/null | sed -n 's/^-W\([^ ]*\).*/\1/p'
}

# The values of OPTION= : "a|b|c" in its --help line, or a list of names at
# the start of its description ("staging,intermediate", "duckdb (default),
# postgres", "prompt, auto, never: ...").
_ssis2dbtc_values() {
	local line
	line=$("$1" --help 2>/dev/null | grep -E -- "^  ([^ ]*, )?$2=" | head -n 1)
	[ -n "$line" ] || return
	local spec=${line#*"$2="}
	spec=${spec%% *}
	if [[ $spec == *"|"* ]]; then
		tr '|' '\n' <<<"$spec"
		return
	fi
	local desc
	desc=$(sed -E 's/^  [^ ]+( [^ ]+)? {2,}//' <<<"$line")
	desc=${desc%%:*}
	desc=${desc// (default)/}
	if [[ $desc =~ ^[a-z_]+(, ?[a-z_]+)+$ ]]; then
		tr ',' '\n' <<<"${desc// /}"
	fi
}

# COMPREPLY from full words; bash splits the word at '=' (COMP_WORDBREAKS),
# so what comes before the last '=' is dropped again.
_ssis2dbtc_reply() {
	local cur=$1 prefix="" w
	shift
	if [[ $cur == *=* && $COMP_WORDBREAKS == *=* ]]; then
		prefix=${cur%=*}=
	fi
	for w in "$@"; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("${w#"$prefix"}")
	done
}

_ssis2dbtc_files() {
	local cur=$1 pattern=$2
	compopt -o filenames 2>/dev/null
	local IFS=$'\n'
	if [ "$pattern" = '*' ]; then
		COMPREPLY+=($(compgen -f -- "$cur"))
	else
		COMPREPLY+=($(compgen -d -- "$cur"))
		COMPREPLY+=($(compgen -f -X "!$pattern" -- "$cur"))
	fi
}

_ssis2dbtc() {
	local prog=${COMP_WORDS[0]}
	local word=${COMP_WORDS[COMP_CWORD]}
	local line=${COMP_LINE:0:COMP_POINT}
	local cur=${line##*[[:space:]]}  # the whole word, '=' included
	local prev=""
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	if ((COMP_CWORD > 1)) && _ssis2dbtc_commands "$prog" | grep -qx -- "${COMP_WORDS[1]}"; then
		_ssis2dbtc_files "$word" '*'
		return
	fi
	case $prev in
	-o | -MF | -MT | --project-file | --trace) _ssis2dbtc_files "$word" '*'; return ;;
	-j) _ssis2dbtc_reply "$word" 1 2 4 8; return ;;
	--config) _ssis2dbtc_files "$word" '*.y*ml'; return ;;
	esac
	case $cur in
	-W*)
		local names=() n
		for n in $(_ssis2dbtc_warnings "$prog"); do
			names+=("-W$n" "-Wno-$n" "-Werror=$n" "-Wno-error=$n")
		done
		_ssis2dbtc_reply "$cur" -Werror "${names[@]}"
		return
		;;
	--trace=* | -fdiagnostics-file=*)
		_ssis2dbtc_files "${cur#*=}" '*'
		return
		;;
	-*=*)
		local opt=${cur%%=*} done="" v values=()
		local item=${cur#*=}
		if [[ $item == *,* ]]; then  # a list: complete its last name
			done=${item%,*},
		fi
		for v in $(_ssis2dbtc_values "$prog" "$opt"); do
			values+=("$opt=$done$v")
		done
		_ssis2dbtc_reply "$cur" "${values[@]}"
		return
		;;
	-*)
		local opts=() o
		for o in $(_ssis2dbtc_options "$prog"); do
			opts+=("$o")
		done
		_ssis2dbtc_reply "$cur" "${opts[@]}"
		[[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
		return
		;;
	esac
	if ((COMP_CWORD == 1)); then
		_ssis2dbtc_reply "$cur" $(_ssis2dbtc_commands "$prog")
	fi
	# a link reads objects; a build reads packages, and objects too
	if [[ " ${COMP_WORDS[*]} " == *" --link "* ]]; then
		_ssis2dbtc_files "$word" '*.ssisobj'
	elif [[ " ${COMP_WORDS[*]} " == *" -c "* ]]; then
		_ssis2dbtc_files "$word" '*.dtsx'
	else
		_ssis2dbtc_files "$word" '*.dtsx'
		COMPREPLY+=($(compgen -f -X '!*.ssisobj' -- "$word"))
	fi
}

complete -F _ssis2dbtc ssis2dbtc
