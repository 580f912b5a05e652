#!/usr/bin/env bash
# Backs up Maillon: everything it keeps is in its PostgreSQL database (accounts, catalogue,
# photos, orders, sessions, the email outbox and jobs), so one pg_dump is a full backup.
#   scripts/backup.sh [FILE]        default: maillon-<UTC date>.dump in the current directory
# Uses DATABASE_URL, else the local cluster of MAILLON_DATA_DIR (default .maillon), which
# must be running (it runs while `maillon serve` does). The dump is in PostgreSQL's custom
# format: consistent even while the server runs, compressed, restored with pg_restore (see
# scripts/restore-check.sh, which tries exactly that).
set -euo pipefail
out=${1:-maillon-$(date -u +%Y%m%dT%H%M%SZ).dump}
url=${DATABASE_URL:-}
if [ -z "$url" ]; then
  dir=$(cd "${MAILLON_DATA_DIR:-.maillon}" && pwd)
  url="postgres://postgres@localhost/maillon?host=$dir/run"
fi
pg_dump --format=custom --compress=6 --no-owner --file="$out" "$url"
echo "$out: $(du -h "$out" | cut -f1)"
