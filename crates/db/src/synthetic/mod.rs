//! Large synthetic data sets for benchmarks, generated inside PostgreSQL.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary, Timestamp};
use domain::{OrgId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, to_db};
use crate::error::{Error, Result};

mod sales;

pub use sales::{generate_activities, generate_deals, StageSpec};

const BATCH: u64 = 50_000;

/// Inserts `accounts` accounts and `contacts` contacts (spread over the accounts) owned by
/// `owner`. Ids are 16 bytes, ordered by creation like real ones.
pub fn generate(
    conn: &mut AnyConnection,
    org: OrgId,
    owner: UserId,
    accounts: u64,
    contacts: u64,
    now: DateTime<Utc>,
) -> Result<()> {
    let AnyConnection::Postgresql(pg) = conn else {
        return Err(Error::Other(
            "synthetic data is generated on PostgreSQL only".into(),
        ));
    };
    // Two disjoint id ranges: the high 8 bytes count up, the low 8 bytes scatter.
    let base = now.timestamp_millis() << 16;
    let mut done = 0;
    while done < accounts {
        let upto = (done + BATCH).min(accounts);
        diesel::sql_query(ACCOUNTS_SQL)
            .bind::<Binary, _>(bytes(&org))
            .bind::<BigInt, _>(base)
            .bind::<BigInt, _>(done as i64 + 1)
            .bind::<BigInt, _>(upto as i64)
            .bind::<Binary, _>(bytes(&owner))
            .bind::<Timestamp, _>(to_db(now))
            .execute(pg)?;
        done = upto;
    }
    let mut done = 0;
    while done < contacts && accounts > 0 {
        let upto = (done + BATCH).min(contacts);
        diesel::sql_query(CONTACTS_SQL)
            .bind::<Binary, _>(bytes(&org))
            .bind::<BigInt, _>(base + (1 << 40))
            .bind::<BigInt, _>(done as i64 + 1)
            .bind::<BigInt, _>(upto as i64)
            .bind::<Binary, _>(bytes(&owner))
            .bind::<Timestamp, _>(to_db(now))
            .bind::<BigInt, _>(base)
            .bind::<BigInt, _>(accounts as i64)
            .execute(pg)?;
        done = upto;
    }
    // Search terms, as `domain::text::search_terms` makes them for a record's search text.
    for (terms, table, owner) in [
        ("account_terms", "accounts", "account_id"),
        ("contact_terms", "contacts", "contact_id"),
    ] {
        diesel::sql_query(format!(
            "INSERT INTO {terms} (org_id, term, {owner}) \
             SELECT r.org_id, t.term, r.id FROM {table} r, LATERAL ( \
                 SELECT DISTINCT left(w, n) AS term \
                 FROM unnest(string_to_array(r.search_text, ' ')) AS w, \
                      generate_series(1, least(length(w), 20)) AS n WHERE w <> '') t \
             WHERE r.org_id = $1 ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING"
        ))
        .bind::<Binary, _>(bytes(&org))
        .execute(pg)?;
    }
    // Phone numbers in E.164, as `domain::phone::e164` makes them of the numbers written
    // above (`+49 30 …`).
    for sql in [
        "INSERT INTO account_phones (org_id, account_id, number) \
         SELECT org_id, id, '+' || regexp_replace(phone, '[^0-9]', '', 'g') FROM accounts \
         WHERE org_id = $1 AND phone IS NOT NULL ON CONFLICT DO NOTHING",
        "INSERT INTO contact_phones (org_id, contact_id, number) \
         SELECT org_id, id, '+' || regexp_replace(phones::json->0->>'number', '[^0-9]', '', 'g') \
         FROM contacts WHERE org_id = $1 AND phones <> '[]' ON CONFLICT DO NOTHING",
    ] {
        diesel::sql_query(sql)
            .bind::<Binary, _>(bytes(&org))
            .execute(pg)?;
    }
    settle(
        conn,
        &[
            "accounts",
            "contacts",
            "account_terms",
            "contact_terms",
            "account_phones",
            "contact_phones",
        ],
    )
}

/// What autovacuum does after a load, done at once: statistics (see [`analyze`]), and on
/// PostgreSQL the visibility map that index-only scans rely on.
pub fn settle(conn: &mut AnyConnection, tables: &[&str]) -> Result<()> {
    for table in tables {
        let statement = match conn {
            AnyConnection::Postgresql(_) => format!("VACUUM (ANALYZE) {table}"),
            AnyConnection::Sqlite(_) => format!("ANALYZE {table}"),
        };
        diesel::sql_query(statement).execute(conn)?;
    }
    Ok(())
}

