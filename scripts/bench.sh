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
  RAPPORT_SUBMISSIONS_PER_MINUTE=100000000 \
  RAPPORT_JWT_SECRET=benchmark-secret-benchmark-secret-0123 ./target/release/rapport serve &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

# One-row reads from as light a client as pgbench is: pgbench -S against PostgreSQL itself, and
# wrk against get-account-by-id, both with $concurrency clients on two threads.
PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)
admin="${url%/*}/postgres"
psql "$admin" -qc 'DROP DATABASE IF EXISTS rapport_pgbench WITH (FORCE)'
psql "$admin" -qc 'CREATE DATABASE rapport_pgbench'
"$PGBENCH" -i -q -s 10 "${url%/*}/rapport_pgbench" >/dev/null 2>&1
pgbench_tps=$("$PGBENCH" -S -c "$concurrency" -j 2 -T "$seconds" "${url%/*}/rapport_pgbench" 2>/dev/null | awk '/^tps/ { print int($3); exit }')
psql "$admin" -qc 'DROP DATABASE IF EXISTS rapport_pgbench WITH (FORCE)'
token=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"bench@bench.example","password":"rapport-demo-2026"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
account=$(curl -sf "http://127.0.0.1:$port/api/v1/accounts?limit=1&sort=name" -H "authorization: Bearer $token" \
  | sed -E 's/^[^[]*\[\{"id":"([^"]+)".*/\1/')
wrk_rps=$(wrk -t2 -c"$concurrency" -d"${seconds}s" -H "authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/accounts/$account" | awk '/^Requests\/sec/ { print int($2) }')
share=$(awk -v a="$wrk_rps" -v b="$pgbench_tps" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b; else print "?" }')

rows=$(psql "$url" -qAtc "select (select count(*) from accounts) || ' accounts, ' || (select count(*) from contacts) || ' contacts; database ' || pg_size_pretty(pg_database_size(current_database()))")
sla=$(cargo bench --quiet -p domain --bench deadlines 2>/dev/null | grep -E 'time:|thrpt:' | head -n 2 | sed 's/^ */    /')
loadgen() { ./target/release/examples/loadgen "http://127.0.0.1:$port" bench@bench.example rapport-demo-2026 "$seconds" "$concurrency" "$@"; }
table=$(loadgen)

