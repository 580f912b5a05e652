#!/usr/bin/env bash
# Catalogue benchmark (not a test): release server, its own PostgreSQL with pg_stat_statements,
# the demo data plus N generated products, then bench/catalogue.py. Usage:
#   scripts/bench-catalogue.sh [PRODUCTS ...]      (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000}")
[ $# -gt 0 ] || sizes=(1000 10000)
# The production build (make release); SKIP_BUILD=1 uses the one in target/release as it is.
# BENCH_BIN_DIR=dir runs a build kept elsewhere (its maillon, hash.txt and site/), to compare
# two versions of the code on the same machine.
bin_dir=${BENCH_BIN_DIR:-target/release}
[ "${SKIP_BUILD:-}" = 1 ] || [ -n "${BENCH_BIN_DIR:-}" ] || make release
source scripts/bench-cluster.sh
for n in "${sizes[@]}"; do
  url="postgres://postgres@localhost/bench_$n?host=$dir"
  psql -q "$pg_admin" -c "CREATE DATABASE bench_$n"
  DATABASE_URL="$url" "$bin_dir/maillon" seed-demo --no-orders >/dev/null
  psql -q "$url" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
  psql -q "$url" -v products="$n" -v bench_farm=125 -f bench/catalogue-seed.sql >/dev/null
  MAILLON_DATA_DIR="$dir/site-$n" DATABASE_URL="$url" RUST_LOG=warn LEPTOS_SITE_ROOT="$bin_dir/site" \
    "$bin_dir/maillon" serve --addr 127.0.0.1:3200 >"$dir/server-$n.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:3200/healthz >/dev/null 2>&1 && break; sleep 0.5; done
  python3 bench/catalogue.py --port 3200 --db "$url" --label "$n generated products (+ demo), 4 variants each"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
