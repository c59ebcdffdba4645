//! Related tickets, linked and unlinked by agents. Each end's timeline records it, so both
//! pages follow live.

use chrono::{DateTime, Utc};
use db::record::{self, Visibility};
use db::tickets::links;
use db::AnyConnection;
use domain::ticket::{Ticket, MAX_RELATED};
use domain::{FieldError, TicketId};
use serde_json::json;

use crate::auth::Principal;
use crate::error::ApiError;

/// Both tickets, live and seen by the caller (404 otherwise), `ticket` first.
fn pair(
    conn: &mut AnyConnection,
    p: &Principal,
    ticket: TicketId,
    other: TicketId,
) -> Result<(Ticket, Ticket), ApiError> {
    // Both locked, in id order: their timelines are written, and two links at once queue.
    for id in if ticket < other {
        [ticket, other]
    } else {
        [other, ticket]
    } {
        record::lock::<Ticket>(conn, p.org, id)?;
    }
    let ticket: Ticket = record::get(conn, p.org, ticket, Visibility::Live)?;
    if ticket.id == other {
        return Err(FieldError::new(
            "/linked_id",
            "same_ticket",
            "a ticket cannot be linked to itself",
        )
        .into());
    }
    Ok((ticket, record::get(conn, p.org, other, Visibility::Live)?))
}

/// Writes `kind` on both timelines, each naming the other ticket.
fn record_on_both(
    conn: &mut AnyConnection,
    p: &Principal,
    kind: &'static str,
    (a, b): (&Ticket, &Ticket),
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    for (on, other) in [(a, b), (b, a)] {
        let entry = (
            kind,
            json!({"ticket_id": other.id.to_string(), "number": other.number}).to_string(),
        );
        db::tickets::events::append(conn, p.org, on.id, now, Some(p.user), &[entry])?;
    }
    Ok(())
}

/// Links `ticket` and `other` as related; whether they were not already. Each ticket holds
/// at most [`MAX_RELATED`] related tickets (422 `too_many_links`).
pub fn link(
    conn: &mut AnyConnection,
    p: &Principal,
    ticket: TicketId,
    other: TicketId,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    record::in_transaction(conn, |conn| {
        let (a, b) = pair(conn, p, ticket, other)?;
        if !links::link(conn, p.org, a.id, b.id, p.user, now)? {
            return Ok(false);
        }
        // Counted after the insert, under both locks; too many rolls it back.
        for end in [&a, &b] {
            if links::related_count(conn, p.org, end.id)? > MAX_RELATED {
                return Err(FieldError::new(
                    "/linked_id",
                    "too_many_links",
                    format!("#{} already has {MAX_RELATED} related tickets", end.number),
                )
                .into());
            }
        }
        record_on_both(conn, p, "linked", (&a, &b), now)?;
        Ok(true)
    })
}

/// Unlinks related tickets (404 when they are not linked as related: follow-ups and merges
/// are history and stay).
pub fn unlink(
    conn: &mut AnyConnection,
    p: &Principal,
    ticket: TicketId,
    other: TicketId,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    record::in_transaction(conn, |conn| {
        let (a, b) = pair(conn, p, ticket, other)?;
        if !links::unlink(conn, p.org, a.id, b.id)? {
            return Err(ApiError::NotFound);
        }
        record_on_both(conn, p, "unlinked", (&a, &b), now)
    })
}
