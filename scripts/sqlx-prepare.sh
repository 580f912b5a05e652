#!/usr/bin/env bash
# Refreshes .sqlx/, the offline description of every query checked at build time
# (`sqlx::query!`, `query_as!`, `query_scalar!`): the macros ask a database migrated to the
# current schema what each query takes and returns, and write it there. The build itself
# (make build, make lint, CI) then reads .sqlx/ only (SQLX_OFFLINE, .cargo/config.toml): no
# database at build time. Run it after changing a checked query or a migration:
#   make sqlx-prepare
# With --check it writes to a scratch directory and fails if .sqlx/ differs (make lint-sqlx).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?run through scripts/with-postgres.sh}"
db="maillon_sqlx_$$"
base="${DATABASE_URL%%\?*}"
query="${DATABASE_URL#"$base"}"
admin="$DATABASE_URL"
url="${base%/*}/$db$query"
psql "$admin" -qAt -c "CREATE DATABASE $db" >/dev/null
trap 'psql "$admin" -qAt -c "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT
for migration in migrations/*.sql; do
  psql "$url" -q -v ON_ERROR_STOP=1 -f "$migration" >/dev/null
done
out="$PWD/.sqlx"
if [ "${1:-}" = "--check" ]; then
  out=$(mktemp -d)
fi
rm -rf "$out" && mkdir -p "$out"
# The macros run again only when the crates holding them are rebuilt.
touch src/lib.rs server/src/main.rs
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$out" DATABASE_URL="$url" \
  cargo check --workspace --all-targets --features maillon/ssr --quiet
if [ "${1:-}" = "--check" ]; then
  if ! diff -r "$out" .sqlx >/dev/null 2>&1; then
    echo ".sqlx/ is out of date: run make sqlx-prepare and commit it" >&2
    diff -rq "$out" .sqlx >&2 || true
    exit 1
  fi
  rm -rf "$out"
fi
echo "sqlx offline data: $(ls .sqlx | wc -l) queries"
