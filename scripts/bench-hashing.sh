#!/usr/bin/env bash
# Hashing flood (not a test; BENCHMARKS.md "Hashing flood"): the release server on its own
# PostgreSQL with the demo data, 200 anonymous sign-ups and sign-ins at once, first each from
# its own address (X-Forwarded-For, trusted proxy: only the bound on concurrent hashing holds),
# then all from one address (the per-address limit answers 429).
# Usage: [SKIP_BUILD=1] scripts/bench-hashing.sh [N] [--sign-ins-only]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-200}
extra=${2:-}
target=${CARGO_TARGET_DIR:-target}
[ -n "${SKIP_BUILD:-}" ] || cargo build --release -p server --bin maillon
source scripts/bench-cluster.sh
for mode in --spread ""; do
  db="flood$RANDOM"
  psql -q "$pg_admin" -c "CREATE DATABASE $db"
  url="postgres://postgres@localhost/$db?host=$dir"
  DATABASE_URL="$url" "$target/release/maillon" seed-demo --no-orders >/dev/null
  MAILLON_DATA_DIR="$dir/site" DATABASE_URL="$url" RUST_LOG=warn MAILLON_WORKERS=false LEPTOS_SITE_ROOT="$target/site" \
    MAILLON_TRUST_PROXY=true "$target/release/maillon" serve --addr 127.0.0.1:3300 >"$dir/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do curl -fsS http://127.0.0.1:3300/healthz >/dev/null 2>&1 && break; sleep 0.5; done
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 bench/hashing_flood.py http://127.0.0.1:3300 "$server" --requests "$requests" $mode $extra
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