/// Fresh statistics for tables that are growing, so that the planner stops taking them for
/// the empty tables it last saw (its plans for foreign-key checks included). Cheaper than
/// [`settle`], which also reads every index.
pub fn analyze(conn: &mut AnyConnection, tables: &[&str]) -> Result<()> {
    for table in tables {
        diesel::sql_query(format!("ANALYZE {table}")).execute(conn)?;
    }
    Ok(())
}

const ACCOUNTS_SQL: &str = r#"
WITH words AS (
    SELECT ARRAY['Acme','Globex','Initech','Umbrella','Stark','Wayne','Wonka','Tyrell','Cyberdyne','Hooli',
                 'Vandelay','Summit','Pioneer','Atlas','Nimbus','Vertex','Quantum','Granite','Harbor','Falcon'] AS w,
           ARRAY['Industries','Logistics','Systems','Foods','Analytics','Labs','Health','Energy','Robotics','Media'] AS k
), rows AS (
    SELECT g, h, w[1 + h % 20] || ' ' || k[1 + (h / 20) % 10] || ' ' || (h / 200) % 100000 AS name
    FROM generate_series($3::bigint, $4::bigint) g, words, LATERAL (SELECT abs(hashint8(g)::bigint) AS h) hashed
)
INSERT INTO accounts (org_id, id, name, name_key, domain, account_type, industry, tier, owner_id, city, country, phone,
                      search_text, created_at, updated_at, version)
SELECT $1, int8send($2 + g) || int8send(g * 2654435761), name, lower(name), 'a' || g || '.example',
       (ARRAY['customer','prospect','partner'])[1 + (h / 7) % 3],
       (ARRAY['Manufacturing','Retail','Healthcare','Finance','Software','Logistics'])[1 + (h / 31) % 6],
       (ARRAY['platinum','gold','silver','bronze'])[1 + (h / 997) % 4], $5,
       (ARRAY['Berlin','Paris','London','Austin','Madrid'])[1 + (h / 13) % 5], (ARRAY['DE','FR','GB','US','ES'])[1 + (h / 13) % 5],
       '+49 30 ' || (1000000 + g),
       lower(name) || ' a' || g || ' example 4930' || (1000000 + g),
       $6 - make_interval(secs => g), $6 - make_interval(secs => g), 1
FROM rows"#;

const CONTACTS_SQL: &str = r#"
WITH words AS (
    SELECT ARRAY['Ada','Grace','Alan','Linus','Margaret','Dennis','Barbara','Ken','Frances','Edsger','Hedy','Tim'] AS f,
           ARRAY['Lovelace','Hopper','Turing','Torvalds','Hamilton','Ritchie','Liskov','Thompson','Allen','Dijkstra',
                 'Lamarr','Knuth','Wirth','Lamport','Perlman','Easley'] AS l
), rows AS (
    SELECT g, f[1 + h % 12] AS first_name, l[1 + (h / 12) % 16] || (h / 192) % 1000 AS last_name, 1 + (h / 7) % $8 AS account
    FROM generate_series($3::bigint, $4::bigint) g, words, LATERAL (SELECT abs(hashint8(g)::bigint) AS h) hashed
)
INSERT INTO contacts (org_id, id, account_id, first_name, last_name, name_key, email, email_normalized, phones, title,
                      owner_id, preferred_channel, search_text, created_at, updated_at, version)
SELECT $1, int8send($2 + g) || int8send(g * 2654435761), int8send($7 + account) || int8send(account * 2654435761),
       first_name, last_name, lower(last_name || ' ' || first_name),
       lower(first_name) || '.' || lower(last_name) || '@a' || account || '.example',
       lower(first_name) || '.' || lower(last_name) || '@a' || account || '.example',
       '[{"kind":"work","number":"+49 30 ' || (2000000 + g) || '"}]', 'Buyer', $5, 'email',
       lower(first_name || ' ' || last_name) || ' ' || lower(first_name) || ' ' || lower(last_name) || ' a' || account || ' example 4930' || (2000000 + g),
       $6 - make_interval(secs => g), $6 - make_interval(secs => g), 1
FROM rows"#;

