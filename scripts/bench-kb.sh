#!/usr/bin/env bash
# Knowledge-base search and suggestions over 100,000 synthetic published articles, on each
# database: a PostgreSQL database and a SQLite file of their own, each seeded with
# `rapport seed --articles`, each with its own release server. Prints the section of
# docs/benchmarks.md. Usage: bench-kb.sh <postgres-url-of-any-database>
set -euo pipefail
cd "$(dirname "$0")/.."
url="$1"
articles="${BENCH_ARTICLES:-100000}"
seconds="${BENCH_SECONDS:-15}"
# One client at a time (each search's own time), then 16 (what the two cores can serve).
concurrency="${BENCH_CONCURRENCY:-1 16}"
port="${BENCH_KB_PORT:-18090}"
pg_url="${url%/*}/rapport_bench_kb"
sqlite_db="target/bench-kb.db"

psql "$url" -qc 'DROP DATABASE IF EXISTS rapport_bench_kb WITH (FORCE)' >/dev/null
psql "$url" -qc 'CREATE DATABASE rapport_bench_kb' >/dev/null
rm -f "$sqlite_db" "$sqlite_db"-*

# One database: seed it, serve it, run the scenarios with each number of clients; prints the
# seeding time and the table's rows.
run() {
  local database="$1" port="$2"
  local seeded
  seeded=$(RAPPORT_DATABASE_URL="$database" ./target/release/rapport seed --accounts 0 --contacts 0 \
    --articles "$articles" | grep -o 'articles in [0-9.]*s')
  RAPPORT_DATABASE_URL="$database" RAPPORT_BIND="127.0.0.1:$port" RAPPORT_LOG=warn RAPPORT_DATABASE_POOL_SIZE=32 \
    RAPPORT_JWT_SECRET=benchmark-secret-benchmark-secret-0123 ./target/release/rapport serve &
  local server=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  echo "$seeded"
  for clients in $concurrency; do
    ./target/release/examples/loadgen "http://127.0.0.1:$port" bench@bench.example rapport-demo-2026 \
      "$seconds" "$clients" kb | tail -n 2 | sed "s/^| /| $clients | /"
  done
  kill "$server"; wait "$server" 2>/dev/null || true
}

postgres=$(run "$pg_url" "$port")
sqlite=$(run "sqlite://$sqlite_db" "$((port + 1))")
pg_size=$(psql "$pg_url" -qAtc "select pg_size_pretty(pg_database_size(current_database()))")
sqlite_size=$(du -h "$sqlite_db" | cut -f1)
psql "$url" -qc 'DROP DATABASE IF EXISTS rapport_bench_kb WITH (FORCE)' >/dev/null

echo "## Knowledge base ($(date -u +%Y-%m-%d))"
echo
echo "$articles synthetic published articles (titles of five words, bodies of 80 to 140, drawn from"
echo "4,096 words with common ones far more frequent, as in real text; a third internal), one"
echo "organization, on each database with its own release server; clients: $concurrency, ${seconds} s"
echo "per scenario. Search: one common word prefix, or two (every article matching all of them,"
echo "ranked, the passage found marked, 10 best). Suggestions: twelve words of a ticket, any of them."
echo "PostgreSQL: ${pg_size}, seeded $(echo "$postgres" | head -n 1). SQLite: ${sqlite_size}, seeded"
echo "$(echo "$sqlite" | head -n 1)."
echo
echo "| database | clients | scenario | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|"
echo "$postgres" | tail -n +2 | sed 's/^| /| PostgreSQL | /'
echo "$sqlite" | tail -n +2 | sed 's/^| /| SQLite | /'
