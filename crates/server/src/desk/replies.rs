//! An agent's reply or internal note, in the transaction that also moves the ticket, writes
//! its timeline and refreshes its clocks.

use chrono::{DateTime, Utc};
use db::record;
use db::AnyConnection;
use domain::outbound::TemplateKind;
use domain::ticket::{self, Author, Message, Status, Ticket, TicketFields};
use domain::{AttachmentId, MessageId, TicketId};
use serde_json::json;

use super::tickets::{changes, check_move, follow_up};
use super::{clocks, Rules};
use crate::auth::Principal;
use crate::error::ApiError;

/// A reply or note as its author wrote it.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// The text.
    pub body: String,
    /// A reply the customer sees, or an internal note.
    pub public: bool,
    /// The status to move the ticket to with it.
    pub status: Option<Status>,
    /// The author's uploads to send with it.
    pub attachments: Vec<AttachmentId>,
}

/// Adds an agent's reply or internal note. A public reply on a new ticket opens it, the first
/// one meets the first-response clock and each meets a running next-response clock; a status
/// given with the message moves the ticket as a change would. A closed ticket takes nothing.
pub fn add_message(
    conn: &mut AnyConnection,
    p: &Principal,
    id: TicketId,
    new: NewMessage,
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<Message, ApiError> {
    record::in_transaction(conn, |conn| {
        let mut message = Message {
            id: MessageId::mint(),
            ticket_id: id,
            public: new.public,
            author: Author::User(p.user),
            body: new.body,
            created_at: now,
            redacted: None,
            attachments: Vec::new(),
            inbound_email_id: None,
        };
        let mut before = None;
        let mut ticket = record::modify::<Ticket, ApiError>(conn, p.org, id, now, |current| {
            if current.fields.status == Status::Closed {
                return Err(ApiError::Conflict("ticket_closed"));
            }
            let status = match new.status {
                Some(status) => status,
                None if new.public => ticket::after_agent_reply(current.fields.status),
                None => current.fields.status,
            };
            check_move(current, status, now, rules)?;
            before = Some(current.fields.clone());
            Ok(TicketFields {
                status,
                ..current.fields.clone()
            })
        })?;
        db::tickets::messages::add(conn, p.org, &message)?;
        let said = (
            if message.public { "replied" } else { "noted" },
            json!({"message_id": message.id.to_string()}).to_string(),
        );
        let mut entries = vec![said];
        if let Some(before) = &before {
            entries.extend(changes(before, &ticket.fields));
        }
        db::tickets::events::append(conn, p.org, id, now, Some(p.user), &entries)?;
        if message.public {
            db::tickets::set_first_response(conn, p.org, id, now)?;
        }
        clocks::refresh(conn, p.org, &mut ticket, now)?;
        follow_up(conn, p.into(), before.as_ref(), &ticket, now, rules)?;
        if !message.public {
            super::mentions::notify_mentioned(conn, p, &ticket, &message.body, now)?;
        }
        super::attach(conn, p.into(), &mut message, &new.attachments)?;
        if message.public {
            let reply = TemplateKind::AgentReply;
            super::tickets::tell_requester(conn, p.org, reply, id, Some(message.id), now)?;
        }
        Ok(message)
    })
}
