//! The customer's own words, recorded by an integration (an email that arrived, a chat) or by
//! an agent (a call): a reply lands on a ticket still being worked on and brings a waiting or
//! recently solved one back to the agents; on a closed ticket, or one solved longer ago than
//! the reopen window, it opens a follow-up linked to it.

use chrono::{DateTime, Utc};
use db::assets::Asset;
use db::notifications::About;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::account::Account;
use domain::contact::Contact;
use domain::ticket::{
    self, Author, CustomerReply, LinkKind, Message, Status, Ticket, TicketFields,
};
use domain::{AttachmentId, ContactId, MessageId, TicketId};
use serde_json::json;

use super::routing::Ahead;
use super::tickets::{changes, insert};
use super::{clocks, Actor, Rules};
use crate::error::ApiError;

/// Records the requester's reply `body`, with the caller's uploads `attachments`, on ticket
/// `id`; answers the message, which is on the
/// follow-up when the reply opened one.
pub fn reply(
    conn: &mut AnyConnection,
    p: Actor,
    id: TicketId,
    said: (String, Vec<AttachmentId>),
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<Message, ApiError> {
    reply_by(conn, p, (id, None), said, now, rules)
}

/// [`reply`] written by `writer`, a contact other than the requester (a colleague copied on
/// the mail), or by the requester when `None`.
pub fn reply_by(
    conn: &mut AnyConnection,
    p: Actor,
    (id, writer): (TicketId, Option<ContactId>),
    (body, attachments): (String, Vec<AttachmentId>),
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<Message, ApiError> {
    let said = (body, writer);
    record::in_transaction(conn, |conn| {
        let mut current = locked(conn, p, id)?;
        // A duplicate merged away: the request carries on where it was merged into.
        if let Some(into) = current.merged_into_id {
            current = locked(conn, p, into)?;
        }
        let lands = |t: &Ticket| {
            ticket::customer_reply(t.fields.status, t.solved_at, now, rules.reopen_window)
        };
        // A second reply to a closed ticket joins the follow-up the first one opened.
        if lands(&current) == CustomerReply::FollowUp {
            if let Some(follow_up) = open_follow_up_of(conn, p, &current)? {
                current = locked(conn, p, follow_up)?;
            }
        }
        let mut message = match lands(&current) {
            CustomerReply::Lands(status) => land(conn, p, &current, status, said, now),
            CustomerReply::FollowUp => open_follow_up(conn, p, &current, said, now, rules),
        }?;
        super::attach(conn, p, &mut message, &attachments)?;
        Ok(message)
    })
}

/// The live ticket, locked first so that a change at the same moment cannot slip between the
/// decision and the write.
fn locked(conn: &mut AnyConnection, p: Actor, id: TicketId) -> Result<Ticket, ApiError> {
    record::lock::<Ticket>(conn, p.org, id)?;
    Ok(record::get(conn, p.org, id, Visibility::Live)?)
}

/// The latest follow-up of `closed` still being worked on (neither solved nor closed), if any.
fn open_follow_up_of(
    conn: &mut AnyConnection,
    p: Actor,
    closed: &Ticket,
) -> Result<Option<TicketId>, ApiError> {
    Ok(db::tickets::links::linked(conn, p.org, closed)?
        .into_iter()
        .filter(|l| l.kind == LinkKind::FollowedUpBy)
        .filter(|l| !matches!(l.status, Status::Solved | Status::Closed))
        .max_by_key(|l| l.number)
        .map(|l| l.id))
}

/// The message `body` on `ticket`, written by `writer` or else the ticket's requester.
fn said_by(
    ticket: &Ticket,
    (body, writer): (String, Option<ContactId>),
    now: DateTime<Utc>,
) -> Message {
    Message {
        id: MessageId::mint(),
        ticket_id: ticket.id,
        public: true,
        author: Author::Contact(writer.unwrap_or(ticket.fields.requester_id)),
        body,
        created_at: now,
        redacted: None,
        attachments: Vec::new(),
        inbound_email_id: None,
    }
}

fn replied_entry(message: &Message, p: Actor) -> (&'static str, String) {
    (
        "customer_replied",
        json!({"message_id": message.id.to_string(),
               "recorded_by": p.user.map(|u| u.to_string())})
        .to_string(),
    )
}

/// The reply lands on `current`, which moves to `status`; its assignee is told.
fn land(
    conn: &mut AnyConnection,
    p: Actor,
    current: &Ticket,
    status: Status,
    said: (String, Option<ContactId>),
    now: DateTime<Utc>,
) -> Result<Message, ApiError> {
    let message = said_by(current, said, now);
    let mut ticket = record::modify::<Ticket, ApiError>(conn, p.org, current.id, now, |t| {
        Ok(TicketFields {
            status,
            ..t.fields.clone()
        })
    })?;
    db::tickets::messages::add(conn, p.org, &message)?;
    let mut entries = vec![replied_entry(&message, p)];
    entries.extend(changes(&current.fields, &ticket.fields));
    // The customer acted, not the user who recorded it: everyone sees the change arrive.
    db::tickets::events::append(conn, p.org, current.id, now, None, &entries)?;
    clocks::refresh(conn, p.org, &mut ticket, now)?;
    if let Some(assignee) = ticket.fields.assignee_id.filter(|u| Some(*u) != p.user) {
        let text = format!(
            "The customer replied on #{} {}",
            ticket.number, ticket.fields.subject
        );
        db::notifications::notify(
            conn,
            p.org,
            assignee,
            "customer_replied",
            About::Ticket(ticket.id),
            &text,
            now,
        )?;
    }
    Ok(message)
}

/// The reply opens a follow-up of `closed`: the same requester, account, channel, priority,
/// type, category, team and tags, routed afresh, with the reply as its first message.
fn open_follow_up(
    conn: &mut AnyConnection,
    p: Actor,
    closed: &Ticket,
    said: (String, Option<ContactId>),
    now: DateTime<Utc>,
    rules: Rules,
) -> Result<Message, ApiError> {
    // A requester deleted since cannot open a ticket; an account deleted since is left out.
    match record::get::<Contact>(conn, p.org, closed.fields.requester_id, Visibility::Live) {
        Err(db::Error::NotFound) => return Err(ApiError::Conflict("requester_deleted")),
        other => other.map(|_| ())?,
    }
    let account_id = match closed.fields.account_id {
        Some(account) => match record::get::<Account>(conn, p.org, account, Visibility::Live) {
            Ok(found) => Some(found.id),
            Err(db::Error::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    // Likewise the asset, when it is in the trash or no longer the account's.
    let asset_id = match closed.fields.asset_id {
        Some(asset) => match record::get::<Asset>(conn, p.org, asset, Visibility::Live) {
            Ok(found) if account_id.is_none_or(|a| a == found.fields.account_id) => Some(asset),
            Ok(_) | Err(db::Error::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let fields = TicketFields {
        description: ticket::follow_up_description(closed.number, &closed.fields.subject),
        status: Status::New,
        assignee_id: None,
        account_id,
        asset_id,
        ..closed.fields.clone()
    };
    let number = db::tickets::next_number(conn, p.org)?;
    // Inside the reply's transaction, so routed with the creation.
    let routed = Ahead::WithCreation;
    let (opened, _) = insert(
        conn,
        p,
        (fields, number),
        routed,
        Some(closed.id),
        now,
        rules,
    )?;
    let message = said_by(&opened, said, now);
    db::tickets::messages::add(conn, p.org, &message)?;
    let entries = [replied_entry(&message, p)];
    db::tickets::events::append(conn, p.org, opened.id, now, None, &entries)?;
    let followed = [(
        "followed_up",
        json!({"ticket_id": opened.id.to_string(), "number": opened.number}).to_string(),
    )];
    db::tickets::events::append(conn, p.org, closed.id, now, None, &followed)?;
    Ok(message)
}
