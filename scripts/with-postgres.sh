#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at a PostgreSQL server: the one given, else a
# throwaway cluster created here and removed afterwards.
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then
  exec "$@"
fi
bin=$(command -v initdb >/dev/null && dirname "$(command -v initdb)" || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL binaries not found: apt-get install postgresql, or set DATABASE_URL" >&2; exit 1; }
dir=$(mktemp -d /tmp/maillon-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses='' -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export DATABASE_URL="postgres://postgres@localhost/postgres?host=$dir"
status=0
"$@" || status=$?
# Integration tests drop the databases they create (test-support's TestDb): any left is a leak.
left=$("${as_pg[@]}" "$(command -v psql || echo "$bin/psql")" -h "$dir" -U postgres -d postgres -Atc \
  "SELECT string_agg(datname, ' ') FROM pg_database WHERE datname LIKE 'maillon\\_test\\_%' OR datname LIKE '\\_sqlx\\_test%'")
if [ -n "$left" ]; then
  echo "with-postgres.sh: test databases left behind: $left" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
