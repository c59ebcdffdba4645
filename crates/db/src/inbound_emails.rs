//! The messages that reached a mailbox, each kept whole with what became of it; and the
//! threading lookups: which ticket a message id belongs to.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::mail::{MailAttachment, Outcome, Sender};
use domain::{InboundEmailId, MailboxId, MessageId, OrgId, TicketId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::Record;
use crate::schema::inbound_emails;

/// A message as it arrived, without its raw bytes (see [`raw`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundEmail {
    /// Its id.
    pub id: InboundEmailId,
    /// The mailbox it reached.
    pub mailbox_id: MailboxId,
    /// Its `Message-ID` (brackets removed), or `sha256:…` of its bytes when it had none.
    pub message_id: String,
    /// The sender's address, when it could be read.
    pub from_address: Option<String>,
    /// Its subject.
    pub subject: Option<String>,
    /// Who sent it, by its headers.
    pub sender: Sender,
    /// What became of it.
    pub outcome: Outcome,
    /// Why it opened nothing, for an admin.
    pub detail: Option<String>,
    /// The ticket it opened or joined.
    pub ticket_id: Option<TicketId>,
    /// The ticket message it became (none when it opened the ticket: it is its description).
    pub ticket_message_id: Option<MessageId>,
    /// Its size in bytes.
    pub size: i64,
    /// The files it carries.
    pub attachments: Vec<MailAttachment>,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// When the ticket message it became was redacted, which blanked it too.
    pub redacted_at: Option<DateTime<Utc>>,
}

/// Messages are listed newest first.
pub const SORTS: Sorts = Sorts {
    options: &[("received_at", SortKey::Created)],
    default: (SortKey::Created, true),
};

/// A ticket's mail reads oldest first, like its conversation.
pub const TICKET_SORTS: Sorts = Sorts {
    options: &[("received_at", SortKey::Created)],
    default: (SortKey::Created, false),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = inbound_emails)]
struct InboundRow {
    id: Vec<u8>,
    mailbox_id: Vec<u8>,
    message_id: String,
    from_address: Option<String>,
    subject: Option<String>,
    sender: String,
    outcome: String,
    detail: Option<String>,
    ticket_id: Option<Vec<u8>>,
    ticket_message_id: Option<Vec<u8>>,
    size: i64,
    attachments: String,
    received_at: NaiveDateTime,
    redacted_at: Option<NaiveDateTime>,
}

impl Positioned for InboundRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::None
    }
}

fn to_inbound(row: InboundRow) -> InboundEmail {
    InboundEmail {
        id: id(&row.id),
        mailbox_id: id(&row.mailbox_id),
        message_id: row.message_id,
        from_address: row.from_address,
        subject: row.subject,
        sender: Sender::parse(&row.sender).unwrap_or(Sender::Person),
        outcome: Outcome::parse(&row.outcome).unwrap_or(Outcome::Unreadable),
        detail: row.detail,
        ticket_id: opt_id(row.ticket_id.as_ref()),
        ticket_message_id: opt_id(row.ticket_message_id.as_ref()),
        size: row.size,
        attachments: serde_json::from_str(&row.attachments).unwrap_or_default(),
        received_at: from_db(row.received_at),
        redacted_at: row.redacted_at.map(from_db),
    }
}

impl Record for InboundEmail {
    type Kind = kind::InboundEmail;
    const TABLE: &'static str = "inbound_emails";
    const SOFT_DELETE: bool = false;

    fn read(conn: &mut AnyConnection, org: OrgId, email: InboundEmailId) -> Result<Self> {
        let row: InboundRow = inbound_emails::table
            .filter(inbound_emails::org_id.eq(bytes(&org)))
            .filter(inbound_emails::id.eq(bytes(&email)))
            .select(InboundRow::as_select())
            .first(conn)?;
        Ok(to_inbound(row))
    }

    fn version(&self) -> i64 {
        1
    }

    fn is_deleted(&self) -> bool {
        false
    }
}

