#!/usr/bin/env bash
# DFC catalogue benchmark (not a test): release server, its own PostgreSQL with
# pg_stat_statements, the demo data plus a farm of 500 products × 4 variants (2,000 variants),
# then bench/dfc.py times that farm's DFC document. Usage: scripts/bench-dfc.sh
# SKIP_BUILD=1 uses the build in target/release as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SKIP_BUILD:-}" = 1 ] || make release
bin_dir=target/release
source scripts/bench-cluster.sh
url="postgres://postgres@localhost/bench_dfc?host=$dir"
psql -q "$pg_admin" -c "CREATE DATABASE bench_dfc"
DATABASE_URL="$url" "$bin_dir/maillon" seed-demo --no-orders >/dev/null
psql -q "$url" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
psql -q "$url" -v products=500 -v bench_farm=500 -f bench/catalogue-seed.sql >/dev/null
MAILLON_DATA_DIR="$dir/site" DATABASE_URL="$url" RUST_LOG=warn LEPTOS_SITE_ROOT="$bin_dir/site" \
  "$bin_dir/maillon" serve --addr 127.0.0.1:3200 >"$dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:3200/healthz >/dev/null 2>&1 && break; sleep 0.5; done
python3 bench/dfc.py --port 3200 --db "$url"
