#!/usr/bin/env bash
# Governance benchmark (not a test): 20,000 members in 4 colleges, an assembly of 10
# proposals closed and tallied, its results page, and the register page, on a throwaway
# PostgreSQL. Usage: scripts/bench-governance.sh [MEMBERS]
set -euo pipefail
cd "$(dirname "$0")/.."
members=${1:-20000}
cargo build --release -p maillon --features ssr --example bench_governance
source scripts/bench-cluster.sh
psql -q "$pg_admin" -c "CREATE DATABASE governance"
url="postgres://postgres@localhost/governance?host=$dir"
psql -q "$url" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
"${CARGO_TARGET_DIR:-target}/release/examples/bench_governance" "$url" "$members"
