//! Synthetic deals and activities for the sales benchmarks, on the synthetic contacts (and
//! their accounts), generated inside PostgreSQL.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Binary, Integer, Text, Timestamp};
use domain::{OrgId, UserId};

use super::{Count, BATCH};
use crate::connection::AnyConnection;
use crate::convert::{bytes, to_db};
use crate::error::{Error, Result};

/// A stage deals are spread over: its id, its pipeline, its probability and its kind.
pub type StageSpec = (domain::StageId, domain::PipelineId, i32, &'static str);

/// Numbers the organization's contacts (with their accounts) for the generators to pick by
/// row number; answers how many there are.
fn number_contacts(pg: &mut diesel::PgConnection, org: OrgId) -> Result<i64> {
    diesel::sql_query("DROP TABLE IF EXISTS bench_buyers").execute(pg)?;
    diesel::sql_query(
        "CREATE TEMPORARY TABLE bench_buyers AS SELECT row_number() OVER (ORDER BY id) AS rn, id, account_id \
         FROM contacts WHERE org_id = $1 AND account_id IS NOT NULL",
    )
    .bind::<Binary, _>(bytes(&org))
    .execute(pg)?;
    diesel::sql_query("ALTER TABLE bench_buyers ADD PRIMARY KEY (rn)").execute(pg)?;
    let n = diesel::sql_query("SELECT count(*) AS n FROM bench_buyers")
        .get_result::<Count>(pg)?
        .n;
    if n == 0 {
        return Err(Error::Other("no contacts with accounts to sell to".into()));
    }
    Ok(n)
}

fn postgres(conn: &mut AnyConnection) -> Result<&mut diesel::PgConnection> {
    match conn {
        AnyConnection::Postgresql(pg) => Ok(pg),
        AnyConnection::Sqlite(_) => Err(Error::Other(
            "synthetic data is generated on PostgreSQL only".into(),
        )),
    }
}

/// Inserts `deals` deals spread over `stages`, `owners` and the contacts' accounts, closing
/// from a year ago to a year ahead, each with the stage change that created it.
pub fn generate_deals(
    conn: &mut AnyConnection,
    org: OrgId,
    stages: &[StageSpec],
    owners: &[UserId],
    deals: u64,
    now: DateTime<Utc>,
) -> Result<()> {
    let pg = postgres(conn)?;
    let buyers = number_contacts(pg, org)?;
    let base = (now.timestamp_millis() << 16) + (3 << 40);
    let stage_ids: Vec<Vec<u8>> = stages.iter().map(|s| bytes(&s.0)).collect();
    let pipelines: Vec<Vec<u8>> = stages.iter().map(|s| bytes(&s.1)).collect();
    let probabilities: Vec<i32> = stages.iter().map(|s| s.2).collect();
    let kinds: Vec<String> = stages.iter().map(|s| s.3.to_owned()).collect();
    let owners: Vec<Vec<u8>> = owners.iter().map(bytes).collect();
    let mut done = 0;
    while done < deals {
        let upto = (done + BATCH).min(deals);
        diesel::sql_query(DEALS_SQL)
            .bind::<Binary, _>(bytes(&org))
            .bind::<BigInt, _>(base)
            .bind::<BigInt, _>(done as i64 + 1)
            .bind::<BigInt, _>(upto as i64)
            .bind::<BigInt, _>(buyers)
            .bind::<Array<Binary>, _>(&stage_ids)
            .bind::<Array<Binary>, _>(&pipelines)
            .bind::<Array<Integer>, _>(&probabilities)
            .bind::<Array<Text>, _>(&kinds)
            .bind::<Array<Binary>, _>(&owners)
            .bind::<Timestamp, _>(to_db(now))
            .execute(pg)?;
        done = upto;
    }
    diesel::sql_query(
        "INSERT INTO opportunity_stage_changes (org_id, opportunity_id, seq, changed_at, changed_by, to_stage_id) \
         SELECT org_id, id, 1, created_at, owner_id, stage_id FROM opportunities WHERE org_id = $1 \
         ON CONFLICT DO NOTHING",
    )
    .bind::<Binary, _>(bytes(&org))
    .execute(pg)?;
    crate::opportunities::totals::fold(conn)?;
    super::settle(
        conn,
        &[
            "opportunities",
            "opportunity_stage_changes",
            "opportunity_totals",
            "opportunity_total_changes",
        ],
    )
}

const DEALS_SQL: &str = r#"
WITH rows AS (
    SELECT g, abs(hashint8(g)::bigint) AS h FROM generate_series($3::bigint, $4::bigint) g
), picked AS (
    SELECT g, h, b.account_id, b.id AS contact_id,
           1 + (h / 7) % array_length($6::bytea[], 1) AS s,
           1 + (h / 101) % array_length($10::bytea[], 1) AS o,
           (5 + (h / 13) % 200) * 100000 AS amount,
           $11::timestamp - make_interval(secs => (g % 31536000)::double precision) AS created
    FROM rows JOIN bench_buyers b ON b.rn = 1 + rows.h % $5
)
INSERT INTO opportunities (org_id, id, name, name_key, account_id, pipeline_id, stage_id, status, probability,
                           amount_minor, currency, amount_base_minor, close_date, owner_id, primary_contact_id,
                           competitors, closed_at, stage_entered_at, search_text, created_at, updated_at, version)
SELECT $1, int8send($2 + g) || int8send(g * 2654435761), 'Deal ' || g, 'deal ' || g, account_id,
       ($7::bytea[])[s], ($6::bytea[])[s], ($9::text[])[s], ($8::int[])[s], amount, 'EUR', amount,
       to_char($11::date + ((h / 17) % 730 - 365)::int, 'YYYY-MM-DD'), ($10::bytea[])[o], contact_id, '[]',
       CASE WHEN ($9::text[])[s] <> 'open' THEN created END, created, 'deal ' || g, created, created, 1
FROM picked"#;

/// Inserts `activities` calls, emails, tasks and meetings on the contacts (and so their
/// accounts), assigned to `owners`, over the last two years and the next two months.
pub fn generate_activities(
    conn: &mut AnyConnection,
    org: OrgId,
    owners: &[UserId],
    activities: u64,
    now: DateTime<Utc>,
) -> Result<()> {
    let pg = postgres(conn)?;
    let buyers = number_contacts(pg, org)?;
    let base = (now.timestamp_millis() << 16) + (4 << 40);
    let owners: Vec<Vec<u8>> = owners.iter().map(bytes).collect();
    let mut done = 0;
    while done < activities {
        let upto = (done + BATCH).min(activities);
        diesel::sql_query(ACTIVITIES_SQL)
            .bind::<Binary, _>(bytes(&org))
            .bind::<BigInt, _>(base)
            .bind::<BigInt, _>(done as i64 + 1)
            .bind::<BigInt, _>(upto as i64)
            .bind::<BigInt, _>(buyers)
            .bind::<Array<Binary>, _>(&owners)
            .bind::<Timestamp, _>(to_db(now))
            .execute(pg)?;
        done = upto;
    }
    super::settle(conn, &["activities"])
}

const ACTIVITIES_SQL: &str = r#"
WITH rows AS (
    SELECT g, abs(hashint8(g)::bigint) AS h FROM generate_series($3::bigint, $4::bigint) g
), picked AS (
    SELECT g, h, b.account_id, b.id AS contact_id, k.kind,
           1 + (h / 101) % array_length($6::bytea[], 1) AS o,
           $7::timestamp - make_interval(mins => ((h / 11) % 1051200)::int)
               + CASE WHEN k.kind IN ('task', 'meeting') THEN interval '60 days' ELSE interval '0' END AS at
    FROM rows JOIN bench_buyers b ON b.rn = 1 + rows.h % $5,
         LATERAL (SELECT (ARRAY['call', 'email', 'task', 'meeting'])[1 + (rows.h / 7) % 4] AS kind) k
)
INSERT INTO activities (org_id, id, kind, subject, contact_id, rollup_account_id, assignee_id, status, priority,
                        due_at, direction, occurred_at, duration_seconds, outcome, starts_at, ends_at, placed_at,
                        completed_at, created_by, created_at, updated_at, version)
SELECT $1, int8send($2 + g) || int8send(g * 2654435761), kind, initcap(kind) || ' ' || g, contact_id, account_id,
       ($6::bytea[])[o], CASE WHEN kind IN ('call', 'email') OR at < $7 THEN 'done' ELSE 'open' END,
       CASE WHEN kind = 'task' THEN 'normal' END, CASE WHEN kind = 'task' THEN at END,
       CASE WHEN kind IN ('call', 'email') THEN 'outbound' END, CASE WHEN kind IN ('call', 'email') THEN at END,
       CASE WHEN kind = 'call' THEN 60 + h % 1800 END, CASE WHEN kind = 'call' THEN 'connected' END,
       CASE WHEN kind = 'meeting' THEN at END, CASE WHEN kind = 'meeting' THEN at + interval '1 hour' END,
       at, CASE WHEN kind IN ('call', 'email') OR at < $7 THEN at END, ($6::bytea[])[o],
       least(at, $7), least(at, $7), 1
FROM picked"#;