# Search again after 100,000 more accounts and contacts at the newest end that match none of
# the searched words: a search's cost must not grow with rows that do not match.
psql "$url" -q -v ON_ERROR_STOP=1 <<'SQL'
-- A run before this one left its rows: remove them (and the load generator's), so that every
-- run measures the same data. Without the foreign-key triggers, which would check each row.
SET session_replication_role = replica;
DELETE FROM account_terms t USING accounts a
WHERE t.org_id = a.org_id AND t.account_id = a.id AND (a.name LIKE 'Zephyr Outpost %' OR a.name LIKE 'Loadgen %');
DELETE FROM account_tags t USING accounts a
WHERE t.org_id = a.org_id AND t.account_id = a.id AND (a.name LIKE 'Zephyr Outpost %' OR a.name LIKE 'Loadgen %');
DELETE FROM accounts WHERE name LIKE 'Zephyr Outpost %' OR name LIKE 'Loadgen %';
DELETE FROM contact_terms t USING contacts c
WHERE t.org_id = c.org_id AND t.contact_id = c.id AND c.first_name = 'Zed';
DELETE FROM contacts WHERE first_name = 'Zed';
RESET session_replication_role;
WITH org AS (SELECT org_id, id AS owner FROM users WHERE email_normalized = 'bench@bench.example'),
     rows AS (SELECT g, (extract(epoch FROM clock_timestamp()) * 1000)::bigint << 16 AS base
              FROM generate_series(1, 100000) g)
INSERT INTO accounts (org_id, id, name, name_key, domain, account_type, owner_id, search_text,
                      created_at, updated_at, version)
SELECT org.org_id, int8send(base + g) || int8send(g * 2654435761), 'Zephyr Outpost ' || g,
       'zephyr outpost ' || g, 'z' || g || '.example', 'prospect', org.owner,
       'zephyr outpost ' || g || ' z' || g || ' example', now(), now(), 1
FROM rows, org;
WITH org AS (SELECT org_id, id AS owner FROM users WHERE email_normalized = 'bench@bench.example'),
     rows AS (SELECT g, ((extract(epoch FROM clock_timestamp()) * 1000)::bigint << 16) + (1::bigint << 40) AS base
              FROM generate_series(1, 100000) g)
INSERT INTO contacts (org_id, id, first_name, last_name, name_key, phones, owner_id, preferred_channel,
                      search_text, created_at, updated_at, version)
SELECT org.org_id, int8send(base + g) || int8send(g * 2654435761), 'Zed', 'Outpost' || g,
       'outpost' || g || ' zed', '[]', org.owner, 'email', 'zed outpost' || g, now(), now(), 1
FROM rows, org;
INSERT INTO account_terms (org_id, term, account_id)
SELECT r.org_id, t.term, r.id FROM accounts r, LATERAL (
    SELECT DISTINCT left(w, n) AS term FROM unnest(string_to_array(r.search_text, ' ')) AS w,
           generate_series(1, least(length(w), 20)) AS n WHERE w <> '') t
WHERE r.name LIKE 'Zephyr Outpost %' ORDER BY 1, 2, 3;
INSERT INTO contact_terms (org_id, term, contact_id)
SELECT r.org_id, t.term, r.id FROM contacts r, LATERAL (
    SELECT DISTINCT left(w, n) AS term FROM unnest(string_to_array(r.search_text, ' ')) AS w,
           generate_series(1, least(length(w), 20)) AS n WHERE w <> '') t
WHERE r.first_name = 'Zed' ORDER BY 1, 2, 3;
-- As autovacuum would after a load: statistics, and the visibility map index-only scans use.
VACUUM (ANALYZE) accounts; VACUUM (ANALYZE) contacts; VACUUM (ANALYZE) account_terms; VACUUM (ANALYZE) contact_terms;
SQL
after=$(loadgen search | tail -n 2)

# The service desk: inbox, view counts, the ticket page, search and creation, then the plan of
# the escalation sweep's query, which must read only the tickets that are due.
tickets_table=$(loadgen tickets)
# Creation by one client at a time, with and without a contract: what the entitlement check
# adds to a creation, without the queueing of sixteen.
create_one_table=$(./target/release/examples/loadgen "http://127.0.0.1:$port" bench@bench.example \
  rapport-demo-2026 "$seconds" 1 create-ticket)
capture_table=$(loadgen capture)
mail_table=$(loadgen mail)
phone_table=$(loadgen phone)
portal_table=$(loadgen portal)
mail_rows=$(psql "$url" -qAtc "select count(*) || ' messages kept' from inbound_emails")
# The same mail on SQLite: a second server on the demo database in a file of its own.
sqlite_db="target/bench-mail.db"
rm -f "$sqlite_db" "$sqlite_db"-*
RAPPORT_DATABASE_URL="sqlite://$sqlite_db" ./target/release/rapport seed --demo >/dev/null
sqlite_port=$((port + 1))
RAPPORT_DATABASE_URL="sqlite://$sqlite_db" RAPPORT_BIND="127.0.0.1:$sqlite_port" RAPPORT_LOG=warn \
  RAPPORT_JWT_SECRET=benchmark-secret-benchmark-secret-0123 ./target/release/rapport serve &
sqlite_server=$!
trap 'kill $server $sqlite_server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$sqlite_port/readyz" >/dev/null && break; sleep 0.2; done
sqlite_mail_table=$(./target/release/examples/loadgen "http://127.0.0.1:$sqlite_port" admin@northwind.example \
  rapport-demo-2026 "$seconds" "$concurrency" mail)
kill $sqlite_server 2>/dev/null || true
sales_table=$(loadgen sales)
# The knowledge base on both databases, each of its own (see the script).
kb_section=$(./scripts/bench-kb.sh "$url")
deal_rows=$(psql "$url" -qAtc "select (select count(*) from opportunities) || ' opportunities (' || (select count(*) from opportunities where status = 'open') || ' open) in ' || (select count(*) from pipelines) || ' pipelines, ' || (select count(*) from activities) || ' activities'")
forecast_plan=$(psql "$url" -qAt <<'SQL'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF)
WITH scope AS (
  SELECT org_id, to_char(date_trunc('quarter', now()), 'YYYY-MM') AS first_month,
         to_char(date_trunc('quarter', now()) + interval '2 months', 'YYYY-MM') AS last_month
  FROM users WHERE email_normalized = 'bench@bench.example')
SELECT t.owner_id, t.status, NULLIF(t.forecast_category, ''), t.probability, sum(t.deals), sum(t.amount_base_minor)
FROM (SELECT s.owner_id, s.status, s.forecast_category, s.probability, s.deals, s.amount_base_minor
      FROM opportunity_totals s, scope
      WHERE s.org_id = scope.org_id AND s.close_month >= scope.first_month AND s.close_month <= scope.last_month
      UNION ALL
      SELECT c.owner_id, c.status, c.forecast_category, c.probability, c.deals, c.amount_base_minor
      FROM opportunity_total_changes c, scope
      WHERE c.org_id = scope.org_id AND c.close_month >= scope.first_month AND c.close_month <= scope.last_month) t
GROUP BY 1, 2, 3, 4 HAVING sum(t.deals) <> 0;
SQL
)
lead_rows=$(psql "$url" -qAtc "select count(*) || ' leads' from leads")
ticket_rows=$(psql "$url" -qAtc "select count(*) || ' tickets (' || count(*) filter (where status in ('new','open','pending','on_hold')) || ' open), ' || (select count(*) from ticket_messages) || ' messages' from tickets")
sweep_plan=$(psql "$url" -qAt <<'SQL'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT org_id, id FROM tickets WHERE sla_next_at <= now() AT TIME ZONE 'UTC' + interval '1 hour'
ORDER BY sla_next_at LIMIT 100;
SQL
)
sweep_due=$(psql "$url" -qAtc "select count(*) from tickets where sla_next_at <= now() at time zone 'UTC' + interval '1 hour'")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mem=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
pg=$(psql "$url" -qAtc 'show server_version')
seed=$(sed -n -e 's/.* contacts in \([0-9.]*s\).*/accounts and contacts in \1/p' \
  -e 's/.* tickets in \([0-9.]*s\).*/tickets in \1/p' target/bench-seed.txt 2>/dev/null | paste -sd, - | sed 's/,/, /')

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
  echo "One-row reads in the same run, each with $concurrency clients on two threads for $seconds s:"
  echo "\`pgbench -S\` (scale 10) answered $pgbench_tps transactions/s; \`wrk\` on get account by id (JWT check,"
  echo "session check and the read, one blocking-pool trip) $wrk_rps requests/s: $share% of it. The table's"
  echo "figure is lower because its load generator (reqwest) takes a larger share of the two cores."
  echo
  echo "The two searches again after 100,000 more accounts and 100,000 more contacts, newer than all"
  echo "others, that match none of the searched words:"
  echo
  echo "| scenario | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "$after"
  echo
  echo "## Service desk on PostgreSQL ($(date -u +%Y-%m-%d))"
  echo
  echo "- data: $ticket_rows over the accounts and contacts above (synthetic: the oldest 60% closed,"
  echo "  SLA instants spread around the run's start, 21 agents in one round-robin team)"
  echo "- load: as above"
  echo
  echo "$tickets_table"
  echo
  echo "Creating tickets with one client (the difference is the entitlement check, its lock and its count):"
  echo
  echo "$create_one_table"
  echo
  echo "The escalation sweep's query, for the $sweep_due tickets with a clock event due within the next hour"
  echo "(the sweep takes them 100 at a time):"
  echo
  echo "$sweep_plan" | sed 's/^/    /'
  echo
  echo "## Sales on PostgreSQL ($(date -u +%Y-%m-%d))"
  echo
  echo "- data: $lead_rows after the run, over the accounts and contacts above; a territory with one"
  echo "  owner, an assignment rule by territory, three scoring rules"
  echo "- load: as above; submissions from one client address"
  echo
  echo "| scenario | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "$capture_table" | tail -n 1
  echo "$sales_table" | tail -n 5
  echo
  echo "- deals and activities: $deal_rows (synthetic: stages, owners among 21 sellers and close"
  echo "  dates from a year ago to a year ahead spread evenly; activities on the contacts, so about ten"
  echo "  per account, over the last two years and the next two months)"
  echo
  echo "The forecast's query for the quarter (grouped by owner, status, category and probability), on"
  echo "the kept sums and the changes not folded into them yet:"
  echo
  echo "$forecast_plan" | sed 's/^/    /'
  echo
  echo "## Contact centre ($(date -u +%Y-%m-%d))"
  echo
  echo "Messages posted raw to a mailbox's inbound route, each parsed, threaded (by In-Reply-To and"
  echo "References), stored whole with the ticket work in one transaction: two in three open a ticket"
  echo "(requester found or created, SLA policy, routing), one in three land as a reply on one of 50"
  echo "threads. PostgreSQL: the benchmark database above ($mail_rows after the run). SQLite: the demo"
  echo "database (\`rapport seed --demo\`) in a file, its own server. Load as above."
  echo
  echo "| database | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "$mail_table" | tail -n 1 | sed 's/^| [^|]*|/| PostgreSQL |/'
  echo "$sqlite_mail_table" | tail -n 1 | sed 's/^| [^|]*|/| SQLite |/'
  echo
  echo "Caller lookup (\`GET /api/v1/lookup/phone\`) of numbers spread over the benchmark database's"
  echo "contacts ($rows): the number normalised to E.164, the contacts and accounts with it, their"
  echo "open tickets and deals, each as the API shows them."
  echo
  echo "$phone_table"
  echo
  echo "## Customer portal"
  echo
  echo "A portal account admin (signed in through a partner's portal) of the company with the most"
  echo "tickets among the newest hundred, on the benchmark database's tickets ($ticket_rows): the"
  echo "company's open tickets, and the admin's own closed ones. Each request checks the portal"
  echo "session, partner, portal user and contact, then reads one page and its names and ratings."
  echo
  echo "$portal_table"
  echo
  echo "$kb_section"
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
