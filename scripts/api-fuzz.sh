#!/usr/bin/env bash
# Fuzzes the whole API with Schemathesis (PyPI, pinned below): the real server, signed in as
# an admin, every check, the examples, coverage, fuzzing and stateful phases, on SQLite and
# then on PostgreSQL. Reports (JUnit) go to target/schemathesis/. Any failure fails the run.
# The event stream is left out: it never ends, so no request of Schemathesis would; its own
# tests are in crates/server/tests/api/live.rs.
#   usage: scripts/api-fuzz.sh [seconds per database, default 120]
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_DATABASE=${1:-120}
SCHEMATHESIS_VERSION=4.32.5
VENV=.tools/schemathesis
TARGET=${CARGO_TARGET_DIR:-target}
BIN=$TARGET/debug/rapport
REPORTS=target/schemathesis
POSTGRES_URL=${RAPPORT_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
EMAIL=admin@fuzz.example
PASSWORD="fuzzing passphrase for the admin"

if [ "$("$VENV/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  echo "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
[ -x "$BIN" ] || { echo "build the server first: cargo build --bin rapport"; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
server=""
database=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [ -n "$database" ] && psql "$POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
rm -rf "$REPORTS"
mkdir -p "$REPORTS"
failed=0

backends="sqlite postgres"
if ! psql "$POSTGRES_URL" -qAtc 'select 1' >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then echo "FAIL: CI=true but no PostgreSQL answers at $POSTGRES_URL"; exit 1; fi
  echo "!! NO POSTGRESQL at $POSTGRES_URL: fuzzing on SQLite ONLY"
  backends="sqlite"
fi

for backend in $backends; do
  if [ "$backend" = sqlite ]; then
    url="sqlite://$work/fuzz.db"
  else
    database="rapport_fuzz_$$"
    psql "$POSTGRES_URL" -qc "CREATE DATABASE $database" >/dev/null
    url="${POSTGRES_URL%/*}/$database"
  fi
  port=$(free_port)
  export RAPPORT_DATABASE_URL=$url RAPPORT_BIND=127.0.0.1:$port RAPPORT_LOG=warn \
    RAPPORT_JWT_SECRET=fuzzing-secret-fuzzing-secret-0123456789
  RAPPORT_ADMIN_PASSWORD=$PASSWORD "$BIN" admin create-org --name "Fuzz Traders" --email "$EMAIL" >/dev/null
  "$BIN" serve 2>"$REPORTS/server-$backend.log" &
  server=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  token=$(curl -fs "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  echo "schemathesis on $backend for ${SECONDS_PER_DATABASE}s"
  if ! PYTHONPATH=scripts SCHEMATHESIS_HOOKS=schemathesis_hooks \
      "$VENV/bin/schemathesis" --config-file scripts/schemathesis.toml run "http://127.0.0.1:$port/openapi.json" \
      --checks all --exclude-checks positive_data_acceptance,ensure_resource_availability,use_after_free \
      --exclude-path /api/v1/events \
      --phases examples,coverage,fuzzing,stateful \
      --max-time "$SECONDS_PER_DATABASE" --workers 1 --seed 2026 --generation-database none \
      --header "Authorization: Bearer $token" \
      --report junit --report-dir "$REPORTS/$backend" --no-color; then
    failed=1
  fi
  kill "$server"; wait "$server" 2>/dev/null || true
  server=""
done
[ "$failed" = 0 ] && echo "schemathesis: no failures ($backends)"
exit "$failed"
