#!/usr/bin/env bash
# Page weight and Lighthouse figures of BENCHMARKS.md ("Sober pages"), on the release build:
# builds it with `make release` (SKIP_BUILD=1 to use the one in target/release as it is),
# starts it on its own fresh PostgreSQL cluster with the demo data, and runs
# bench/pages/measure.mjs (Playwright sets the scene, Lighthouse 12 measures each page as a
# first visit on a simulated mobile network). Prints a Markdown table.
#   PORT=3660            address the release server listens on (127.0.0.1)
#   OUT=results.json     also write every figure as JSON
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
port=${PORT:-3660}

if [ "${SKIP_BUILD:-}" != 1 ]; then
  make release
fi
bin=target/release/maillon
site=target/release/site
[ -x "$bin" ] && [ -d "$site/pkg" ] || { echo "no release build in target/release: run make release" >&2; exit 1; }

[ -d end2end/node_modules/@playwright/test ] || (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
# Lighthouse 12.2.3: 13 needs Node 22.
[ -d bench/pages/node_modules/lighthouse ] || (cd bench/pages && npm ci --no-audit --no-fund)

data=$(mktemp -d /tmp/maillon-bench-pages.XXXXXX)
# Run as root, the embedded PostgreSQL runs as the postgres user, which must reach its data.
chmod 755 "$data"
MAILLON_DATA_DIR="$data" MAILLON_DEMO=yes LEPTOS_SITE_ROOT="$site" RUST_LOG=warn \
  "$bin" serve --addr "127.0.0.1:$port" >"$data/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$data/server.log"; exit 1; }
  sleep 0.5
done

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1); Lighthouse $(node -p "require('./bench/pages/node_modules/lighthouse/package.json').version")"
echo "wasm + JS of the build: $(du -cb "$site"/pkg/*.wasm "$site"/pkg/*.js 2>/dev/null | tail -1 | cut -f1) bytes uncompressed"
BASE_URL="http://127.0.0.1:$port" node bench/pages/measure.mjs
