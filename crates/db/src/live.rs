//! The live feed: every ticket timeline entry and every call event, once it has committed,
//! for the event stream.
//!
//! PostgreSQL carries entries with `NOTIFY`, sent in the transaction that writes them: only
//! committed entries arrive, in commit order, at every server process listening. SQLite has
//! no notifications, so its feed reads new timeline and call-event rows by `rowid`: SQLite
//! runs one writer at a time, so rowids grow in commit order (those rows are never deleted,
//! so none is reused).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary, Nullable, Text, Timestamp};
use domain::{ActivityId, OrgId, TicketId, UserId};
use serde::{Deserialize, Serialize};

use crate::connection::{sqlite_path, AnyConnection, Backend};
use crate::convert::{from_db, id, opt_id};
use crate::error::{Error, Result};
use crate::sql::{Sql, Value};

/// The PostgreSQL notification channel.
const CHANNEL: &str = "rapport_live";

/// How often a listening connection is proven alive.
const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// Rows the SQLite feed reads at most per poll.
const SQLITE_BATCH: i64 = 500;

/// What a change happened to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A ticket: `kind` is its timeline entry's.
    Ticket(TicketId),
    /// A call a telephony provider reported: `kind` is `ringing`, `answered` or `ended`.
    Call(ActivityId),
}

/// Something that happened: one ticket timeline entry, or one call event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The organization.
    pub org: OrgId,
    /// What it happened to.
    pub subject: Subject,
    /// What happened, e.g. `status_changed`.
    pub kind: String,
    /// For a ticket, the staff user who did it, if one did; for a call, the agent it rings
    /// for, if the provider named one.
    pub actor: Option<UserId>,
    /// When.
    pub at: DateTime<Utc>,
}

/// One `NOTIFY` payload: the entries one append wrote.
#[derive(Serialize, Deserialize)]
struct Payload {
    org: OrgId,
    subject: Subject,
    kinds: Vec<String>,
    actor: Option<UserId>,
    at: DateTime<Utc>,
}

fn notify(payload: &Payload) -> Result<Sql> {
    let text = serde_json::to_string(payload).map_err(|e| Error::Other(e.to_string()))?;
    Ok(Sql::new("SELECT pg_notify(")
        .values([Value::Text(CHANNEL.to_owned()), Value::Text(text)])
        .push(")"))
}

/// Announces a call event written in the current transaction (on PostgreSQL; SQLite's feed
/// finds it in `call_events`).
pub(crate) fn announce_call(
    conn: &mut AnyConnection,
    org: OrgId,
    event: &crate::telephony::CallEventRecord,
) -> Result<()> {
    if let AnyConnection::Postgresql(_) = conn {
        notify(&Payload {
            org,
            subject: Subject::Call(event.call),
            kinds: vec![event.kind.as_str().to_owned()],
            actor: event.agent,
            at: event.at,
        })?
        .execute(conn)?;
    }
    Ok(())
}

/// The statement `write` (which appends timeline entries of these `kinds`) made to announce
/// them too, in the same round trip: on PostgreSQL a `NOTIFY` beside it, delivered when the
/// transaction commits; SQLite's feed finds them in the table itself.
pub(crate) fn announcing(
    conn: &AnyConnection,
    write: Sql,
    (org, ticket): (OrgId, TicketId),
    at: DateTime<Utc>,
    actor: Option<UserId>,
    kinds: &[&str],
) -> Result<Sql> {
    let AnyConnection::Postgresql(_) = conn else {
        return Ok(write);
    };
    let payload = Payload {
        org,
        subject: Subject::Ticket(ticket),
        kinds: kinds.iter().map(|k| (*k).to_owned()).collect(),
        actor,
        at,
    };
    Ok(Sql::new("WITH written AS (")
        .append(write)
        .push(") ")
        .append(notify(&payload)?))
}

/// A timeline row as the SQLite feed reads it.
#[derive(QueryableByName)]
struct FeedRow {
    #[diesel(sql_type = BigInt)]
    rowid: i64,
    #[diesel(sql_type = Binary)]
    org_id: Vec<u8>,
    #[diesel(sql_type = Binary)]
    subject_id: Vec<u8>,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<Binary>)]
    actor_id: Option<Vec<u8>>,
    #[diesel(sql_type = Timestamp)]
    at: NaiveDateTime,
}

#[derive(QueryableByName)]
struct LastRow {
    #[diesel(sql_type = BigInt)]
    last: i64,
}

