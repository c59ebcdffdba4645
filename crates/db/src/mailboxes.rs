//! Mailboxes: create, read, list, change, delete and restore, and the secret of their inbound
//! URL.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::mail::MailboxFields;
use domain::{MailboxId, OrgId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::Result;
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{at_version, Record, Store};
use crate::references::{self, Reference};
use crate::schema::mailboxes;

/// A stored mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// Its id.
    pub id: MailboxId,
    /// What admins set.
    pub fields: MailboxFields,
    /// The secret part of its inbound URL.
    pub secret: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

/// Mailboxes are listed newest first.
pub const SORTS: Sorts = Sorts {
    options: &[("created_at", SortKey::Created)],
    default: (SortKey::Created, true),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = mailboxes)]
struct MailboxRow {
    id: Vec<u8>,
    name: String,
    address: String,
    team_id: Option<Vec<u8>>,
    active: bool,
    secret: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = mailboxes, treat_none_as_null = true)]
struct MailboxValues<'a> {
    name: &'a str,
    address: &'a str,
    team_id: Option<Vec<u8>>,
    active: bool,
}

impl<'a> MailboxValues<'a> {
    fn of(fields: &'a MailboxFields) -> Self {
        Self {
            name: &fields.name,
            address: &fields.address,
            team_id: fields.team_id.as_ref().map(bytes),
            active: fields.active,
        }
    }
}

impl Positioned for MailboxRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::None
    }
}

fn to_mailbox(row: MailboxRow) -> Mailbox {
    Mailbox {
        id: id(&row.id),
        fields: MailboxFields {
            name: row.name,
            address: row.address,
            team_id: opt_id(row.team_id.as_ref()),
            active: row.active,
        },
        secret: row.secret,
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

fn check_team(conn: &mut AnyConnection, org: OrgId, fields: &MailboxFields) -> Result<()> {
    match &fields.team_id {
        Some(team) => references::check(conn, org, &[Reference::any("team_id", "teams", team)]),
        None => Ok(()),
    }
}

impl Record for Mailbox {
    type Kind = kind::Mailbox;
    const TABLE: &'static str = "mailboxes";

    fn read(conn: &mut AnyConnection, org: OrgId, mailbox: MailboxId) -> Result<Self> {
        let row: MailboxRow = mailboxes::table
            .filter(mailboxes::org_id.eq(bytes(&org)))
            .filter(mailboxes::id.eq(bytes(&mailbox)))
            .select(MailboxRow::as_select())
            .first(conn)?;
        Ok(to_mailbox(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

impl Store for Mailbox {
    type Fields = MailboxFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &MailboxFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        if fields.team_id != current.fields.team_id {
            check_team(conn, org, fields)?;
        }
        Ok(diesel::update(mailboxes::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                MailboxValues::of(fields),
                mailboxes::updated_at.eq(to_db(now)),
                mailboxes::version.eq(current.version + 1),
            ))
            .execute(conn)?)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: MailboxFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Mailbox {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Creates a mailbox with the given id and inbound secret.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    (mailbox, secret): (MailboxId, String),
    fields: &MailboxFields,
    now: DateTime<Utc>,
) -> Result<Mailbox> {
    write_transaction(conn, |conn| {
        check_team(conn, org, fields)?;
        diesel::insert_into(mailboxes::table)
            .values((
                mailboxes::org_id.eq(bytes(&org)),
                mailboxes::id.eq(bytes(&mailbox)),
                MailboxValues::of(fields),
                mailboxes::secret.eq(&secret),
                mailboxes::created_at.eq(to_db(now)),
                mailboxes::updated_at.eq(to_db(now)),
                mailboxes::version.eq(1_i64),
            ))
            .execute(conn)?;
        Ok(Mailbox {
            id: mailbox,
            fields: fields.clone(),
            secret,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// Replaces a mailbox's inbound secret (its old URL stops working at once).
pub fn rotate_secret(
    conn: &mut AnyConnection,
    org: OrgId,
    current: &Mailbox,
    secret: String,
    now: DateTime<Utc>,
) -> Result<Mailbox> {
    let changed = diesel::update(mailboxes::table)
        .filter(at_version(org, current.id, current.version))
        .set((
            mailboxes::secret.eq(&secret),
            mailboxes::updated_at.eq(to_db(now)),
            mailboxes::version.eq(current.version + 1),
        ))
        .execute(conn)?;
    if changed == 0 {
        return Err(crate::Error::Stale);
    }
    Ok(Mailbox {
        secret,
        updated_at: now,
        version: current.version + 1,
        ..current.clone()
    })
}

/// One page of the organization's mailboxes.
pub fn list(conn: &mut AnyConnection, org: OrgId, params: &ListParams) -> Result<Page<Mailbox>> {
    let build = || {
        mailboxes::table
            .filter(mailboxes::org_id.eq(bytes(&org)))
            .select(MailboxRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<Mailbox, _, _>(conn, build, None, params)?;
    Ok(page.map(to_mailbox))
}

/// The addresses of every mailbox the organization has, deleted ones too (mail sent to them
/// would come back in).
pub fn addresses(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<String>> {
    Ok(mailboxes::table
        .filter(mailboxes::org_id.eq(bytes(&org)))
        .select(mailboxes::address)
        .load(conn)?)
}
