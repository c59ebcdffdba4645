//! Notes on accounts and contacts.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{AccountId, ContactId, NoteId, OrgId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, new_id, opt_id, to_db};
use crate::error::Result;
use crate::schema::notes;

/// A note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Id.
    pub id: NoteId,
    /// Text.
    pub body: String,
    /// Author.
    pub author_id: Option<UserId>,
    /// Account it is on.
    pub account_id: Option<AccountId>,
    /// Contact it is on.
    pub contact_id: Option<ContactId>,
    /// Written.
    pub created_at: DateTime<Utc>,
    /// Version.
    pub version: i64,
}

/// What a note is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteSubject {
    /// An account.
    Account(AccountId),
    /// A contact.
    Contact(ContactId),
}

type NoteRow = (
    Vec<u8>,
    String,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    NaiveDateTime,
    i64,
);

fn to_note(row: NoteRow) -> Note {
    let (note_id, body, author, account, contact, created_at, version) = row;
    Note {
        id: id(&note_id),
        body,
        author_id: opt_id(author.as_ref()),
        account_id: opt_id(account.as_ref()),
        contact_id: opt_id(contact.as_ref()),
        created_at: from_db(created_at),
        version,
    }
}

/// Writes a note (the subject must already be known to exist in the organization).
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: NoteSubject,
    author: UserId,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Note> {
    let note: NoteId = new_id();
    let (account, contact) = match subject {
        NoteSubject::Account(a) => (Some(bytes(&a)), None),
        NoteSubject::Contact(c) => (None, Some(bytes(&c))),
    };
    diesel::insert_into(notes::table)
        .values((
            notes::org_id.eq(bytes(&org)),
            notes::id.eq(bytes(&note)),
            notes::account_id.eq(account.clone()),
            notes::contact_id.eq(contact.clone()),
            notes::body.eq(body),
            notes::author_id.eq(Some(bytes(&author))),
            notes::created_at.eq(to_db(now)),
            notes::updated_at.eq(to_db(now)),
            notes::version.eq(1_i64),
        ))
        .execute(conn)?;
    Ok(Note {
        id: note,
        body: body.to_owned(),
        author_id: Some(author),
        account_id: subject_account(subject),
        contact_id: subject_contact(subject),
        created_at: now,
        version: 1,
    })
}

fn subject_account(subject: NoteSubject) -> Option<AccountId> {
    match subject {
        NoteSubject::Account(a) => Some(a),
        NoteSubject::Contact(_) => None,
    }
}

fn subject_contact(subject: NoteSubject) -> Option<ContactId> {
    match subject {
        NoteSubject::Contact(c) => Some(c),
        NoteSubject::Account(_) => None,
    }
}

/// Notes on a subject, newest first, after `after`, at most `limit`.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: NoteSubject,
    after: Option<NoteId>,
    limit: i64,
) -> Result<Vec<Note>> {
    let mut query = notes::table
        .filter(notes::org_id.eq(bytes(&org)))
        .filter(notes::deleted_at.is_null())
        .select((
            notes::id,
            notes::body,
            notes::author_id,
            notes::account_id,
            notes::contact_id,
            notes::created_at,
            notes::version,
        ))
        .into_boxed();
    query = match subject {
        NoteSubject::Account(a) => query.filter(notes::account_id.eq(bytes(&a))),
        NoteSubject::Contact(c) => query.filter(notes::contact_id.eq(bytes(&c))),
    };
    if let Some(after) = after {
        query = query.filter(notes::id.lt(bytes(&after)));
    }
    let rows: Vec<NoteRow> = query.order(notes::id.desc()).limit(limit).load(conn)?;
    Ok(rows.into_iter().map(to_note).collect())
}