/// A connection of its own that receives committed changes.
pub enum Feed {
    /// Listening on the notification channel.
    Postgres {
        /// The connection.
        conn: diesel::PgConnection,
        /// When the connection was last proven alive.
        checked: std::time::Instant,
    },
    /// Reading timeline and call-event rows after the last ones seen.
    Sqlite {
        /// The connection.
        conn: diesel::SqliteConnection,
        /// The last rowid read of the timeline.
        last: i64,
        /// The last rowid read of the call events.
        last_call: i64,
    },
}

impl Feed {
    /// Opens the feed; it reports what commits from now on.
    pub fn open(url: &str) -> Result<Feed> {
        let unavailable = |e: ConnectionError| Error::Unavailable(e.to_string());
        match Backend::of(url) {
            Backend::Postgres => {
                let mut conn = diesel::PgConnection::establish(url).map_err(unavailable)?;
                conn.batch_execute(&format!("LISTEN {CHANNEL}"))?;
                Ok(Feed::Postgres {
                    conn,
                    checked: std::time::Instant::now(),
                })
            }
            Backend::Sqlite => {
                let mut conn =
                    diesel::SqliteConnection::establish(sqlite_path(url)).map_err(unavailable)?;
                conn.batch_execute("PRAGMA busy_timeout = 5000;")?;
                let mut last_of = |table: &str| {
                    diesel::sql_query(format!(
                        "SELECT COALESCE(MAX(rowid), 0) AS last FROM {table}"
                    ))
                    .get_result::<LastRow>(&mut conn)
                    .map(|r| r.last)
                };
                let (last, last_call) = (last_of("ticket_events")?, last_of("call_events")?);
                Ok(Feed::Sqlite {
                    conn,
                    last,
                    last_call,
                })
            }
        }
    }

    /// What has committed since the last call, oldest first; never waits.
    pub fn poll(&mut self) -> Result<Vec<Change>> {
        match self {
            Feed::Postgres { conn, checked } => {
                // A connection that died without closing (a half-open socket) would only
                // fall silent: ask it something now and then, so its death shows as an error.
                if checked.elapsed() >= CHECK_EVERY {
                    conn.batch_execute("SELECT 1")?;
                    *checked = std::time::Instant::now();
                }
                let mut changes = Vec::new();
                for notification in conn.notifications_iter() {
                    let notification = notification?;
                    // A payload this code did not write is someone else's; skip it.
                    let Ok(p) = serde_json::from_str::<Payload>(&notification.payload) else {
                        continue;
                    };
                    changes.extend(p.kinds.into_iter().map(|kind| Change {
                        org: p.org,
                        subject: p.subject,
                        kind,
                        actor: p.actor,
                        at: p.at,
                    }));
                }
                Ok(changes)
            }
            Feed::Sqlite {
                conn,
                last,
                last_call,
            } => {
                let tickets = sqlite_rows(
                    conn,
                    "SELECT rowid, org_id, ticket_id AS subject_id, kind, actor_id, at \
                     FROM ticket_events WHERE rowid > ? ORDER BY rowid LIMIT ?",
                    last,
                )?;
                let calls = sqlite_rows(
                    conn,
                    "SELECT rowid, org_id, call_id AS subject_id, kind, agent_id AS actor_id, at \
                     FROM call_events WHERE rowid > ? ORDER BY rowid LIMIT ?",
                    last_call,
                )?;
                let change = |r: FeedRow, subject: Subject| Change {
                    org: id(&r.org_id),
                    subject,
                    kind: r.kind,
                    actor: opt_id(r.actor_id.as_ref()),
                    at: from_db(r.at),
                };
                let mut changes: Vec<Change> = tickets
                    .into_iter()
                    .map(|r| {
                        let ticket = Subject::Ticket(id(&r.subject_id));
                        change(r, ticket)
                    })
                    .collect();
                changes.extend(calls.into_iter().map(|r| {
                    let call = Subject::Call(id(&r.subject_id));
                    change(r, call)
                }));
                Ok(changes)
            }
        }
    }
}

/// The rows of `sql` after rowid `last`, moving `last` past them.
fn sqlite_rows(
    conn: &mut diesel::SqliteConnection,
    sql: &str,
    last: &mut i64,
) -> Result<Vec<FeedRow>> {
    let rows: Vec<FeedRow> = diesel::sql_query(sql)
        .bind::<BigInt, _>(*last)
        .bind::<BigInt, _>(SQLITE_BATCH)
        .load(conn)?;
    if let Some(row) = rows.last() {
        *last = row.rowid;
    }
    Ok(rows)
}
