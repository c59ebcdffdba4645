//! Tickets that belong together. Agents link related tickets (a row for each end); follow-ups
//! and merges are kept on the tickets themselves and read back from both ends here.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::ticket::{LinkKind, Status, Ticket};
use domain::{OrgId, TicketId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id, opt_id, to_db};
use crate::error::Result;
use crate::schema::{ticket_links as links, tickets};
use crate::sql::{Sql, Value};

/// A ticket linked to another, as seen from that other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// How it relates.
    pub kind: LinkKind,
    /// The linked ticket.
    pub id: TicketId,
    /// Its number.
    pub number: i64,
    /// Its subject.
    pub subject: String,
    /// Its status.
    pub status: Status,
}

/// Links `a` and `b` as related; whether they were not already.
pub fn link(
    conn: &mut AnyConnection,
    org: OrgId,
    a: TicketId,
    b: TicketId,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<bool> {
    let row = |from: TicketId, to: TicketId| {
        [
            Value::Bytes(bytes(&org)),
            Value::Bytes(bytes(&from)),
            Value::Bytes(bytes(&to)),
            Value::Time(Some(to_db(now))),
            Value::Bytes(bytes(&by)),
        ]
    };
    let added = Sql::new(
        "INSERT INTO ticket_links (org_id, ticket_id, linked_id, created_at, created_by) VALUES (",
    )
    .values(row(a, b))
    .push("), (")
    .values(row(b, a))
    .push(") ON CONFLICT (org_id, ticket_id, linked_id) DO NOTHING")
    .execute(conn)?;
    Ok(added > 0)
}

/// Unlinks related tickets `a` and `b`; whether they were linked.
pub fn unlink(conn: &mut AnyConnection, org: OrgId, a: TicketId, b: TicketId) -> Result<bool> {
    let pair = |from: TicketId, to: TicketId| {
        links::ticket_id
            .eq(bytes(&from))
            .and(links::linked_id.eq(bytes(&to)))
    };
    let removed = diesel::delete(
        links::table
            .filter(links::org_id.eq(bytes(&org)))
            .filter(pair(a, b).or(pair(b, a))),
    )
    .execute(conn)?;
    Ok(removed > 0)
}

/// How many tickets are linked to `ticket` as related.
pub fn related_count(conn: &mut AnyConnection, org: OrgId, ticket: TicketId) -> Result<i64> {
    Ok(links::table
        .filter(links::org_id.eq(bytes(&org)))
        .filter(links::ticket_id.eq(bytes(&ticket)))
        .count()
        .get_result(conn)?)
}

/// The live tickets linked to `ticket` in any way, by number.
pub fn linked(conn: &mut AnyConnection, org: OrgId, ticket: &Ticket) -> Result<Vec<Linked>> {
    let own = bytes(&ticket.id);
    let ends: Vec<Vec<u8>> = [ticket.follow_up_of_id, ticket.merged_into_id]
        .iter()
        .flatten()
        .map(bytes)
        .collect();
    let related = links::table
        .filter(links::org_id.eq(bytes(&org)))
        .filter(links::ticket_id.eq(own.clone()))
        .select(links::linked_id);
    type Row = (
        Vec<u8>,
        i64,
        String,
        String,
        Option<Vec<u8>>,
        Option<Vec<u8>>,
    );
    let rows: Vec<Row> = tickets::table
        .filter(tickets::org_id.eq(bytes(&org)))
        .filter(tickets::deleted_at.is_null())
        .filter(
            tickets::id
                .eq_any(related)
                .or(tickets::id.eq_any(ends))
                .or(tickets::follow_up_of_id.eq(own.clone()))
                .or(tickets::merged_into_id.eq(own)),
        )
        .order(tickets::number.asc())
        .select((
            tickets::id,
            tickets::number,
            tickets::subject,
            tickets::status,
            tickets::follow_up_of_id,
            tickets::merged_into_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(other, number, subject, status, follow_up_of, merged_into)| {
                let other: TicketId = id(&other);
                let kind = if Some(other) == ticket.follow_up_of_id {
                    LinkKind::FollowUpOf
                } else if Some(other) == ticket.merged_into_id {
                    LinkKind::MergedInto
                } else if opt_id(follow_up_of.as_ref()) == Some(ticket.id) {
                    LinkKind::FollowedUpBy
                } else if opt_id(merged_into.as_ref()) == Some(ticket.id) {
                    LinkKind::MergedFrom
                } else {
                    LinkKind::Related
                };
                Linked {
                    kind,
                    id: other,
                    number,
                    subject,
                    status: super::parsed(&status, Status::parse, Status::Open),
                }
            },
        )
        .collect())
}
