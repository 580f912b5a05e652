#!/usr/bin/env bash
# End-to-end tests: the built server on a fresh database, driven by Playwright in Debian's
# Chromium at a phone's size. Needs DATABASE_URL (see with-postgres.sh) and `cargo leptos build`.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at a PostgreSQL server}"
port=${E2E_PORT:-3100}
db="maillon_e2e_$$"
db_url() { python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$DATABASE_URL" "$1"; }
psql -q "$DATABASE_URL" -c "CREATE DATABASE $db"
data=$(mktemp -d /tmp/maillon-e2e.XXXXXX)
MAILLON_DATA_DIR="$data" DATABASE_URL="$(db_url "$db")" MAILLON_DEMO=yes LEPTOS_SITE_ROOT=target/site \
  target/debug/maillon serve --addr "127.0.0.1:$port" >"$data/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  psql -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 0.5
done
status=0
(cd end2end && MAILLON_MAIL_DIR="$data/mail" E2E_DATABASE_URL="$(db_url "$db")" BASE_URL="http://127.0.0.1:$port" \
  npx playwright test) || status=$?
if [ "$status" -ne 0 ]; then
  echo "---- server log (last 80 lines) ----"
  tail -80 "$data/server.log"
fi
exit "$status"
