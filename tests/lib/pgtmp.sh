#!/bin/sh
# pgtmp.sh — a throwaway PostgreSQL server for tests, on a unix socket only
# (no TCP).  `pgtmp.sh start DIR` creates a cluster in DIR and prints
# PGHOST=... / PGPORT=... / PGUSER=... lines; `pgtmp.sh stop DIR` stops it.
# PostgreSQL refuses to run as root, so under root the server runs as the
# unprivileged user `postgres` (or $PGTMP_USER) and DIR is owned by it.
set -eu

bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
		if [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
	done
	command -v pg_ctl >/dev/null 2>&1 && dirname "$(command -v pg_ctl)" && return
	echo "pgtmp: no PostgreSQL server binaries found (set PG_BINDIR)" >&2
	exit 1
}

# Runs a command as the server's user.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "${PGTMP_USER:-postgres}" -- "$@"
	else
		"$@"
	fi
}

PORT=${PGTMP_PORT:-54329}

case "${1:-}" in
start)
	[ $# -eq 2 ] || { echo "usage: pgtmp.sh start DIR" >&2; exit 2; }
	DIR=$2
	BIN=$(bindir)
	mkdir -p "$DIR"
	DIR=$(cd "$DIR" && pwd)
	if [ "$(id -u)" = 0 ]; then
		id "${PGTMP_USER:-postgres}" >/dev/null 2>&1 || {
			echo "pgtmp: running as root needs an unprivileged user '${PGTMP_USER:-postgres}'" >&2; exit 1; }
		chown "${PGTMP_USER:-postgres}" "$DIR"
	fi
	as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$DIR/initdb.log" 2>&1 || {
		cat "$DIR/initdb.log" >&2; exit 1; }
	as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
		-o "-k $DIR -p $PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
	echo "PGHOST=$DIR"
	echo "PGPORT=$PORT"
	echo "PGUSER=postgres"
	;;
stop)
	[ $# -eq 2 ] || { echo "usage: pgtmp.sh stop DIR" >&2; exit 2; }
	DIR=$2
	BIN=$(bindir)
	if [ -f "$DIR/data/postmaster.pid" ]; then
		as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null
	fi
	;;
*)
	echo "usage: pgtmp.sh start DIR | stop DIR" >&2
	exit 2
	;;
esac
