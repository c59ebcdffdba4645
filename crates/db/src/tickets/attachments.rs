//! Files sent with ticket messages, and the content they share.
//!
//! The content of each file is kept once per organization, under its SHA-256, by whoever
//! stores files (the server keeps them on disk). A row of `attachment_blobs` stands for that
//! content: an upload takes the row's lock before it names the content, and content is
//! removed only under the same lock when no attachment names it, so an upload and the
//! tidying never cross.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::attachment::{Attachment, Uploader};
use domain::{AttachmentId, MessageId, OrgId, TicketId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::record::in_transaction;
use crate::schema::{attachment_blobs as blobs, ticket_attachments as attachments};
use crate::sql::{Sql, Value};

#[derive(Queryable, Selectable)]
#[diesel(table_name = attachments)]
struct AttachmentRow {
    id: Vec<u8>,
    ticket_id: Option<Vec<u8>>,
    message_id: Option<Vec<u8>>,
    filename: String,
    content_type: String,
    size: i64,
    sha256: String,
    uploaded_by: Option<Vec<u8>>,
    uploaded_by_portal_user: Option<Vec<u8>>,
    created_at: NaiveDateTime,
}

/// The columns naming `by`: (a staff user, a portal user), one of them set.
fn uploader_columns(by: &Uploader) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    match by {
        Uploader::Staff(user) => (Some(bytes(user)), None),
        Uploader::Customer(portal_user) => (None, Some(bytes(portal_user))),
    }
}

fn to_attachment(row: AttachmentRow) -> Attachment {
    let uploaded_by = match (&row.uploaded_by, &row.uploaded_by_portal_user) {
        (Some(user), _) => Uploader::Staff(id(user)),
        // The schema holds exactly one of the two.
        (None, portal_user) => Uploader::Customer(id(portal_user.as_deref().unwrap_or_default())),
    };
    Attachment {
        id: id(&row.id),
        ticket_id: opt_id(row.ticket_id.as_ref()),
        message_id: opt_id(row.message_id.as_ref()),
        filename: row.filename,
        content_type: row.content_type,
        size: row.size,
        sha256: row.sha256,
        uploaded_by,
        created_at: from_db(row.created_at),
    }
}

/// Records an upload: takes (or makes) its content's row and holds its lock until the
/// transaction ends, adds the attachment, then calls `keep` to make sure the content is
/// stored (it may have been removed an instant before). All in one transaction, with
/// `keep` last so that only the commit can fail after the content is in place.
pub fn upload<E: From<Error>>(
    conn: &mut AnyConnection,
    org: OrgId,
    attachment: &Attachment,
    keep: impl FnOnce() -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let (staff, customer) = uploader_columns(&attachment.uploaded_by);
    in_transaction(conn, |conn| {
        // An update on conflict locks the existing row on PostgreSQL; SQLite's write
        // transaction already holds the database's lock.
        Sql::new("INSERT INTO attachment_blobs (org_id, sha256, size, created_at) VALUES (")
            .values([
                Value::Bytes(bytes(&org)),
                Value::Text(attachment.sha256.clone()),
                Value::Int(attachment.size),
                Value::Time(Some(to_db(attachment.created_at))),
            ])
            .push(") ON CONFLICT (org_id, sha256) DO UPDATE SET size = excluded.size")
            .execute(conn)
            .map_err(Error::from)?;
        diesel::insert_into(attachments::table)
            .values((
                attachments::org_id.eq(bytes(&org)),
                attachments::id.eq(bytes(&attachment.id)),
                attachments::ticket_id.eq(attachment.ticket_id.as_ref().map(bytes)),
                attachments::message_id.eq(attachment.message_id.as_ref().map(bytes)),
                attachments::filename.eq(&attachment.filename),
                attachments::content_type.eq(&attachment.content_type),
                attachments::size.eq(attachment.size),
                attachments::sha256.eq(&attachment.sha256),
                attachments::uploaded_by.eq(staff),
                attachments::uploaded_by_portal_user.eq(customer),
                attachments::created_at.eq(to_db(attachment.created_at)),
            ))
            .execute(conn)
            .map_err(Error::from)?;
        keep()
    })
}

/// How many uploads of `by` wait to be sent.
pub fn waiting_of(conn: &mut AnyConnection, org: OrgId, by: Uploader) -> Result<i64> {
    let waiting = attachments::table
        .filter(attachments::org_id.eq(bytes(&org)))
        .filter(attachments::ticket_id.is_null());
    Ok(match by {
        Uploader::Staff(user) => waiting
            .filter(attachments::uploaded_by.eq(bytes(&user)))
            .count()
            .get_result(conn)?,
        Uploader::Customer(portal_user) => waiting
            .filter(attachments::uploaded_by_portal_user.eq(bytes(&portal_user)))
            .count()
            .get_result(conn)?,
    })
}

