//! Email-to-case: a message that reached a mailbox opens a ticket, or joins the ticket it
//! answers as the customer's reply. Whatever becomes of it, it is kept whole, once per message
//! id, in the same transaction as the ticket work, so a message is never half-taken and never
//! taken twice.
//!
//! Threading, most telling first: the ids of `In-Reply-To` and `References` against the
//! messages already kept; then a `[#number]` in the subject or a `+number` plus-address, taken
//! only from the ticket's own requester (anyone can type a number into a subject).

use chrono::{DateTime, Utc};
use db::inbound_emails::InboundEmail;
use db::mailboxes::Mailbox;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::contact::Contact;
use domain::mail::{self, Outcome, Sender};
use domain::sla::simulation::Priority;
use domain::ticket::{Channel, Status, Ticket, TicketFields, MAX_BODY};
use domain::{ContactId, Email, InboundEmailId, OrgId, TicketId};

use super::tickets::{self, NewTicket, Requester};
use super::{customer, Actor, Rules};
use crate::error::ApiError;

mod letter;

use letter::content_id;
pub use letter::{attachment, parse_mime, read, Letter};

/// The longest subject a ticket takes, in characters.
const MAX_SUBJECT: usize = 250;

/// What a message that reached a mailbox became.
#[derive(Debug)]
pub struct Received {
    /// The message as kept.
    pub email: InboundEmail,
    /// It had arrived before: this is the first delivery's record, and nothing was done.
    pub duplicate: bool,
}

/// Takes in `raw`, which reached `mailbox` of `org` at `now`.
pub fn receive(
    conn: &mut AnyConnection,
    org: OrgId,
    mailbox: &Mailbox,
    raw: &[u8],
    now: DateTime<Utc>,
) -> Result<Received, ApiError> {
    let letter = read(raw);
    let message_id = letter
        .as_ref()
        .map_or_else(|| content_id(raw), |l| l.message_id.clone());
    let prepared = match &letter {
        Some(letter) => prepare(conn, org, mailbox, letter)?,
        None => None,
    };
    let outcome = record::in_transaction(conn, |conn| {
        if let Some(email) = db::inbound_emails::by_message_id(conn, org, &message_id)? {
            return Ok(Received {
                email,
                duplicate: true,
            });
        }
        let mail = (letter.as_ref(), prepared);
        let email = take(conn, org, mailbox, mail, (&message_id, raw), now)?;
        db::inbound_emails::insert(conn, org, &email, raw)?;
        Ok(Received {
            email,
            duplicate: false,
        })
    });
    match outcome {
        // The same message delivered twice at once: the other delivery kept it first.
        Err(ApiError::Conflict("unique")) => {
            match db::inbound_emails::by_message_id(conn, org, &message_id)? {
                Some(email) => Ok(Received {
                    email,
                    duplicate: true,
                }),
                None => Err(ApiError::Conflict("unique")),
            }
        }
        other => other,
    }
}

/// For a person's message that is new and answers no ticket, the new ticket's number and
/// routing, taken before the message's transaction (as every creation takes them: see
/// [`tickets::prepare`]), so that concurrent mail waits on neither the counter nor the
/// queue. A message that turns out to be a duplicate after all leaves a gap in the numbers.
fn prepare(
    conn: &mut AnyConnection,
    org: OrgId,
    mailbox: &Mailbox,
    letter: &Letter,
) -> Result<Option<tickets::Prepared>, ApiError> {
    let Some(from) = letter
        .from
        .as_ref()
        .filter(|_| letter.sender == Sender::Person)
    else {
        return Ok(None);
    };
    let blocked = db::orgs::get(conn, org)?.blocked_senders;
    if mail::is_blocked(&blocked, from.as_str())
        || db::inbound_emails::by_message_id(conn, org, &letter.message_id)?.is_some()
        || thread(conn, org, letter, from)?.is_some()
    {
        return Ok(None);
    }
    let fields = new_ticket(letter, from.clone(), mailbox).fields;
    Ok(Some(tickets::prepare(conn, org, &fields)?))
}

