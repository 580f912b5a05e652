#!/usr/bin/env bash
# Invoices benchmark (not a test): a delivered cycle of 20,000 orders from 200 producers
# invoiced at once, then invoices read and written as XML, on a throwaway
# PostgreSQL. Usage: scripts/bench-ledger.sh [ORDERS]
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-20000}
cargo build --release -p maillon --features ssr --example bench_ledger
source scripts/bench-cluster.sh
psql -q "$pg_admin" -c "CREATE DATABASE ledger"
url="postgres://postgres@localhost/ledger?host=$dir"
psql -q "$url" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
"${CARGO_TARGET_DIR:-target}/release/examples/bench_ledger" "$url" "$orders"