/// One attachment.
pub fn get(conn: &mut AnyConnection, org: OrgId, attachment: AttachmentId) -> Result<Attachment> {
    let row: AttachmentRow = attachments::table
        .filter(attachments::org_id.eq(bytes(&org)))
        .filter(attachments::id.eq(bytes(&attachment)))
        .select(AttachmentRow::as_select())
        .first(conn)?;
    Ok(to_attachment(row))
}

/// The attachments of these messages, oldest first.
pub fn of_messages(
    conn: &mut AnyConnection,
    org: OrgId,
    messages: &[MessageId],
) -> Result<Vec<Attachment>> {
    if messages.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<AttachmentRow> = attachments::table
        .filter(attachments::org_id.eq(bytes(&org)))
        .filter(attachments::message_id.eq_any(messages.iter().map(bytes)))
        .order(attachments::id.asc())
        .select(AttachmentRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(to_attachment).collect())
}

/// Puts `by`'s waiting uploads `ids` on `ticket`'s `message`, or with its description when
/// `None` (the caller holds the ticket's lock). Each must still be waiting and `by`'s own:
/// otherwise nothing changes and the error is [`Error::Conflict`] `attachment_unavailable`.
pub fn send(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[AttachmentId],
    by: Uploader,
    (ticket, message): (TicketId, Option<MessageId>),
) -> Result<Vec<Attachment>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let waiting = || {
        attachments::table
            .filter(attachments::org_id.eq(bytes(&org)))
            .filter(attachments::id.eq_any(ids.iter().map(bytes)))
            .filter(attachments::ticket_id.is_null())
    };
    let rows: Vec<AttachmentRow> = waiting().select(AttachmentRow::as_select()).load(conn)?;
    let mine = rows
        .into_iter()
        .map(to_attachment)
        .filter(|a| a.uploaded_by == by);
    if mine.count() != ids.len() {
        return Err(Error::Conflict("attachment_unavailable"));
    }
    // Still waiting: another message may have taken one since they were read.
    let sent = diesel::update(waiting())
        .set((
            attachments::message_id.eq(message.as_ref().map(bytes)),
            attachments::ticket_id.eq(bytes(&ticket)),
        ))
        .execute(conn)?;
    if sent != ids.len() {
        return Err(Error::Conflict("attachment_unavailable"));
    }
    match message {
        Some(message) => of_messages(conn, org, &[message]),
        None => of_descriptions(conn, org, &[ticket]),
    }
}

/// The files sent with these tickets' descriptions (opened with files), oldest first.
pub fn of_descriptions(
    conn: &mut AnyConnection,
    org: OrgId,
    tickets: &[TicketId],
) -> Result<Vec<Attachment>> {
    if tickets.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<AttachmentRow> = attachments::table
        .filter(attachments::org_id.eq(bytes(&org)))
        .filter(attachments::ticket_id.eq_any(tickets.iter().map(bytes)))
        .filter(attachments::message_id.is_null())
        .order(attachments::id.asc())
        .select(AttachmentRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(to_attachment).collect())
}

/// Puts the files of ticket `from`'s description on `note` of ticket `into` (a merge, whose
/// note quotes the description).
pub fn move_description(
    conn: &mut AnyConnection,
    org: OrgId,
    from: TicketId,
    (into, note): (TicketId, MessageId),
) -> Result<()> {
    diesel::update(
        attachments::table
            .filter(attachments::org_id.eq(bytes(&org)))
            .filter(attachments::ticket_id.eq(bytes(&from)))
            .filter(attachments::message_id.is_null()),
    )
    .set((
        attachments::ticket_id.eq(bytes(&into)),
        attachments::message_id.eq(bytes(&note)),
    ))
    .execute(conn)?;
    Ok(())
}

/// Moves the attachments of ticket `from`'s messages to ticket `into` (a merge moved them).
pub fn move_all(
    conn: &mut AnyConnection,
    org: OrgId,
    from: TicketId,
    into: TicketId,
) -> Result<()> {
    diesel::update(
        attachments::table
            .filter(attachments::org_id.eq(bytes(&org)))
            .filter(attachments::ticket_id.eq(bytes(&from)))
            .filter(attachments::message_id.is_not_null()),
    )
    .set(attachments::ticket_id.eq(bytes(&into)))
    .execute(conn)?;
    Ok(())
}

