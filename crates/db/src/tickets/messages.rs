//! A ticket's conversation: public replies and internal notes, in the order they were written.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::text::whole_word_terms;
use domain::ticket::{Author, Message};
use domain::{MessageId, OrgId, TicketId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::Record;
use crate::schema::{ticket_conversation_terms as conversation_terms, ticket_messages as messages};
use crate::side::{self, SideTable};

/// Each ticket's conversation words, which search reads beside its subject's terms.
pub(crate) const CONVERSATION_TERMS: SideTable = SideTable {
    table: "ticket_conversation_terms",
    owner: "ticket_id",
    value: "term",
};

/// A conversation reads oldest first.
pub const SORTS: Sorts = Sorts {
    options: &[("created_at", SortKey::Created)],
    default: (SortKey::Created, false),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = messages)]
struct MessageRow {
    id: Vec<u8>,
    ticket_id: Vec<u8>,
    public: bool,
    author_user_id: Option<Vec<u8>>,
    author_contact_id: Option<Vec<u8>>,
    body: String,
    created_at: NaiveDateTime,
    redacted_at: Option<NaiveDateTime>,
    redacted_by: Option<Vec<u8>>,
    inbound_email_id: Option<Vec<u8>>,
}

impl Positioned for MessageRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::None
    }
}

fn to_message(row: MessageRow) -> Message {
    let author = match (opt_id(row.author_user_id.as_ref()), row.author_contact_id) {
        (Some(user), _) => Author::User(user),
        (None, contact) => Author::Contact(id(contact.as_deref().unwrap_or_default())),
    };
    Message {
        id: id(&row.id),
        ticket_id: id(&row.ticket_id),
        public: row.public,
        author,
        body: row.body,
        created_at: from_db(row.created_at),
        redacted: row
            .redacted_at
            .zip(opt_id(row.redacted_by.as_ref()))
            .map(|(at, by)| (from_db(at), by)),
        attachments: Vec::new(),
        inbound_email_id: opt_id(row.inbound_email_id.as_ref()),
    }
}

/// Gives each message the files sent with it.
fn with_attachments(
    conn: &mut AnyConnection,
    org: OrgId,
    mut these: Vec<Message>,
) -> Result<Vec<Message>> {
    let ids: Vec<MessageId> = these.iter().map(|m| m.id).collect();
    for attachment in super::attachments::of_messages(conn, org, &ids)? {
        if let Some(message) = these
            .iter_mut()
            .find(|m| Some(m.id) == attachment.message_id)
        {
            message.attachments.push(attachment);
        }
    }
    Ok(these)
}

impl Record for Message {
    type Kind = kind::Message;
    const TABLE: &'static str = "ticket_messages";
    const SOFT_DELETE: bool = false;

    fn read(conn: &mut AnyConnection, org: OrgId, message: MessageId) -> Result<Self> {
        let row: MessageRow = messages::table
            .filter(messages::org_id.eq(bytes(&org)))
            .filter(messages::id.eq(bytes(&message)))
            .select(MessageRow::as_select())
            .first(conn)?;
        let mut one = with_attachments(conn, org, vec![to_message(row)])?;
        one.pop().ok_or(Error::NotFound)
    }

    fn version(&self) -> i64 {
        1
    }

    fn is_deleted(&self) -> bool {
        false
    }

    fn trash(
        _conn: &mut AnyConnection,
        _org: OrgId,
        _id: MessageId,
        _expected: Option<i64>,
        _deleted: bool,
        _now: DateTime<Utc>,
    ) -> Result<()> {
        // Messages are never deleted; an admin redacts one instead.
        Err(Error::Conflict("messages_are_kept"))
    }
}

/// Stores a new message (the caller holds the ticket's lock).
pub fn add(conn: &mut AnyConnection, org: OrgId, message: &Message) -> Result<()> {
    let (user, contact) = match message.author {
        Author::User(user) => (Some(bytes(&user)), None),
        Author::Contact(contact) => (None, Some(bytes(&contact))),
    };
    diesel::insert_into(messages::table)
        .values((
            messages::org_id.eq(bytes(&org)),
            messages::id.eq(bytes(&message.id)),
            messages::ticket_id.eq(bytes(&message.ticket_id)),
            messages::public.eq(message.public),
            messages::author_user_id.eq(user),
            messages::author_contact_id.eq(contact),
            messages::body.eq(&message.body),
            messages::created_at.eq(to_db(message.created_at)),
            messages::inbound_email_id.eq(message.inbound_email_id.as_ref().map(bytes)),
        ))
        .execute(conn)?;
    let words = whole_word_terms(&message.body);
    side::add(
        conn,
        CONVERSATION_TERMS,
        org,
        &bytes(&message.ticket_id),
        &words,
    )
}

/// Records the mail a message came in as.
pub fn set_inbound_email(
    conn: &mut AnyConnection,
    org: OrgId,
    message: MessageId,
    email: domain::InboundEmailId,
) -> Result<()> {
    diesel::update(messages::table)
        .filter(messages::org_id.eq(bytes(&org)))
        .filter(messages::id.eq(bytes(&message)))
        .set(messages::inbound_email_id.eq(bytes(&email)))
        .execute(conn)?;
    Ok(())
}

