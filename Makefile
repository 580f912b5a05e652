# Maillon: `make run` to try it, `make test` to check everything. See README.md.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test tools test-tools build lint unit e2e release clean sqlx-prepare

## Install what is missing, build, and serve http://127.0.0.1:3000 on a local PostgreSQL with demo data.
run: tools
	MAILLON_DEMO=yes cargo leptos serve

tools:
	@scripts/install-tools.sh

test-tools:
	@scripts/install-tools.sh --test

## Everything CI checks: format, lints, unit and integration tests against PostgreSQL, end-to-end in Chromium.
test: test-tools lint build
	scripts/with-postgres.sh $(MAKE) --no-print-directory unit e2e

lint:
	cargo fmt --all --check
	python3 scripts/check-structure.py
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings

build:
	cargo leptos build

## After changing a query checked at build time (`sqlx::query!`) or a migration: describe the
## queries again in .sqlx/ (builds read it instead of asking a database), then commit it.
## `scripts/sqlx-prepare.sh --check` says whether .sqlx/ is up to date.
sqlx-prepare:
	scripts/with-postgres.sh scripts/sqlx-prepare.sh

unit:
	cargo nextest run --workspace --no-fail-fast

e2e:
	scripts/e2e.sh

## The production build in target/release: the optimised server `maillon`, `hash.txt` (the
## hashed names of the site's files) and `site/` (CSS, wasm at opt-level "z", public files),
## each file also pre-compressed with Brotli and gzip. README.md, "Running in production".
release: tools
	LEPTOS_SITE_ROOT=target/release/site cargo leptos build --release --precompress

clean:
	cargo clean
