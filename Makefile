# Rapport: `make run` starts it on an embedded database with demo data; `make test` checks everything.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
RAPPORT_TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export RAPPORT_TEST_POSTGRES_URL
# The browser apps (frontend/) build for wasm32 only, through scripts/build-web.sh.
HOST_CRATES := --workspace --exclude frontend --exclude portal --exclude web_shared
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/rapport_bench
SWAGGER_DIR := openapi/swagger-ui

.PHONY: help run test fmt-check clippy layering-check wasm-check unit-and-api-tests api-fuzz web e2e chromium openapi bench deps swagger-ui clean

help:
	@echo "make run     - build, load demo data into data/rapport.db and serve on http://127.0.0.1:8080"
	@echo "make test    - formatting, lints, layering, unit, property and API tests on SQLite and PostgreSQL,"
	@echo "               the web app's build and its browser tests"
	@echo "make web     - build the web app into frontend/dist"
	@echo "make openapi - regenerate openapi/openapi.json"
	@echo "make api-fuzz - fuzz the whole API with Schemathesis on SQLite and PostgreSQL"
	@echo "make bench   - load 300k accounts, 1M contacts, 1M tickets, 1M deals and 3M activities into PostgreSQL"
	@echo "               and measure the API (docs/benchmarks.md)"

# System libraries the database drivers link against.
deps:
	@missing=""; \
	for pkg in libpq-dev libsqlite3-dev pkg-config dovecot-imapd; do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq $$missing; fi; \
	fi

# Swagger UI for /docs comes from the npm registry, pinned by package-lock.json.
swagger-ui: $(SWAGGER_DIR)/node_modules/swagger-ui-dist/swagger-ui-bundle.js

$(SWAGGER_DIR)/node_modules/swagger-ui-dist/swagger-ui-bundle.js: $(SWAGGER_DIR)/package.json $(SWAGGER_DIR)/package-lock.json
	cd $(SWAGGER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The web app: wasm32 build, wasm-bindgen, wasm-opt (scripts/build-web.sh installs what is missing).
web:
	./scripts/build-web.sh

run: deps swagger-ui web
	$(CARGO) build --release --bin rapport
	./target/release/rapport seed --demo
	@echo "Rapport on http://127.0.0.1:8080 (the web app; API docs at /docs). Ctrl+C stops it."
	./target/release/rapport serve --dev

test: deps fmt-check clippy layering-check wasm-check unit-and-api-tests api-fuzz e2e

fmt-check:
	$(CARGO) fmt --all --check

clippy:
	$(CARGO) clippy $(HOST_CRATES) --all-targets --locked -- -D warnings
	./scripts/build-web.sh clippy

# The domain and api_types crates are shared with the web app: no database, no web server.
layering-check:
	@for crate in domain api_types; do \
		if $(CARGO) tree --locked -p $$crate -e normal --prefix none | grep -Eq '^(diesel|actix|libsqlite3|pq-sys|tokio) '; then \
			echo "$$crate must not depend on diesel, actix or tokio:"; $(CARGO) tree -p $$crate -e normal | grep -E 'diesel|actix|sqlite|pq-sys|tokio'; exit 1; \
		fi; \
	done; echo "layering: domain and api_types are free of diesel, actix and tokio"

# ... and they compile for the browser.
wasm-check:
	./scripts/build-web.sh check-shared

# PostgreSQL tests need a server where they may create and drop databases. Without one they
# are skipped loudly, except under CI=true where that is a failure. The mail tests talk to real
# mail servers (scripts/mail-servers.sh), started here and stopped after.
unit-and-api-tests:
	@mkdir -p target
	./scripts/mail-servers.sh start
	@set -a; . target/mail-servers/env; set +a; trap './scripts/mail-servers.sh stop' EXIT; \
	if pg_isready -q -d "$(RAPPORT_TEST_POSTGRES_URL)" 2>/dev/null \
		&& psql "$(RAPPORT_TEST_POSTGRES_URL)" -qAtc 'select 1' >/dev/null 2>&1; then \
		echo "PostgreSQL answers at $(RAPPORT_TEST_POSTGRES_URL): running every test on SQLite and PostgreSQL"; \
		$(CARGO) test $(HOST_CRATES) --locked --lib --bins --tests 2>&1 | tee target/test-output.txt; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "FAIL: CI=true but no PostgreSQL answers at $(RAPPORT_TEST_POSTGRES_URL)"; exit 1; \
	else \
		echo ""; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!  NO POSTGRESQL at $(RAPPORT_TEST_POSTGRES_URL)"; \
		echo "!!  Running the SQLite tests ONLY. Set RAPPORT_TEST_POSTGRES_URL to test PostgreSQL."; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo ""; \
		$(CARGO) test $(HOST_CRATES) --locked --lib --bins --tests -- --skip postgres 2>&1 | tee target/test-output.txt; \
	fi
	@awk '/^test result:/ { p += $$4; f += $$6 } END { printf "tests: %d passed, %d failed\n", p, f; if (p == 0) exit 1 }' target/test-output.txt

# Schemathesis against the real server, signed in as an admin, on SQLite and PostgreSQL, for
# API_FUZZ_SECONDS on each; reports in target/schemathesis/.
API_FUZZ_SECONDS ?= 120
api-fuzz:
	$(CARGO) build --locked --bin rapport
	./scripts/api-fuzz.sh $(API_FUZZ_SECONDS)

# Debian's Chromium, driven by playwright-core from npm.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing chromium"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

# Browser tests: the real server on a fresh SQLite database, the built web app, Chromium.
# Screenshots of every page land in e2e/artifacts/.
e2e: web swagger-ui chromium
	$(CARGO) build --locked --bin rapport
	cd e2e && npm ci --no-audit --no-fund --loglevel=error
	@rm -rf e2e/artifacts
	# A test that hangs fails after five minutes; a run that hangs is stopped after thirty.
	cd e2e && timeout -k 30 30m npm test 2>&1 | tee ../target/e2e-output.txt
	@awk '/^# pass/ { p = $$3 } /^# fail/ { f = $$3 } END { printf "browser tests: %d passed, %d failed\n", p, f; if (p == 0 || f > 0) exit 1 }' target/e2e-output.txt

openapi:
	$(CARGO) run --quiet --bin rapport -- openapi > openapi/openapi.json
	@echo "openapi/openapi.json regenerated"

bench: deps
	@command -v wrk >/dev/null 2>&1 || { \
		echo "installing wrk"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq wrk; fi; }
	$(CARGO) build --release --bin rapport --example loadgen
	psql "$(RAPPORT_TEST_POSTGRES_URL)" -qc 'DROP DATABASE IF EXISTS rapport_bench WITH (FORCE)'
	psql "$(RAPPORT_TEST_POSTGRES_URL)" -qc 'CREATE DATABASE rapport_bench'
	RAPPORT_DATABASE_URL=$(BENCH_DATABASE_URL) ./target/release/rapport seed --accounts 300000 --contacts 1000000 --tickets 1000000 --opportunities 1000000 --activities 3000000 | tee target/bench-seed.txt
	./scripts/bench.sh $(BENCH_DATABASE_URL)

clean:
	$(CARGO) clean
	rm -rf data
