#!/usr/bin/env bash
# Tries a backup: restores a dump made by scripts/backup.sh into a throwaway PostgreSQL
# cluster, starts the given maillon binary on it, and checks that it answers and serves the
# same accounts, orders and photos as the dump holds. Exits non-zero if anything differs.
#   scripts/restore-check.sh FILE.dump [BINARY]     (BINARY default: target/release/maillon)
# With no FILE, it makes one first: a demo database, backed up with scripts/backup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${2:-target/release/maillon}
[ -x "$bin" ] || bin=target/debug/maillon
[ -x "$bin" ] || { echo "no maillon binary: make release" >&2; exit 1; }
port=${PORT:-3690}
site=${LEPTOS_SITE_ROOT:-$( [ -d target/release/site ] && echo target/release/site || echo target/site )}

if [ -z "${DATABASE_URL:-}" ]; then
  exec scripts/with-postgres.sh "$0" "$@"
fi
psql_on() { local db=$1; shift; psql -qtAX "$(db_url "$db")" "$@"; }
db_url() { python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$DATABASE_URL" "$1"; }
counts="SELECT (SELECT count(*) FROM users) || ' users, ' || (SELECT count(*) FROM orders) || ' orders, '
  || (SELECT count(*) FROM photo_renditions) || ' photo renditions, ' || (SELECT coalesce(sum(total_cents), 0) FROM orders) || ' cents ordered'"

dump=${1:-}
work=$(mktemp -d /tmp/maillon-restore.XXXXXX)
server=""
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$dump" ]; then
  echo "No dump given: making one of a fresh demo database."
  psql -q "$DATABASE_URL" -c "CREATE DATABASE maillon_source"
  DATABASE_URL="$(db_url maillon_source)" "$bin" seed-demo >/dev/null
  dump="$work/demo.dump"
  DATABASE_URL="$(db_url maillon_source)" scripts/backup.sh "$dump"
  expected=$(psql_on maillon_source -c "$counts")
fi

psql -q "$DATABASE_URL" -c "CREATE DATABASE maillon_restored"
pg_restore --no-owner --exit-on-error --dbname="$(db_url maillon_restored)" "$dump"
got=$(psql_on maillon_restored -c "$counts")
echo "restored: $got"
if [ -n "${expected:-}" ] && [ "$got" != "$expected" ]; then
  echo "the restored database differs from its source: $expected" >&2
  exit 1
fi

DATABASE_URL="$(db_url maillon_restored)" MAILLON_DATA_DIR="$work" MAILLON_DEMO=no LEPTOS_SITE_ROOT="$site" \
  "$bin" serve --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null
photo=$(psql_on maillon_restored -c "SELECT photo_id FROM photo_renditions ORDER BY photo_id LIMIT 1")
product=$(psql_on maillon_restored -c "SELECT id FROM products WHERE listed ORDER BY id LIMIT 1")
curl -fsS "http://127.0.0.1:$port/catalogue" | grep -q "href=\"/produits/$product\"" \
  || { echo "the restored catalogue does not list product $product" >&2; exit 1; }
if [ -n "$photo" ]; then
  curl -fsS -o /dev/null "http://127.0.0.1:$port/photos/$photo/320" || { echo "photo $photo not served" >&2; exit 1; }
fi
echo "restore OK: the server answers on the restored database and serves its catalogue${photo:+ and photos}"
