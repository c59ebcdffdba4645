//! A ticket's timeline: what happened to it, in order, each entry numbered within the ticket.
//! The SLA clocks are replayed from it.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{OrgId, TicketId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, opt_id, to_db};
use crate::error::Result;
use crate::schema::ticket_events as events;

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

/// Appends entries to the timeline (the caller holds the ticket's lock, which orders them).
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
    let last: Option<i64> = events::table
        .filter(events::org_id.eq(bytes(&org)))
        .filter(events::ticket_id.eq(bytes(&ticket)))
        .select(diesel::dsl::max(events::seq))
        .first(conn)?;
    let first = last.unwrap_or(0) + 1;
    for ((kind, data), seq) in entries.iter().zip(first..) {
        diesel::insert_into(events::table)
            .values((
                events::org_id.eq(bytes(&org)),
                events::ticket_id.eq(bytes(&ticket)),
                events::seq.eq(seq),
                events::at.eq(to_db(at)),
                events::kind.eq(*kind),
                events::actor_id.eq(actor.as_ref().map(bytes)),
                events::data.eq(data.as_str()),
            ))
            .execute(conn)?;
    }
    let kinds: Vec<&str> = entries.iter().map(|(kind, _)| *kind).collect();
    crate::live::announce(conn, org, ticket, at, actor, &kinds)
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
