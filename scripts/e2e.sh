#!/usr/bin/env bash
# End-to-end tests: the built server on a fresh database, driven by Playwright in Debian's
# Chromium at a phone's size. Needs DATABASE_URL (see with-postgres.sh) and `cargo leptos build`.
# The suite runs twice, each on its own fresh database and server (the specs change the demo
# data as they go): with JavaScript (project `js`), then without (project `nojs`).
# E2E_PROJECTS="js" runs one of them only; MAILLON_BIN picks the server binary (default
# target/debug/maillon); E2E_SPECS="tests/money.spec.js" runs some specs only.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at a PostgreSQL server}"
port=${E2E_PORT:-3100}
db_url() { python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$DATABASE_URL" "$1"; }

server=""
db=""
data=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  [ -n "$db" ] && psql -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  [ -n "$data" ] && rm -rf "$data"
  server="" db="" data=""
}
trap cleanup EXIT

run_project() {
  local project=$1
  db="maillon_e2e_${project}_$$"
  psql -q "$DATABASE_URL" -c "CREATE DATABASE $db"
  data=$(mktemp -d /tmp/maillon-e2e.XXXXXX)
  MAILLON_DATA_DIR="$data" DATABASE_URL="$(db_url "$db")" MAILLON_DEMO=yes MAILLON_AUTH_REQUESTS_PER_IP=100000 LEPTOS_SITE_ROOT=target/site \
    "${MAILLON_BIN:-target/debug/maillon}" serve --addr "127.0.0.1:$port" >"$data/server.log" 2>&1 &
  server=$!
  local up=""
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { up=1; break; }
    kill -0 "$server" 2>/dev/null || { cat "$data/server.log"; return 1; }
    sleep 0.5
  done
  [ -n "$up" ] || { echo "the server did not answer within 2 minutes"; tail -40 "$data/server.log"; return 1; }
  local status=0
  (cd end2end && MAILLON_MAIL_DIR="$data/mail" E2E_DATABASE_URL="$(db_url "$db")" BASE_URL="http://127.0.0.1:$port" \
    npx playwright test --project="$project" ${E2E_SPECS:-}) || status=$?
  if [ "$status" -ne 0 ]; then
    echo "---- server log, project $project (last 80 lines) ----"
    tail -80 "$data/server.log"
  fi
  cleanup
  return "$status"
}

status=0
for project in ${E2E_PROJECTS:-js nojs}; do
  echo "==== end-to-end, project $project ===="
  run_project "$project" || status=1
done
exit "$status"
