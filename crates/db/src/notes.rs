//! Notes on accounts, contacts and leads.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{AccountId, ContactId, LeadId, NoteId, OrgId, UserId};

use domain::id::kind;

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::Result;
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::{contacts, notes};
use crate::timeline::Subject;

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
    /// Lead it is on.
    pub lead_id: Option<LeadId>,
    /// Written.
    pub created_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
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
    /// A lead.
    Lead(LeadId),
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = notes)]
struct NoteRow {
    id: Vec<u8>,
    body: String,
    author_id: Option<Vec<u8>>,
    account_id: Option<Vec<u8>>,
    contact_id: Option<Vec<u8>>,
    lead_id: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for NoteRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::None
    }
}

fn to_note(row: NoteRow) -> Note {
    Note {
        id: id(&row.id),
        body: row.body,
        author_id: opt_id(row.author_id.as_ref()),
        account_id: opt_id(row.account_id.as_ref()),
        contact_id: opt_id(row.contact_id.as_ref()),
        lead_id: opt_id(row.lead_id.as_ref()),
        created_at: from_db(row.created_at),
        deleted: row.deleted_at.is_some(),
        version: row.version,
    }
}

impl Record for Note {
    type Kind = kind::Note;
    const TABLE: &'static str = "notes";

    fn read(conn: &mut AnyConnection, org: OrgId, note: NoteId) -> Result<Self> {
        let row: NoteRow = notes::table
            .filter(notes::org_id.eq(bytes(&org)))
            .filter(notes::id.eq(bytes(&note)))
            .select(NoteRow::as_select())
            .first(conn)?;
        Ok(to_note(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted
    }

    /// A note about a lead going or coming back scores the lead again.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        note: NoteId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        write_transaction(conn, |conn| {
            record::set_deleted::<Note>(conn, org, note, expected, deleted, now, |_| Ok(()))?;
            if let Some(lead) = Note::read(conn, org, note)?.lead_id {
                crate::leads::score::refresh(conn, org, lead, now)?;
            }
            Ok(())
        })
    }
}

impl Store for Note {
    type Fields = String;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        body: &String,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        Ok(diesel::update(notes::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                notes::body.eq(body),
                notes::updated_at.eq(to_db(now)),
                notes::version.eq(current.version + 1),
            ))
            .execute(conn)?)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        body: String,
        _now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Note {
            body,
            version: current.version + 1,
            ..current
        })
    }
}

/// Notes are listed newest first.
pub const SORTS: Sorts = Sorts {
    options: &[("created_at", SortKey::Created)],
    default: (SortKey::Created, true),
};

/// Writes a note (the subject must already be known to exist in the organization); a note
/// without an author was written by no staff user (a capture form's message).
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: NoteSubject,
    author: Option<UserId>,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Note> {
    let note = NoteId::mint();
    let (account, contact, lead) = match subject {
        NoteSubject::Account(a) => (Some(a), None, None),
        NoteSubject::Contact(c) => (None, Some(c), None),
        NoteSubject::Lead(l) => (None, None, Some(l)),
    };
    write_transaction(conn, |conn| {
        diesel::insert_into(notes::table)
            .values((
                notes::org_id.eq(bytes(&org)),
                notes::id.eq(bytes(&note)),
                notes::account_id.eq(account.as_ref().map(bytes)),
                notes::contact_id.eq(contact.as_ref().map(bytes)),
                notes::lead_id.eq(lead.as_ref().map(bytes)),
                notes::body.eq(body),
                notes::author_id.eq(author.as_ref().map(bytes)),
                notes::created_at.eq(to_db(now)),
                notes::updated_at.eq(to_db(now)),
                notes::version.eq(1_i64),
            ))
            .execute(conn)?;
        // A note is an event of its lead's score.
        if let Some(lead) = lead {
            crate::leads::score::refresh(conn, org, lead, now)?;
        }
        Ok(Note {
            id: note,
            body: body.to_owned(),
            author_id: author,
            account_id: account,
            contact_id: contact,
            lead_id: lead,
            created_at: now,
            deleted: false,
            version: 1,
        })
    })
}

/// One page of the live notes on a subject.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: NoteSubject,
    params: &ListParams,
) -> Result<Page<Note>> {
    let query = || {
        let query = notes::table
            .filter(notes::org_id.eq(bytes(&org)))
            .select(NoteRow::as_select())
            .into_boxed();
        match subject {
            NoteSubject::Account(a) => query.filter(notes::account_id.eq(bytes(&a))),
            NoteSubject::Contact(c) => query.filter(notes::contact_id.eq(bytes(&c))),
            NoteSubject::Lead(l) => query.filter(notes::lead_id.eq(bytes(&l))),
        }
    };
    let page = list::load_page::<Note, _, _>(conn, query, None, params)?;
    Ok(page.map(to_note))
}

/// The live notes on `subject`'s timeline (an account's include its contacts'), newest
/// first, strictly before `span.0` or exactly at `span.1` when given.
pub(crate) fn on_timeline(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: Subject,
    span: (Option<NaiveDateTime>, Option<NaiveDateTime>),
    limit: i64,
) -> Result<Vec<Note>> {
    let o = bytes(&org);
    let mut q = notes::table
        .filter(notes::org_id.eq(o.clone()))
        .filter(notes::deleted_at.is_null())
        .select(NoteRow::as_select())
        .into_boxed();
    q = match subject {
        Subject::Account(a) => {
            let its_contacts = contacts::table
                .filter(contacts::org_id.eq(o.clone()))
                .filter(contacts::account_id.eq(bytes(&a)))
                .select(contacts::id.nullable());
            q.filter(
                notes::account_id
                    .eq(bytes(&a))
                    .or(notes::contact_id.eq_any(its_contacts)),
            )
        }
        Subject::Contact(c) => q.filter(notes::contact_id.eq(bytes(&c))),
        Subject::Lead(l) => q.filter(notes::lead_id.eq(bytes(&l))),
        Subject::Opportunity(_) | Subject::Ticket(_) => return Ok(vec![]),
    };
    if let Some(before) = span.0 {
        q = q.filter(notes::created_at.lt(before));
    }
    if let Some(at) = span.1 {
        q = q.filter(notes::created_at.eq(at));
    }
    let rows: Vec<NoteRow> = q
        .order((notes::created_at.desc(), notes::id.desc()))
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(to_note).collect())
}