/// Inserts `tickets` tickets for the organization's synthetic contacts (made by [`generate`]):
/// the oldest 60% closed, the rest solved, pending, on hold, open or new, with SLA deadlines
/// around `now` under `policy`, assigned to one of `agents` or waiting, each with its
/// timeline (created, then its status) and the requester's first message.
pub fn generate_tickets(
    conn: &mut AnyConnection,
    org: OrgId,
    agents: &[UserId],
    policy: domain::SlaPolicyId,
    tickets: u64,
    now: DateTime<Utc>,
) -> Result<()> {
    use diesel::sql_types::{Array, Nullable};
    let AnyConnection::Postgresql(pg) = conn else {
        return Err(Error::Other(
            "synthetic data is generated on PostgreSQL only".into(),
        ));
    };
    diesel::sql_query(
        "CREATE TEMPORARY TABLE bench_contacts AS \
         SELECT row_number() OVER (ORDER BY id) AS rn, id, account_id FROM contacts WHERE org_id = $1",
    )
    .bind::<Binary, _>(bytes(&org))
    .execute(pg)?;
    diesel::sql_query("ALTER TABLE bench_contacts ADD PRIMARY KEY (rn)").execute(pg)?;
    let contacts: i64 = diesel::sql_query("SELECT count(*) AS n FROM bench_contacts")
        .get_result::<Count>(pg)?
        .n;
    if contacts == 0 {
        return Err(Error::Other("no contacts to ask with".into()));
    }
    let base = (now.timestamp_millis() << 16) + (2 << 40);
    let agents: Vec<Vec<u8>> = agents.iter().map(bytes).collect();
    let mut done = 0;
    while done < tickets {
        let upto = (done + BATCH).min(tickets);
        let numbers = (done as i64 + 1, upto as i64);
        diesel::sql_query(TICKETS_SQL)
            .bind::<Binary, _>(bytes(&org))
            .bind::<BigInt, _>(base)
            .bind::<BigInt, _>(numbers.0)
            .bind::<BigInt, _>(numbers.1)
            .bind::<BigInt, _>(tickets as i64)
            .bind::<Timestamp, _>(to_db(now))
            .bind::<BigInt, _>(contacts)
            .bind::<Array<Binary>, _>(&agents)
            .bind::<Nullable<Binary>, _>(Some(bytes(&policy)))
            .execute(pg)?;
        for sql in [EVENTS_SQL, MESSAGES_SQL] {
            diesel::sql_query(sql)
                .bind::<Binary, _>(bytes(&org))
                .bind::<BigInt, _>(numbers.0)
                .bind::<BigInt, _>(numbers.1)
                .execute(pg)?;
        }
        done = upto;
    }
    // Terms as `domain::text::search_terms` (number and subject, every prefix) and
    // `whole_word_terms` (the conversation) make them.
    diesel::sql_query(
        "INSERT INTO ticket_terms (org_id, term, ticket_id) \
         SELECT r.org_id, t.term, r.id FROM tickets r, LATERAL ( \
             SELECT DISTINCT left(w, n) AS term \
             FROM unnest(string_to_array(r.search_text, ' ')) AS w, \
                  generate_series(1, least(length(w), 20)) AS n WHERE w <> '') t \
         WHERE r.org_id = $1 ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING",
    )
    .bind::<Binary, _>(bytes(&org))
    .execute(pg)?;
    diesel::sql_query(
        "INSERT INTO ticket_conversation_terms (org_id, term, ticket_id) \
         SELECT DISTINCT m.org_id, left(w, 20), m.ticket_id FROM ticket_messages m, \
             regexp_split_to_table(lower(m.body), '[^[:alnum:]]+') AS w \
         WHERE m.org_id = $1 AND w <> '' ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING",
    )
    .bind::<Binary, _>(bytes(&org))
    .execute(pg)?;
    diesel::sql_query(
        "INSERT INTO ticket_counters (org_id, last_number) VALUES ($1, $2) \
         ON CONFLICT (org_id) DO UPDATE SET last_number = excluded.last_number",
    )
    .bind::<Binary, _>(bytes(&org))
    .bind::<BigInt, _>(tickets as i64)
    .execute(pg)?;
    diesel::sql_query("DROP TABLE bench_contacts").execute(pg)?;
    settle(
        conn,
        &[
            "tickets",
            "ticket_terms",
            "ticket_conversation_terms",
            "ticket_events",
            "ticket_messages",
        ],
    )
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

const TICKETS_SQL: &str = r#"
WITH words AS (
    SELECT ARRAY['Printer','Invoice','Login','Refund','Laptop','Password','Shipment','Upgrade','Outage','Export',
                 'Renewal','Access'] AS what,
           ARRAY['broken','missing','failing','slow','charged twice','locked','delayed','not arriving','stuck',
                 'wrong'] AS how
), rows AS (
    SELECT g, h, what[1 + h % 12] || ' ' || how[1 + (h / 12) % 10] AS subject,
           $6 - make_interval(secs => ($5 - g) * 30) AS created,
           CASE WHEN g <= $5 * 6 / 10 THEN 'closed'
                ELSE (ARRAY['solved','solved','pending','pending','on_hold','open','open','open','new','new'])[1 + (h / 131) % 10]
           END AS status,
           (ARRAY['low','normal','normal','normal','high','urgent'])[1 + (h / 7) % 6] AS priority,
           1 + (h / 17) % array_length($8::bytea[], 1) AS agent
    FROM generate_series($3::bigint, $4::bigint) g, words, LATERAL (SELECT abs(hashint8(g)::bigint) AS h) hashed
), timed AS (
    SELECT rows.*, status IN ('new','open','pending','on_hold') AS live,
           $6 + make_interval(mins => ((h / 3) % 20000)::int - 2000) AS due
    FROM rows
)
INSERT INTO tickets (org_id, id, number, subject, description, requester_id, account_id, channel, priority,
                     priority_rank, ticket_type, category, status, assignee_id, tags, search_text, sla_policy_id,
                     sla_due_at, sla_warn_at, sla_next_at, first_responded_at, solved_at, closed_at,
                     created_at, updated_at, version, language)
SELECT $1, int8send($2 + g) || int8send(g * 2654435761), g, subject,
       'Since this morning: ' || lower(subject) || '. Order ' || (100000 + h % 900000) || ', please help.',
       c.id, c.account_id,
       (ARRAY['email','email','web','phone','portal','chat'])[1 + (h / 5) % 6], priority,
       CASE priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2 WHEN 'high' THEN 3 ELSE 4 END,
       (ARRAY['question','incident','problem','task'])[1 + (h / 11) % 4],
       (ARRAY['billing','hardware','access','shipping'])[1 + (h / 13) % 4], status,
       CASE WHEN status = 'new' AND h % 2 = 0 THEN NULL ELSE $8[agent] END, '[]',
       g || ' ' || lower(subject), $9,
       CASE WHEN live THEN due ELSE '9999-12-31'::timestamp END,
       CASE WHEN live THEN due - interval '30 minutes' END,
       CASE WHEN live AND due - interval '30 minutes' > $6 THEN due - interval '30 minutes'
            WHEN live AND due > $6 THEN due END,
       CASE WHEN status <> 'new' THEN created + interval '1 hour' END,
       CASE WHEN status IN ('solved','closed') THEN created + interval '1 day' END,
       CASE WHEN status = 'closed' THEN created + interval '5 days' END,
       created, created + interval '1 hour', 1, (ARRAY['en','en','en','de'])[1 + (h / 19) % 4]
FROM timed JOIN bench_contacts c ON c.rn = 1 + timed.h % $7"#;

const EVENTS_SQL: &str = r#"
INSERT INTO ticket_events (org_id, ticket_id, seq, at, kind, actor_id, data)
SELECT org_id, id, 1, created_at, 'created', NULL::bytea,
       '{"priority":"' || priority || '","status":"new","policy_id":null,"follow_up_of":null}'
FROM tickets WHERE org_id = $1 AND number BETWEEN $2 AND $3
UNION ALL
SELECT org_id, id, 2, created_at + interval '1 hour', 'status_changed', NULL::bytea,
       '{"from":"new","to":"' || status || '"}'
FROM tickets WHERE org_id = $1 AND number BETWEEN $2 AND $3 AND status <> 'new'"#;

const MESSAGES_SQL: &str = r#"
INSERT INTO ticket_messages (org_id, id, ticket_id, public, author_user_id, author_contact_id, body, created_at)
SELECT org_id, substring(id FROM 1 FOR 8) || int8send(number), id, true, NULL, requester_id,
       'Hello, ' || description || ' Thanks.', created_at + interval '2 hours'
FROM tickets WHERE org_id = $1 AND number BETWEEN $2 AND $3"#;