/// Makes the ticket's conversation words those of the messages it has now (and of its
/// answers to a partner's questions): after a redaction took some away, or a merge moved them.
pub fn reindex(conn: &mut AnyConnection, org: OrgId, ticket: TicketId) -> Result<()> {
    let owner = bytes(&ticket);
    let bodies: Vec<String> = messages::table
        .filter(messages::org_id.eq(bytes(&org)))
        .filter(messages::ticket_id.eq(&owner))
        .select(messages::body)
        .load(conn)?;
    let mut now: BTreeSet<String> = bodies.iter().flat_map(|b| whole_word_terms(b)).collect();
    now.extend(super::answers::search_words(conn, org, ticket)?);
    let before: Vec<String> = conversation_terms::table
        .filter(conversation_terms::org_id.eq(bytes(&org)))
        .filter(conversation_terms::ticket_id.eq(&owner))
        .select(conversation_terms::term)
        .load(conn)?;
    side::sync(conn, CONVERSATION_TERMS, org, &owner, &before, &now)
}

/// Indexes the conversation of every ticket that has one when the conversation words table
/// is empty but messages are not (it is new), in one transaction; how many tickets.
pub fn index_if_unindexed(conn: &mut AnyConnection) -> Result<usize> {
    let indexed: Option<Vec<u8>> = conversation_terms::table
        .select(conversation_terms::org_id)
        .first(conn)
        .optional()?;
    let written: Option<Vec<u8>> = messages::table
        .select(messages::org_id)
        .first(conn)
        .optional()?;
    if indexed.is_some() || written.is_none() {
        return Ok(0);
    }
    crate::connection::write_transaction(conn, |conn| {
        let tickets: Vec<(Vec<u8>, Vec<u8>)> = messages::table
            .select((messages::org_id, messages::ticket_id))
            .distinct()
            .load(conn)?;
        for (org, ticket) in &tickets {
            reindex(conn, id(org), id(ticket))?;
        }
        Ok(tickets.len())
    })
}

/// Blanks a message's text and deletes its attachments for good, recording who did it and
/// when. `None` when it was redacted before; otherwise the content its attachments named,
/// for the caller to release.
pub fn redact(
    conn: &mut AnyConnection,
    org: OrgId,
    message: MessageId,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<Option<Vec<String>>> {
    let changed = diesel::update(messages::table)
        .filter(messages::org_id.eq(bytes(&org)))
        .filter(messages::id.eq(bytes(&message)))
        .filter(messages::redacted_at.is_null())
        .set((
            messages::body.eq(""),
            messages::redacted_at.eq(to_db(now)),
            messages::redacted_by.eq(bytes(&by)),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    let (ticket, mail): (Vec<u8>, Option<Vec<u8>>) = messages::table
        .filter(messages::org_id.eq(bytes(&org)))
        .filter(messages::id.eq(bytes(&message)))
        .select((messages::ticket_id, messages::inbound_email_id))
        .first(conn)?;
    // The mail it came in as holds the same words.
    if let Some(mail) = opt_id(mail.as_ref()) {
        crate::inbound_emails::redact(conn, org, mail, now)?;
    }
    reindex(conn, org, id(&ticket))?;
    Ok(Some(super::attachments::remove_of_message(
        conn, org, message,
    )?))
}

/// One message, with its attachments.
pub fn get(conn: &mut AnyConnection, org: OrgId, message: MessageId) -> Result<Message> {
    let row = messages::table
        .filter(messages::org_id.eq(bytes(&org)))
        .filter(messages::id.eq(bytes(&message)))
        .select(MessageRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound)?;
    let mut found = with_attachments(conn, org, vec![to_message(row)])?;
    found.pop().ok_or(Error::NotFound)
}

/// One page of a ticket's messages, oldest first; only the public ones when `public_only`.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    public_only: bool,
    params: &ListParams,
) -> Result<Page<Message>> {
    let build = || {
        let mut query = messages::table
            .filter(messages::org_id.eq(bytes(&org)))
            .filter(messages::ticket_id.eq(bytes(&ticket)))
            .select(MessageRow::as_select())
            .into_boxed();
        if public_only {
            query = query.filter(messages::public.eq(true));
        }
        query
    };
    let page = list::load_page::<Message, _, _>(conn, build, None, params)?.map(to_message);
    let items = with_attachments(conn, org, page.items)?;
    Ok(Page { items, ..page })
}

/// Moves every message of ticket `from` to ticket `into` (a merge); returns how many moved.
/// Ids are time-ordered, so the moved messages fall into place in `into`'s conversation.
/// Unless `keep_public`, they arrive as internal notes (another customer must not read them).
pub fn move_all(
    conn: &mut AnyConnection,
    org: OrgId,
    from: TicketId,
    into: TicketId,
    keep_public: bool,
) -> Result<usize> {
    let these = messages::table
        .filter(messages::org_id.eq(bytes(&org)))
        .filter(messages::ticket_id.eq(bytes(&from)));
    let moved = if keep_public {
        diesel::update(these)
            .set(messages::ticket_id.eq(bytes(&into)))
            .execute(conn)?
    } else {
        diesel::update(these)
            .set((
                messages::ticket_id.eq(bytes(&into)),
                messages::public.eq(false),
            ))
            .execute(conn)?
    };
    super::attachments::move_all(conn, org, from, into)?;
    reindex(conn, org, from)?;
    reindex(conn, org, into)?;
    Ok(moved)
}