/// Keeps a message that arrived, with its raw bytes.
pub fn insert(
    conn: &mut AnyConnection,
    org: OrgId,
    email: &InboundEmail,
    raw: &[u8],
) -> Result<()> {
    let attachments =
        serde_json::to_string(&email.attachments).map_err(|e| Error::Other(e.to_string()))?;
    diesel::insert_into(inbound_emails::table)
        .values((
            inbound_emails::org_id.eq(bytes(&org)),
            inbound_emails::id.eq(bytes(&email.id)),
            inbound_emails::mailbox_id.eq(bytes(&email.mailbox_id)),
            inbound_emails::message_id.eq(&email.message_id),
            inbound_emails::from_address.eq(&email.from_address),
            inbound_emails::subject.eq(&email.subject),
            inbound_emails::sender.eq(email.sender.as_str()),
            inbound_emails::outcome.eq(email.outcome.as_str()),
            inbound_emails::detail.eq(&email.detail),
            inbound_emails::ticket_id.eq(email.ticket_id.as_ref().map(bytes)),
            inbound_emails::ticket_message_id.eq(email.ticket_message_id.as_ref().map(bytes)),
            inbound_emails::size.eq(email.size),
            inbound_emails::raw.eq(raw),
            inbound_emails::attachments.eq(attachments),
            inbound_emails::received_at.eq(to_db(email.received_at)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The organization's message with this message id, if one arrived before.
pub fn by_message_id(
    conn: &mut AnyConnection,
    org: OrgId,
    message_id: &str,
) -> Result<Option<InboundEmail>> {
    let row: Option<InboundRow> = inbound_emails::table
        .filter(inbound_emails::org_id.eq(bytes(&org)))
        .filter(inbound_emails::message_id.eq(message_id))
        .select(InboundRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(to_inbound))
}

/// The ticket of the first of `message_ids` (most telling first) that names a message on one,
/// received or sent.
pub fn ticket_of(
    conn: &mut AnyConnection,
    org: OrgId,
    message_ids: &[String],
) -> Result<Option<TicketId>> {
    if message_ids.is_empty() {
        return Ok(None);
    }
    let received: Vec<(String, Vec<u8>)> = inbound_emails::table
        .filter(inbound_emails::org_id.eq(bytes(&org)))
        .filter(inbound_emails::message_id.eq_any(message_ids))
        .filter(inbound_emails::ticket_id.is_not_null())
        .select((
            inbound_emails::message_id,
            inbound_emails::ticket_id.assume_not_null(),
        ))
        .load(conn)?;
    let mut found: Vec<(String, TicketId)> = received
        .into_iter()
        .map(|(message_id, ticket)| (message_id, id(&ticket)))
        .collect();
    found.extend(crate::outbound_emails::ticket_of(conn, org, message_ids)?);
    Ok(message_ids.iter().find_map(|wanted| {
        found
            .iter()
            .find(|(message_id, _)| message_id == wanted)
            .map(|(_, ticket)| *ticket)
    }))
}

/// The raw bytes of a message, as it arrived.
pub fn raw(conn: &mut AnyConnection, org: OrgId, email: InboundEmailId) -> Result<Vec<u8>> {
    Ok(inbound_emails::table
        .filter(inbound_emails::org_id.eq(bytes(&org)))
        .filter(inbound_emails::id.eq(bytes(&email)))
        .select(inbound_emails::raw)
        .first(conn)?)
}

/// One page of a mailbox's messages, only those with `outcome` when given.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    mailbox: MailboxId,
    outcome: Option<Outcome>,
    params: &ListParams,
) -> Result<Page<InboundEmail>> {
    let build = || {
        let mut query = inbound_emails::table
            .filter(inbound_emails::org_id.eq(bytes(&org)))
            .filter(inbound_emails::mailbox_id.eq(bytes(&mailbox)))
            .select(InboundRow::as_select())
            .into_boxed();
        if let Some(outcome) = outcome {
            query = query.filter(inbound_emails::outcome.eq(outcome.as_str()));
        }
        query
    };
    let page = list::load_page::<InboundEmail, _, _>(conn, build, None, params)?;
    Ok(page.map(to_inbound))
}

/// One page of the mail that opened or joined a ticket.
pub fn of_ticket(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    params: &ListParams,
) -> Result<Page<InboundEmail>> {
    let build = || {
        inbound_emails::table
            .filter(inbound_emails::org_id.eq(bytes(&org)))
            .filter(inbound_emails::ticket_id.eq(bytes(&ticket)))
            .select(InboundRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<InboundEmail, _, _>(conn, build, None, params)?;
    Ok(page.map(to_inbound))
}

/// Blanks a message kept whole (the ticket message it became was redacted): its bytes and its
/// files are gone for good; the record of what became of it stays.
pub fn redact(
    conn: &mut AnyConnection,
    org: OrgId,
    email: InboundEmailId,
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::update(inbound_emails::table)
        .filter(inbound_emails::org_id.eq(bytes(&org)))
        .filter(inbound_emails::id.eq(bytes(&email)))
        .set((
            inbound_emails::raw.eq(Vec::<u8>::new()),
            inbound_emails::attachments.eq("[]"),
            inbound_emails::subject.eq(None::<String>),
            inbound_emails::redacted_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}
