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
use domain::mail::{self, MailAttachment, Outcome, Sender, SenderHeaders};
use domain::sla::simulation::Priority;
use domain::ticket::{Channel, Status, Ticket, TicketFields, MAX_BODY};
use domain::{ContactId, Email, InboundEmailId, OrgId, TicketId};
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};

use super::tickets::{self, NewTicket, Requester};
use super::{customer, Actor, Rules};
use crate::error::ApiError;

/// The longest subject a ticket takes, in characters.
const MAX_SUBJECT: usize = 250;

/// A message as read from its raw bytes: what threading and the ticket need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// Its `Message-ID`, or `sha256:…` of its bytes when it has none.
    pub message_id: String,
    /// The ids it answers: `In-Reply-To`, then `References` from the newest.
    pub answers: Vec<String>,
    /// The sender's address, when it is one.
    pub from: Option<Email>,
    /// The sender's name, as their mail program gave it.
    pub from_name: Option<String>,
    /// The addresses it was sent to (`To`, `Cc`, `Delivered-To`), for plus-addresses.
    pub recipients: Vec<String>,
    /// Its subject.
    pub subject: Option<String>,
    /// Its text (HTML turned into text when it has no text part).
    pub text: String,
    /// Who sent it, by its headers.
    pub sender: Sender,
    /// The files it carries, in the parser's order (a download names one by its place).
    pub attachments: Vec<MailAttachment>,
}

fn addresses(address: Option<&Address<'_>>) -> Vec<String> {
    address
        .map(|a| {
            a.iter()
                .filter_map(|a| a.address())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The files a message carries, attached or inline.
fn attachments(message: &mail_parser::Message<'_>) -> Vec<MailAttachment> {
    message
        .attachments()
        .map(|part| {
            let content_type = part.content_type().map_or_else(
                || "application/octet-stream".to_owned(),
                |c| match c.subtype() {
                    Some(sub) => format!("{}/{sub}", c.ctype()),
                    None => c.ctype().to_owned(),
                },
            );
            // Only a plain `type/subtype` goes into a response header.
            let token = |t: &str| {
                !t.is_empty()
                    && t.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
            };
            let content_type = content_type.to_ascii_lowercase();
            let content_type = match content_type.split_once('/') {
                Some((kind, sub)) if token(kind) && token(sub) => content_type,
                _ => "application/octet-stream".to_owned(),
            };
            MailAttachment {
                filename: printable(part.attachment_name().unwrap_or("attachment")),
                content_type,
                size: i64::try_from(part.contents().len()).unwrap_or(i64::MAX),
                inline: part.content_disposition().is_some_and(|d| d.is_inline()),
                content_id: part.content_id().map(str::to_owned),
            }
        })
        .collect()
}

/// The bytes of the file at `index` of the message `raw`, with its description.
pub fn attachment(raw: &[u8], index: usize) -> Option<(MailAttachment, Vec<u8>)> {
    let message = parse_mime(raw)?;
    let described = attachments(&message).into_iter().nth(index)?;
    let part = message.attachments().nth(index)?;
    Some((described, part.contents().to_vec()))
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.to_string()],
        HeaderValue::TextList(list) => list.iter().map(|id| id.to_string()).collect(),
        _ => Vec::new(),
    }
}

fn text_header<'a>(message: &'a mail_parser::Message<'_>, name: &'a str) -> Option<&'a str> {
    message
        .header_raw(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// How many of the ids a message answers are looked up: `In-Reply-To`'s, then the newest
/// of `References`.
const MAX_ANSWERS: usize = 50;

/// `text` without control characters but line breaks and tabs: a decoded subject or body may
/// hold a NUL (`=?utf-8?B?AA==?=`), which PostgreSQL refuses in text.
fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// The id a message without a `Message-ID` is known by: its content's hash.
fn content_id(raw: &[u8]) -> String {
    let digest = Sha256::digest(raw);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Parses MIME. The parser panics on some malformed multipart structures (found by the fuzz
/// test in `tests/api/mail.rs`); such a message counts as one that cannot be read, and is
/// kept as such rather than answered 500.
pub fn parse_mime(raw: &[u8]) -> Option<mail_parser::Message<'_>> {
    let parsed = std::panic::catch_unwind(|| MessageParser::default().parse(raw));
    match parsed {
        Ok(message) => message,
        Err(_) => {
            tracing::warn!(bytes = raw.len(), "the MIME parser gave up on a message");
            None
        }
    }
}

/// Reads a raw RFC 5322 message; `None` when it is not one (kept as unreadable).
pub fn read(raw: &[u8]) -> Option<Letter> {
    let message = parse_mime(raw)?;
    if message.headers().is_empty() {
        return None;
    }
    let from_raw = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address());
    let from = from_raw.and_then(|a| Email::parse("", a).ok());
    let from_name = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.name())
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    // The newest few are enough to thread by; a header of thousands is not read whole.
    let mut answers = ids(message.in_reply_to());
    answers.truncate(MAX_ANSWERS);
    answers.extend(
        ids(message.references())
            .into_iter()
            .rev()
            .take(MAX_ANSWERS),
    );
    let answers: Vec<String> =
        answers
            .iter()
            .filter_map(|id| mail::message_id(id))
            .fold(Vec::new(), |mut unique, id| {
                if !unique.contains(&id) {
                    unique.push(id);
                }
                unique
            });
    let mut recipients = addresses(message.to());
    recipients.extend(addresses(message.cc()));
    if let Some(delivered) = text_header(&message, "Delivered-To") {
        recipients.push(delivered.to_owned());
    }
    let content_type = message
        .root_part()
        .content_type()
        .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()));
    let headers = SenderHeaders {
        auto_submitted: text_header(&message, "Auto-Submitted"),
        precedence: text_header(&message, "Precedence"),
        x_autoreply: text_header(&message, "X-Autoreply").is_some()
            || text_header(&message, "X-Autorespond").is_some(),
        x_auto_response_suppress: text_header(&message, "X-Auto-Response-Suppress"),
        list: text_header(&message, "List-Id").is_some()
            || text_header(&message, "List-Unsubscribe").is_some(),
        return_path: text_header(&message, "Return-Path"),
        from: from_raw,
        content_type: content_type.as_deref(),
    };
    let sender = headers.sender();
    Some(Letter {
        message_id: message
            .message_id()
            .and_then(mail::message_id)
            .unwrap_or_else(|| content_id(raw)),
        answers,
        from,
        from_name,
        recipients,
        subject: message.subject().map(|s| printable(s).trim().to_owned()),
        text: message
            .body_text(0)
            .map(|t| printable(&t.replace("\r\n", "\n")))
            .unwrap_or_default(),
        sender,
        attachments: attachments(&message),
    })
}

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
    let org_rules = db::orgs::get(conn, org)?;
    if mail::is_blocked(&org_rules.blocked_senders, from.as_str()) {
        email.outcome = Outcome::Blocked;
        return Ok(email);
    }
    let rules = Rules::of(conn, org)?;
    let by = Actor { org, user: None };
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
