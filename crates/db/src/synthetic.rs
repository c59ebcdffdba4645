//! Large synthetic data sets for benchmarks, generated inside PostgreSQL.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary, Timestamp};
use domain::{OrgId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, to_db};
use crate::error::{Error, Result};

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
    // What autovacuum does after a load: statistics, and the visibility map that index-only
    // scans of the term tables rely on.
    for table in ["accounts", "contacts", "account_terms", "contact_terms"] {
        diesel::sql_query(format!("VACUUM (ANALYZE) {table}")).execute(pg)?;
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