/// Decides what the message becomes and does it: the record to keep.
fn take(
    conn: &mut AnyConnection,
    org: OrgId,
    mailbox: &Mailbox,
    (letter, prepared): (Option<&Letter>, Option<tickets::Prepared>),
    (message_id, raw): (&str, &[u8]),
    now: DateTime<Utc>,
) -> Result<InboundEmail, ApiError> {
    let mut email = InboundEmail {
        id: InboundEmailId::mint(),
        mailbox_id: mailbox.id,
        message_id: message_id.to_owned(),
        from_address: letter
            .and_then(|l| l.from.as_ref())
            .map(|f| f.as_str().to_owned()),
        subject: letter
            .and_then(|l| l.subject.as_deref())
            .map(|s| s.chars().take(MAX_SUBJECT).collect()),
        sender: letter.map_or(Sender::Person, |l| l.sender),
        outcome: Outcome::Unreadable,
        detail: None,
        ticket_id: None,
        ticket_message_id: None,
        size: i64::try_from(raw.len()).unwrap_or(i64::MAX),
        attachments: letter.map(|l| l.attachments.clone()).unwrap_or_default(),
        received_at: now,
        redacted_at: None,
    };
    let Some(letter) = letter else {
        email.detail = Some("not an email message".into());
        return Ok(email);
    };
    let Some(from) = letter.from.clone() else {
        email.detail = Some("no sender address".into());
        return Ok(email);
    };
    if letter.sender != Sender::Person {
        email.outcome = Outcome::Ignored;
        return Ok(email);
    }
    let settings = db::orgs::get(conn, org)?;
    if mail::is_blocked(&settings.blocked_senders, from.as_str()) {
        email.outcome = Outcome::Blocked;
        return Ok(email);
    }
    let rules = Rules::from(&settings);
    let by = Actor::unattended(org);
    // In a savepoint: a ticket that refuses the message leaves nothing behind but the record.
    let taken = record::in_transaction(conn, |conn| match thread(conn, org, letter, &from)? {
        Some(ticket) => {
            let said = (body(letter), Vec::new());
            let writer = writer(conn, org, ticket, letter, &from, now)?;
            let message = customer::reply_by(conn, by, (ticket, writer), said, now, rules)?;
            db::tickets::messages::set_inbound_email(conn, org, message.id, email.id)?;
            Ok((Outcome::Replied, message.ticket_id, Some(message.id)))
        }
        None => {
            let new = new_ticket(letter, from.clone(), mailbox);
            let (ticket, _) = match prepared {
                Some(prepared) => tickets::create_prepared(conn, by, new, prepared, now, rules)?,
                // Its thread went away meanwhile (a rare case): taken in line.
                None => tickets::create(conn, by, new, now, rules)?,
            };
            Ok::<_, ApiError>((Outcome::Opened, ticket.id, None))
        }
    });
    match taken {
        Ok((outcome, ticket, message)) => {
            email.outcome = outcome;
            email.ticket_id = Some(ticket);
            email.ticket_message_id = message;
        }
        Err(refused @ (ApiError::Conflict(_) | ApiError::Validation(_) | ApiError::NotFound)) => {
            email.outcome = Outcome::Refused;
            email.detail = Some(refused.to_string());
        }
        Err(other) => return Err(other),
    }
    Ok(email)
}

/// The words of the message the ticket shows: what the sender wrote, within a message's
/// length.
fn body(letter: &Letter) -> String {
    let written = mail::written_part(&letter.text);
    let written = if written.trim().is_empty() {
        "(no text)"
    } else {
        written
    };
    written.chars().take(MAX_BODY).collect()
}

fn new_ticket(letter: &Letter, from: Email, mailbox: &Mailbox) -> NewTicket {
    let subject = letter
        .subject
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or("(no subject)");
    NewTicket {
        requester: requester(letter, from),
        fields: TicketFields {
            subject: subject.chars().take(MAX_SUBJECT).collect(),
            description: body(letter),
            // Replaced by the resolved requester.
            requester_id: ContactId::mint(),
            account_id: None,
            asset_id: None,
            channel: Channel::Email,
            priority: Priority::Normal,
            ticket_type: None,
            category: None,
            language: None,
            status: Status::New,
            assignee_id: None,
            team_id: mailbox.fields.team_id,
            tags: Vec::new(),
        },
    }
}

/// Who wrote a reply to `ticket`: none for its requester; otherwise the contact with the
/// sender's address (a colleague copied on the thread), created when unknown.
fn writer(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    letter: &Letter,
    from: &Email,
    now: DateTime<Utc>,
) -> Result<Option<ContactId>, ApiError> {
    let ticket: Ticket = record::get(conn, org, ticket, Visibility::Any)?;
    if asked_by(conn, org, &ticket, from)? {
        return Ok(None);
    }
    let sender = requester(letter, from.clone());
    Ok(Some(tickets::resolve(conn, org, &sender, now)?.id))
}

/// Whether `from` is the address of `ticket`'s requester.
fn asked_by(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: &Ticket,
    from: &Email,
) -> Result<bool, ApiError> {
    let requester =
        match record::get::<Contact>(conn, org, ticket.fields.requester_id, Visibility::Any) {
            Ok(contact) => contact,
            Err(db::Error::NotFound) => return Ok(false),
            Err(e) => return Err(e.into()),
        };
    Ok(requester
        .fields
        .email
        .is_some_and(|e| e.normalized() == from.normalized()))
}

/// The sender as a requester: found by address, or created with their name.
fn requester(letter: &Letter, from: Email) -> Requester {
    match letter.from_name.clone() {
        Some(name) => Requester::Named(from, name),
        None => Requester::Email(from),
    }
}

/// The ticket a message answers, if it answers one.
fn thread(
    conn: &mut AnyConnection,
    org: OrgId,
    letter: &Letter,
    from: &Email,
) -> Result<Option<TicketId>, ApiError> {
    if let Some(ticket) = db::inbound_emails::ticket_of(conn, org, &letter.answers)? {
        return Ok(Some(ticket));
    }
    let named = letter
        .subject
        .as_deref()
        .and_then(mail::subject_reference)
        .into_iter()
        .chain(
            letter
                .recipients
                .iter()
                .filter_map(|r| mail::plus_reference(r)),
        );
    for number in named {
        let Some(ticket) = db::tickets::by_number(conn, org, number)? else {
            continue;
        };
        let ticket: Ticket = record::get(conn, org, ticket, Visibility::Live)?;
        if asked_by(conn, org, &ticket, from)? {
            return Ok(Some(ticket.id));
        }
    }
    Ok(None)
}
