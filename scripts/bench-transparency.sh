#!/usr/bin/env bash
# Transparency benchmark (not a test): a year of 52 delivered cycles of 2,000 orders, their
# figures computed, then read as the page and the open data read them, on a throwaway
# PostgreSQL. Usage: scripts/bench-transparency.sh [CYCLES] [HOUSEHOLDS]
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-52}
households=${2:-2000}
cargo build --release -p maillon --features ssr --example bench_transparency
source scripts/bench-cluster.sh
psql -q "$pg_admin" -c "CREATE DATABASE transparency"
url="postgres://postgres@localhost/transparency?host=$dir"
"${CARGO_TARGET_DIR:-target}/release/examples/bench_transparency" "$url" "$cycles" "$households"
