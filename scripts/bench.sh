#!/usr/bin/env bash
# Runs the load generator against a release server on the benchmark database and writes the
# figures, with the data size and the machine, to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
url="$1"
seconds="${BENCH_SECONDS:-15}"
concurrency="${BENCH_CONCURRENCY:-16}"
port="${BENCH_PORT:-18080}"

RAPPORT_DATABASE_URL="$url" RAPPORT_BIND="127.0.0.1:$port" RAPPORT_LOG=warn RAPPORT_DATABASE_POOL_SIZE=32 \
  RAPPORT_JWT_SECRET=benchmark-secret-benchmark-secret-0123 ./target/release/rapport serve &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

rows=$(psql "$url" -qAtc "select (select count(*) from accounts) || ' accounts, ' || (select count(*) from contacts) || ' contacts; database ' || pg_size_pretty(pg_database_size(current_database()))")
sla=$(cargo bench --quiet -p domain --bench deadlines 2>/dev/null | grep -E 'time:|thrpt:' | sed 's/^ */    /')
table=$(./target/release/examples/loadgen "http://127.0.0.1:$port" bench@bench.example rapport-demo-2026 "$seconds" "$concurrency")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
pg=$(psql "$url" -qAtc 'show server_version')
seed=$(grep -o 'in [0-9.]*s' target/bench-seed.txt || true)

{
  echo "# Benchmarks"
  echo
  echo "Figures from \`make bench\`. Numbers are end-to-end HTTP round trips measured by the load"
  echo "generator (\`crates/server/examples/loadgen.rs\`), which runs on the same machine and shares its"
  echo "cores with the server and PostgreSQL, so they are conservative."
  echo
  echo "## API on PostgreSQL ($(date -u +%Y-%m-%d))"
  echo
  echo "- data: $rows (synthetic, one organization; generated $seed)"
  echo "- machine: $(nproc) cores ($cpu), $mem; PostgreSQL $pg on the same machine"
  echo "- load: $concurrency concurrent closed-loop clients, $seconds s per scenario, release build, 2 HTTP workers"
  echo
  echo "$table"
  echo
  echo "## SLA engine"
  echo
  echo "\`cargo bench -p domain --bench deadlines\`: one million deadlines per iteration on a split-shift"
  echo "Europe/Berlin calendar with five yearly holidays, starts spread over 2026–2027 (both DST"
  echo "changes), targets from 15 minutes to 10 business days; one core."
  echo
  echo "$sla"
  echo
  if [ -f docs/benchmarks-notes.md ]; then cat docs/benchmarks-notes.md; fi
} > docs/benchmarks.md
echo "wrote docs/benchmarks.md"
cat docs/benchmarks.md
