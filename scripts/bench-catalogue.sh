#!/usr/bin/env bash
# Catalogue benchmark (not a test): release server, its own PostgreSQL with pg_stat_statements,
# the demo data plus N generated products, then bench/catalogue.py. Usage:
#   scripts/bench-catalogue.sh [PRODUCTS ...]      (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000}")
[ $# -gt 0 ] || sizes=(1000 10000)
cargo build --release -p server --bin maillon
[ -f target/site/pkg/maillon.css ] || cargo leptos build
bin=$(command -v initdb >/dev/null && dirname "$(command -v initdb)" || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=$(mktemp -d /tmp/maillon-bench.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; as_pg=(runuser -u postgres --); fi
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses='' -k $dir -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top" start >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for n in "${sizes[@]}"; do
  url="postgres://postgres@localhost/bench_$n?host=$dir"
  psql -q "postgres://postgres@localhost/postgres?host=$dir" -c "CREATE DATABASE bench_$n"
  DATABASE_URL="$url" target/release/maillon seed-demo >/dev/null
  psql -q "$url" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
  psql -q "$url" -v products="$n" -f bench/catalogue-seed.sql >/dev/null
  MAILLON_DATA_DIR="$dir/site-$n" DATABASE_URL="$url" RUST_LOG=warn LEPTOS_SITE_ROOT=target/site \
    target/release/maillon serve --addr 127.0.0.1:3200 >"$dir/server-$n.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:3200/healthz >/dev/null 2>&1 && break; sleep 0.5; done
  python3 bench/catalogue.py --port 3200 --db "$url" --label "$n generated products (+ demo), 4 variants each"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
