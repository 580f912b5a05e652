#!/usr/bin/env bash
# Opening-rush benchmark (not a test): release server on its own PostgreSQL with the demo data,
# N buyers (default 1000) checking out through HTTP the moment the cycle opens, then pgbench's
# simple-update on the same PostgreSQL for comparison. Usage: [POOL=10] [CONCURRENCY=100]
# [STATEMENTS=1] [MONEY=1] scripts/bench-rush.sh [BUYERS]. STATEMENTS=1 also lists the SQL
# statements the run executed, with their calls (pg_stat_statements), to compare two versions
# statement by statement. MONEY=1: half the buyers pay with credit and round up for the
# solidarity fund, and a tenth have the solidarity price.
set -euo pipefail
cd "$(dirname "$0")/.."
buyers=${1:-1000}
# BENCH_BIN_DIR=dir runs a build kept elsewhere (its maillon, rush, hash.txt and site/), to
# compare two versions of the code on the same machine.
bin_dir=${BENCH_BIN_DIR:-}
if [ -z "$bin_dir" ]; then
  cargo build --release -p server --bin maillon
  cargo build --release -p maillon --features ssr --example rush
  [ -f target/site/pkg/maillon.css ] || cargo leptos build
fi
maillon=${bin_dir:-target/release}/maillon
rush=${bin_dir:-target/release/examples}/rush
site=${bin_dir:+$bin_dir/site}
site=${site:-target/site}
source scripts/bench-cluster.sh
url="postgres://postgres@localhost/rush?host=$dir"
psql -q "$pg_admin" -c "CREATE DATABASE rush"
DATABASE_URL="$url" "$maillon" seed-demo --no-orders >/dev/null
MAILLON_DATA_DIR="$dir/site" DATABASE_URL="$url" RUST_LOG=warn LEPTOS_SITE_ROOT="$site" \
  MAILLON_AUTH_REQUESTS_PER_IP=100000 MAILLON_DB_POOL_SIZE=${POOL:-10} "$maillon" serve --addr 127.0.0.1:3200 >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:3200/healthz >/dev/null 2>&1 && break; sleep 0.5; done
"$rush" "$url" --port 3200 --buyers "$buyers" --concurrency "${CONCURRENCY:-100}" ${MONEY:+--money}
if [ -n "${STATEMENTS:-}" ]; then
  psql -q "$url" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
  psql "$url" -c "SELECT calls, round(total_exec_time::numeric, 1) AS ms,
      left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS statement
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'rush')
    ORDER BY calls DESC, statement LIMIT 40"
fi
kill "$server"; wait "$server" 2>/dev/null || true; server=""
psql -q "$pg_admin" -c "CREATE DATABASE pgbench"
pgbench -q -i -s 10 "postgres://postgres@localhost/pgbench?host=$dir" >/dev/null 2>&1
echo "pgbench simple-update, 16 clients, 20 s, same PostgreSQL:"
pgbench -n -b simple-update -c 16 -j 2 -T 20 "postgres://postgres@localhost/pgbench?host=$dir" | grep -E "^tps|latency average"
