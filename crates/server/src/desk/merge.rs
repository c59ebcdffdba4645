//! Merging a duplicate ticket into the one that goes on: its conversation moves, it closes
//! linked to the other, and its requester is told where the request continues.

use chrono::{DateTime, Utc};
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::ticket::{Author, Message, Status, Ticket, TicketFields};
use domain::{FieldError, MessageId, TicketId};
use serde_json::json;

use super::clocks;
use super::tickets::{status_entry, WithClocks};
use crate::auth::Principal;
use crate::error::ApiError;

/// Merges ticket `from` into ticket `into` in one transaction and answers `into` as it is
/// now. A closed ticket is neither merged nor merged into.
pub fn merge(
    conn: &mut AnyConnection,
    p: &Principal,
    from: TicketId,
    into: TicketId,
    now: DateTime<Utc>,
) -> Result<WithClocks, ApiError> {
    if from == into {
        return Err(FieldError::new(
            "/into_id",
            "same_ticket",
            "a ticket cannot be merged into itself",
        )
        .into());
    }
    record::in_transaction(conn, |conn| {
        // A ticket the caller cannot see is not there (404), whatever it would be merged into.
        record::get::<Ticket>(conn, p.org, from, Visibility::Live)?;
        // Both locked, in id order: two merges of the same pair wait for each other instead of
        // deadlocking.
        for id in if from < into {
            [from, into]
        } else {
            [into, from]
        } {
            match record::lock::<Ticket>(conn, p.org, id) {
                Err(db::Error::NotFound) if id == into => {
                    return Err(db::Error::UnknownReference("into_id").into())
                }
                other => other?,
            };
        }
        let source: Ticket = record::get(conn, p.org, from, Visibility::Live)?;
        let target: Ticket =
            record::get(conn, p.org, into, Visibility::Live).map_err(|e| match e {
                db::Error::NotFound => db::Error::UnknownReference("into_id"),
                other => other,
            })?;
        if source.fields.status == Status::Closed {
            return Err(ApiError::Conflict("ticket_closed"));
        }
        if target.fields.status == Status::Closed {
            return Err(FieldError::new(
                "/into_id",
                "ticket_closed",
                format!("#{} is closed: merge into an open ticket", target.number),
            )
            .into());
        }
        // Another customer's words arrive as internal notes: the target's requester must not
        // read them.
        let same_customer = source.fields.requester_id == target.fields.requester_id;
        let moved = db::tickets::messages::move_all(conn, p.org, from, into, same_customer)?;
        let mut closed = record::modify::<Ticket, ApiError>(conn, p.org, from, now, |current| {
            Ok(TicketFields {
                status: Status::Closed,
                ..current.fields.clone()
            })
        })?;
        db::tickets::set_merged_into(conn, p.org, from, into)?;
        // One matter, one incident: the duplicate gives its incident back.
        db::contracts::usage::give_back(conn, p.org, from, now)?;
        let said = |ticket: TicketId, public: bool, body: String| Message {
            id: MessageId::mint(),
            ticket_id: ticket,
            public,
            author: Author::User(p.user),
            body,
            created_at: now,
            redacted: None,
            attachments: Vec::new(),
            inbound_email_id: None,
        };
        let notice = said(
            from,
            true,
            format!(
                "This request was merged into #{} “{}”, where we carry on with it.",
                target.number, target.fields.subject
            ),
        );
        let kept = if same_customer {
            ""
        } else {
            " (as internal notes: another customer asked)"
        };
        let followed = match moved {
            0 => String::new(),
            1 => format!(" Its one message is here now{kept}, in time order."),
            n => format!(" Its {n} messages are here now{kept}, in time order."),
        };
        let note = said(
            into,
            false,
            format!(
                "#{} “{}” was merged into this ticket. It asked: {}{followed}",
                source.number, source.fields.subject, source.fields.description
            ),
        );
        for message in [&notice, &note] {
            db::tickets::messages::add(conn, p.org, message)?;
        }
        // The description's files go with the note that quotes it.
        db::tickets::attachments::move_description(conn, p.org, from, (into, note.id))?;
        let merged_into = (
            "merged_into",
            json!({"into_id": into.to_string(), "number": target.number}).to_string(),
        );
        let entries = [
            merged_into,
            status_entry(source.fields.status, Status::Closed),
        ];
        db::tickets::events::append(conn, p.org, from, now, Some(p.user), &entries)?;
        let merged = (
            "merged",
            json!({"from_id": from.to_string(), "number": source.number}).to_string(),
        );
        db::tickets::events::append(conn, p.org, into, now, Some(p.user), &[merged])?;
        clocks::refresh(conn, p.org, &mut closed, now)?;
        let mut target = record::modify::<Ticket, ApiError>(conn, p.org, into, now, |current| {
            Ok(current.fields.clone())
        })?;
        let clocks = clocks::refresh(conn, p.org, &mut target, now)?;
        Ok((target, clocks))
    })
}
