//! A ticket's timeline: what happened to it, in order, each entry numbered within the ticket.
//! The SLA clocks are replayed from it.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{OrgId, TicketId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, opt_id, to_db};
use crate::error::Result;
use crate::schema::ticket_events as events;
use crate::sql::{Sql, Value};

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// Its place in the ticket's timeline, from 1.
    pub seq: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// What happened, e.g. `status_changed`.
    pub kind: String,
    /// The staff user who did it, if one did.
    pub actor_id: Option<UserId>,
    /// The details, a JSON object.
    pub data: String,
}

/// A stored entry: seq, at, kind, actor and data.
type EventRow = (i64, NaiveDateTime, String, Option<Vec<u8>>, String);

/// Appends entries to the timeline in one statement, numbered after the ticket's last entry
/// (the caller holds the ticket's lock, or has just created it, which orders them).
pub fn append(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    at: DateTime<Utc>,
    actor: Option<UserId>,
    entries: &[(&str, String)],
) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let (org_id, ticket_id) = (Value::Bytes(bytes(&org)), Value::Bytes(bytes(&ticket)));
    // `VALUES` names its columns column1, column2… on both databases.
    let mut sql = Sql::new(
        "INSERT INTO ticket_events (org_id, ticket_id, seq, at, kind, actor_id, data) SELECT ",
    )
    .values([org_id.clone(), ticket_id.clone()])
    .push(", (SELECT COALESCE(MAX(seq), 0) FROM ticket_events WHERE org_id = ")
    .value(org_id)
    .push(" AND ticket_id = ")
    .value(ticket_id)
    .push(") + v.column1, ")
    .value(Value::Time(Some(to_db(at))))
    .push(", v.column2, ")
    .value(Value::OptionalBytes(actor.as_ref().map(bytes)))
    .push(", v.column3 FROM (VALUES ");
    for (i, (kind, data)) in entries.iter().enumerate() {
        sql = sql
            .push(if i == 0 { "(" } else { ", (" })
            .values([
                Value::Int(i as i64 + 1),
                Value::Text((*kind).to_owned()),
                Value::Text(data.clone()),
            ])
            .push(")");
    }
    let kinds: Vec<&str> = entries.iter().map(|(kind, _)| *kind).collect();
    let write = sql.push(") AS v");
    crate::live::announcing(conn, write, (org, ticket), at, actor, &kinds)?.execute(conn)?;
    Ok(())
}

/// The whole timeline of a ticket, in order.
pub fn timeline(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
) -> Result<Vec<TimelineEntry>> {
    let rows: Vec<EventRow> = events::table
        .filter(events::org_id.eq(bytes(&org)))
        .filter(events::ticket_id.eq(bytes(&ticket)))
        .order(events::seq.asc())
        .select((
            events::seq,
            events::at,
            events::kind,
            events::actor_id,
            events::data,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(seq, at, kind, actor, data)| TimelineEntry {
            seq,
            at: from_db(at),
            kind,
            actor_id: opt_id(actor.as_ref()),
            data,
        })
        .collect())
}
