//! Redaction: an admin blanks a message's text for good (a password or a card number a
//! customer wrote). Who did it and when stay on the message and on the ticket's timeline.

use chrono::{DateTime, Utc};
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::ticket::{Message, Ticket};
use domain::{MessageId, TicketId};
use serde_json::json;

use crate::auth::Principal;
use crate::error::ApiError;

/// Redacts `message` of `ticket` (a deleted ticket's too): its text and its attachments; a
/// message redacted before stays as it was. Answers the message as it is now, and the
/// attachment content to release once this has committed.
pub fn redact(
    conn: &mut AnyConnection,
    p: &Principal,
    ticket: TicketId,
    message: MessageId,
    now: DateTime<Utc>,
) -> Result<(Message, Vec<String>), ApiError> {
    record::in_transaction(conn, |conn| {
        // Locked: its timeline is written.
        record::lock::<Ticket>(conn, p.org, ticket)?;
        let found: Message = record::get(conn, p.org, message, Visibility::Any)?;
        if found.ticket_id != ticket {
            return Err(ApiError::NotFound);
        }
        let released = db::tickets::messages::redact(conn, p.org, message, p.user, now)?;
        if released.is_some() {
            let entry = (
                "redacted",
                json!({"message_id": message.to_string()}).to_string(),
            );
            db::tickets::events::append(conn, p.org, ticket, now, Some(p.user), &[entry])?;
        }
        let now = record::get(conn, p.org, message, Visibility::Any)?;
        Ok((now, released.unwrap_or_default()))
    })
}
