//! What customers do to their own tickets in the portal besides replying: mark one solved,
//! reopen a solved one within the reopen window, and rate one once it is solved. Each runs in
//! one transaction under the ticket's lock, with the timeline entry and, for a rating, the
//! assignee told.

use chrono::{DateTime, Utc};
use db::notifications::About;
use db::record;
use db::AnyConnection;
use domain::portal::Rating;
use domain::ticket::{Status, Ticket, TicketFields};
use domain::{ContactId, TicketId};
use serde_json::json;

use super::tickets::{changes, check_move, follow_up, WithClocks};
use super::{clocks, Actor, Rules};
use crate::error::ApiError;

/// Whether a ticket may move from its status (a 409 saying why not).
pub type FromStatus = fn(Status) -> Result<(), ApiError>;

/// Moves the customer's ticket to `status`, if `from` allows a move from its status as it is
/// under the lock, and as the status machine allows: solved (their problem is solved) or open
/// again (within the reopen window). The customer acted, so the timeline names no staff
/// user; a solved ticket is scheduled to close as any other.
pub fn set_status(
    conn: &mut AnyConnection,
    p: Actor,
    id: TicketId,
    (status, from): (Status, FromStatus),
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<WithClocks, ApiError> {
    record::in_transaction(conn, |conn| {
        let mut before = None;
        let mut ticket = record::modify::<Ticket, ApiError>(conn, p.org, id, now, |current| {
            if current.merged_into_id.is_some() {
                return Err(ApiError::Conflict("ticket_merged"));
            }
            from(current.fields.status)?;
            check_move(current, status, now, rules)?;
            before = Some(current.fields.clone());
            Ok(TicketFields {
                status,
                ..current.fields.clone()
            })
        })?;
        if let Some(before) = &before {
            let entries = changes(before, &ticket.fields);
            db::tickets::events::append(conn, p.org, id, now, None, &entries)?;
        }
        let clocks = clocks::refresh(conn, p.org, &mut ticket, now)?;
        follow_up(conn, p, before.as_ref(), &ticket, now, rules)?;
        Ok((ticket, clocks))
    })
}

/// Records `by`'s rating of ticket `id`, which must be solved or closed (409 `not_solved`),
/// not merged into another (409 `ticket_merged`: rate that one) and not rated before (409
/// `already_rated`); the assignee is told.
pub fn rate(
    conn: &mut AnyConnection,
    p: Actor,
    (id, by): (TicketId, ContactId),
    rating: &Rating,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    record::in_transaction(conn, |conn| {
        record::lock::<Ticket>(conn, p.org, id)?;
        let ticket: Ticket = record::get(conn, p.org, id, record::Visibility::Live)?;
        if ticket.merged_into_id.is_some() {
            return Err(ApiError::Conflict("ticket_merged"));
        }
        if !matches!(ticket.fields.status, Status::Solved | Status::Closed) {
            return Err(ApiError::Conflict("not_solved"));
        }
        db::tickets::ratings::add(conn, p.org, id, (rating, by), now)?;
        let entry = json!({"score": rating.score, "comment": rating.comment}).to_string();
        db::tickets::events::append(conn, p.org, id, now, None, &[("rated", entry)])?;
        if let Some(assignee) = ticket.fields.assignee_id {
            let text = format!(
                "The customer rated #{} {} {} of 5",
                ticket.number, ticket.fields.subject, rating.score
            );
            db::notifications::notify(
                conn,
                p.org,
                assignee,
                "ticket_rated",
                About::Ticket(ticket.id),
                &text,
                now,
            )?;
        }
        Ok(())
    })
}
