#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster from Debian's server binaries, then removes it.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ]; then
    printf '\n*** test-postgres: SKIPPED: no PostgreSQL server here (apt-get install postgresql).\n\n' >&2
    exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/archive-pg.XXXXXX")
run_as=()
if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root.
    chown postgres: "$tmp"
    run_as=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${run_as[@]}" "$pgbin/initdb" -D "$tmp/data" -A trust -U archive -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
    -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
stop() { "${run_as[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap stop EXIT
"${run_as[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U archive archive
echo "test-postgres: $("$pgbin/postgres" --version) on 127.0.0.1:$port"
DATABASE_URL="postgres://archive@127.0.0.1:$port/archive" "$@"