/// Deletes a message's attachments (a redaction); returns the content they named.
pub fn remove_of_message(
    conn: &mut AnyConnection,
    org: OrgId,
    message: MessageId,
) -> Result<Vec<String>> {
    let mine = || {
        attachments::table
            .filter(attachments::org_id.eq(bytes(&org)))
            .filter(attachments::message_id.eq(bytes(&message)))
    };
    let content: Vec<String> = mine().select(attachments::sha256).load(conn)?;
    diesel::delete(mine()).execute(conn)?;
    Ok(content)
}

/// Deletes `by`'s upload `attachment` if it is still waiting; returns the content it named.
/// One already sent is [`Error::Conflict`] `attachment_sent`; another's, or none, not found.
pub fn discard(
    conn: &mut AnyConnection,
    org: OrgId,
    attachment: AttachmentId,
    by: Uploader,
) -> Result<String> {
    write_transaction(conn, |conn| {
        let found = get(conn, org, attachment)?;
        if found.uploaded_by != by {
            return Err(Error::NotFound);
        }
        if found.ticket_id.is_some() {
            return Err(Error::Conflict("attachment_sent"));
        }
        // Still unsent: a message may have taken it since it was read.
        let discarded = diesel::delete(
            attachments::table
                .filter(attachments::org_id.eq(bytes(&org)))
                .filter(attachments::id.eq(bytes(&attachment)))
                .filter(attachments::ticket_id.is_null()),
        )
        .execute(conn)?;
        if discarded == 0 {
            return Err(Error::Conflict("attachment_sent"));
        }
        Ok(found.sha256)
    })
}

/// Deletes uploads still waiting since before `before`, at most `limit`; returns the
/// organization and content of each.
pub fn remove_waiting(
    conn: &mut AnyConnection,
    before: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<(OrgId, String)>> {
    write_transaction(conn, |conn| {
        let old: Vec<(Vec<u8>, Vec<u8>, String)> = attachments::table
            .filter(attachments::ticket_id.is_null())
            .filter(attachments::created_at.lt(to_db(before)))
            .select((attachments::org_id, attachments::id, attachments::sha256))
            .limit(limit)
            .load(conn)?;
        for (org, attachment, _) in &old {
            diesel::delete(
                attachments::table
                    .filter(attachments::org_id.eq(org))
                    .filter(attachments::id.eq(attachment))
                    .filter(attachments::ticket_id.is_null()),
            )
            .execute(conn)?;
        }
        Ok(old
            .into_iter()
            .map(|(org, _, content)| (id(&org), content))
            .collect())
    })
}

/// Content no attachment names any more, at most `limit`: left by a failed removal.
pub fn unnamed_content(conn: &mut AnyConnection, limit: i64) -> Result<Vec<(OrgId, String)>> {
    let rows: Vec<(Vec<u8>, String)> = blobs::table
        .filter(diesel::dsl::not(diesel::dsl::exists(
            attachments::table
                .filter(attachments::org_id.eq(blobs::org_id))
                .filter(attachments::sha256.eq(blobs::sha256)),
        )))
        .select((blobs::org_id, blobs::sha256))
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(org, content)| (id(&org), content))
        .collect())
}

#[derive(QueryableByName)]
struct Held {
    #[diesel(sql_type = diesel::sql_types::Text)]
    sha256: String,
}

/// Forgets content no attachment names, calling `remove` to delete it from storage under
/// its row's lock; whether it was removed (`false` when an attachment names it again).
pub fn release<E: From<Error>>(
    conn: &mut AnyConnection,
    org: OrgId,
    content: &str,
    remove: impl FnOnce() -> std::result::Result<(), E>,
) -> std::result::Result<bool, E> {
    in_transaction(conn, |conn| {
        let for_update = match conn {
            AnyConnection::Postgresql(_) => " FOR UPDATE",
            AnyConnection::Sqlite(_) => "",
        };
        let held: Vec<Held> = Sql::new("SELECT sha256 FROM attachment_blobs WHERE org_id = ")
            .value(Value::Bytes(bytes(&org)))
            .push(" AND sha256 = ")
            .value(Value::Text(content.to_owned()))
            .push(for_update)
            .load(conn)
            .map_err(Error::from)?;
        if held.iter().all(|h| h.sha256 != content) {
            return Ok(false);
        }
        let named: i64 = attachments::table
            .filter(attachments::org_id.eq(bytes(&org)))
            .filter(attachments::sha256.eq(content))
            .count()
            .get_result(conn)
            .map_err(Error::from)?;
        if named > 0 {
            return Ok(false);
        }
        remove()?;
        diesel::delete(
            blobs::table
                .filter(blobs::org_id.eq(bytes(&org)))
                .filter(blobs::sha256.eq(content)),
        )
        .execute(conn)
        .map_err(Error::from)?;
        Ok(true)
    })
}
