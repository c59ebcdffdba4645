//! Portal users: contacts who may sign in to the customer portal, with their sign-in
//! address, role, password (once they set one) and pending invitation.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::portal::{PortalRole, PortalUserFields};
use domain::{AccountId, ContactId, Email, OrgId, PartnerId, PortalSessionId, PortalUserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{unique, unique_error, Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::{contacts, partners, portal_sessions, portal_users};

use super::passwords::Invitation;
use super::sessions::{self, Whose};

/// Portal users are listed by address.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("email", SortKey::Email),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Email, false),
};

const EMAIL_TAKEN: &str = "portal_email_taken";
const CONTACT_HAS_ACCESS: &str = "contact_has_portal_access";

/// A stored portal user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalUser {
    /// Its id.
    pub id: PortalUserId,
    /// What admins set.
    pub fields: PortalUserFields,
    /// Whether a password is set (the invitation was accepted).
    pub has_password: bool,
    /// Until when the pending invitation can be accepted.
    pub invitation_expires_at: Option<DateTime<Utc>>,
    /// The last sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = portal_users)]
struct PortalUserRow {
    id: Vec<u8>,
    contact_id: Vec<u8>,
    email: String,
    email_normalized: String,
    role: String,
    active: bool,
    password_hash: Option<String>,
    invitation_expires_at: Option<NaiveDateTime>,
    last_login_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for PortalUserRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Email => KeyValue::Text(self.email_normalized.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            _ => KeyValue::None,
        }
    }
}

fn to_user(row: PortalUserRow) -> Result<PortalUser> {
    let bad = |e: domain::FieldError| Error::Other(e.detail);
    Ok(PortalUser {
        id: id(&row.id),
        fields: PortalUserFields {
            contact_id: id(&row.contact_id),
            email: Email::parse("", &row.email).map_err(bad)?,
            role: PortalRole::parse("", &row.role).map_err(bad)?,
            active: row.active,
        },
        has_password: row.password_hash.is_some(),
        invitation_expires_at: row.invitation_expires_at.map(from_db),
        last_login_at: row.last_login_at.map(from_db),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    })
}

impl Record for PortalUser {
    type Kind = kind::PortalUser;
    const TABLE: &'static str = "portal_users";

    fn read(conn: &mut AnyConnection, org: OrgId, user: PortalUserId) -> Result<Self> {
        let row: PortalUserRow = portal_users::table
            .filter(portal_users::org_id.eq(bytes(&org)))
            .filter(portal_users::id.eq(bytes(&user)))
            .select(PortalUserRow::as_select())
            .first(conn)?;
        to_user(row)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// A portal user in the trash cannot sign in, and their sessions end at their next
    /// request; restoring one whose address or contact another took is 409.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        user: PortalUserId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let end_sessions = |conn: &mut AnyConnection| match deleted {
            true => sessions::end_all(conn, org, Whose::User(user), now),
            false => Ok(()),
        };
        record::set_deleted::<PortalUser>(conn, org, user, expected, deleted, now, end_sessions)
            .map(|_| ())
            .map_err(unique_error(EMAIL_TAKEN))
    }
}

impl Store for PortalUser {
    type Fields = PortalUserFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &PortalUserFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        // Switched off, or signing in with another address: the sessions it had end.
        let switched_off = current.fields.active && !fields.active;
        if switched_off || current.fields.email.normalized() != fields.email.normalized() {
            sessions::end_all(conn, org, Whose::User(current.id), now)?;
        }
        diesel::update(portal_users::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                portal_users::email.eq(fields.email.as_str()),
                portal_users::email_normalized.eq(fields.email.normalized()),
                portal_users::role.eq(fields.role.as_str()),
                portal_users::active.eq(fields.active),
                portal_users::updated_at.eq(to_db(now)),
                portal_users::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(unique(EMAIL_TAKEN))
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: PortalUserFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(PortalUser {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Gives a live contact portal access, with a pending invitation (none for a customer a
/// partner signs in). A contact with access
/// already is 409 `contact_has_portal_access`; an address another portal user signs in with
/// is 409 `portal_email_taken`; an unknown contact is `UnknownReference("contact_id")`.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &PortalUserFields,
    invitation: Option<Invitation>,
    now: DateTime<Utc>,
) -> Result<PortalUser> {
    let user = PortalUserId::mint();
    write_transaction(conn, |conn| {
        let contact: Option<Vec<u8>> = contacts::table
            .filter(contacts::org_id.eq(bytes(&org)))
            .filter(contacts::id.eq(bytes(&fields.contact_id)))
            .filter(contacts::deleted_at.is_null())
            .select(contacts::id)
            .first(conn)
            .optional()?;
        if contact.is_none() {
            return Err(Error::UnknownReference("contact_id"));
        }
        if live_user_of(conn, org, fields.contact_id)?.is_some() {
            return Err(Error::Conflict(CONTACT_HAS_ACCESS));
        }
        diesel::insert_into(portal_users::table)
            .values((
                portal_users::org_id.eq(bytes(&org)),
                portal_users::id.eq(bytes(&user)),
                portal_users::contact_id.eq(bytes(&fields.contact_id)),
                portal_users::email.eq(fields.email.as_str()),
                portal_users::email_normalized.eq(fields.email.normalized()),
                portal_users::role.eq(fields.role.as_str()),
                portal_users::active.eq(fields.active),
                portal_users::invitation_hash.eq(invitation.map(|i| i.token_hash)),
                portal_users::invitation_expires_at.eq(invitation.map(|i| to_db(i.expires_at))),
                portal_users::created_at.eq(to_db(now)),
                portal_users::updated_at.eq(to_db(now)),
                portal_users::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique(EMAIL_TAKEN))?;
        PortalUser::read(conn, org, user)
    })
}

/// The live portal user of a contact.
pub fn live_user_of(
    conn: &mut AnyConnection,
    org: OrgId,
    contact: ContactId,
) -> Result<Option<PortalUserId>> {
    let found: Option<Vec<u8>> = portal_users::table
        .filter(portal_users::org_id.eq(bytes(&org)))
        .filter(portal_users::contact_id.eq(bytes(&contact)))
        .filter(portal_users::deleted_at.is_null())
        .select(portal_users::id)
        .first(conn)
        .optional()?;
    Ok(found.map(|b| id(&b)))
}

/// A contact's portal access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A live portal user, and whether it is active.
    Live(PortalUserId, bool),
    /// Only deleted ones: an admin took the access away.
    TakenAway,
    /// None ever.
    Never,
}

/// What portal access `contact` has.
pub fn access_of(conn: &mut AnyConnection, org: OrgId, contact: ContactId) -> Result<Access> {
    let rows: Vec<(Vec<u8>, bool, Option<NaiveDateTime>)> = portal_users::table
        .filter(portal_users::org_id.eq(bytes(&org)))
        .filter(portal_users::contact_id.eq(bytes(&contact)))
        .select((
            portal_users::id,
            portal_users::active,
            portal_users::deleted_at,
        ))
        .load(conn)?;
    if let Some((user, active, _)) = rows.iter().find(|(_, _, deleted)| deleted.is_none()) {
        return Ok(Access::Live(id(user), *active));
    }
    Ok(if rows.is_empty() {
        Access::Never
    } else {
        Access::TakenAway
    })
}

/// The live contact of `org` with `email`, if exactly one has it.
pub fn only_contact_with(
    conn: &mut AnyConnection,
    org: OrgId,
    email: &Email,
) -> Result<Option<ContactId>> {
    let found: Vec<Vec<u8>> = contacts::table
        .filter(contacts::org_id.eq(bytes(&org)))
        .filter(contacts::email_normalized.eq(email.normalized()))
        .filter(contacts::deleted_at.is_null())
        .select(contacts::id)
        .limit(2)
        .load(conn)?;
    Ok(match found.as_slice() {
        [only] => Some(id(only)),
        _ => None,
    })
}

/// Which portal users a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortalUserFilter {
    /// Those of this contact.
    pub contact_id: Option<ContactId>,
}

/// One page of portal users, or (`params.deleted`) of those in the trash.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &PortalUserFilter,
    params: &ListParams,
) -> Result<Page<PortalUser>> {
    let org_bytes = bytes(&org);
    let build = || {
        let mut query = portal_users::table
            .filter(portal_users::org_id.eq(org_bytes.clone()))
            .select(PortalUserRow::as_select())
            .into_boxed();
        if let Some(contact) = filter.contact_id {
            query = query.filter(portal_users::contact_id.eq(bytes(&contact)));
        }
        query
    };
    let page = list::load_page::<PortalUser, _, _>(conn, build, None, params)?;
    Ok(Page {
        items: page.items.into_iter().map(to_user).collect::<Result<_>>()?,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// Who a confirmed portal session is: what every portal query is scoped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionUser {
    /// The contact behind the portal user.
    pub contact: ContactId,
    /// The contact's account now (none for a contact without one).
    pub account: Option<AccountId>,
    /// The portal user's role now.
    pub role: PortalRole,
}

/// The portal user of a live session through a live partner, if they are still live and
/// active and their contact too.
pub fn session_user(
    conn: &mut AnyConnection,
    org: OrgId,
    (user, session, partner): (PortalUserId, PortalSessionId, PartnerId),
    now: DateTime<Utc>,
) -> Result<Option<SessionUser>> {
    let org_bytes = bytes(&org);
    let live_session = portal_sessions::table
        .filter(portal_sessions::org_id.eq(org_bytes.clone()))
        .filter(portal_sessions::id.eq(bytes(&session)))
        .filter(portal_sessions::portal_user_id.eq(bytes(&user)))
        .filter(portal_sessions::partner_id.eq(bytes(&partner)))
        .filter(portal_sessions::revoked_at.is_null())
        .filter(portal_sessions::expires_at.gt(to_db(now)))
        .select(portal_sessions::id);
    let live_partner = partners::table
        .filter(partners::org_id.eq(org_bytes.clone()))
        .filter(partners::id.eq(bytes(&partner)))
        .filter(partners::deleted_at.is_null())
        .select(partners::id);
    let found: Option<(Vec<u8>, Option<Vec<u8>>, String)> = portal_users::table
        .inner_join(
            contacts::table.on(contacts::org_id
                .eq(portal_users::org_id)
                .and(contacts::id.eq(portal_users::contact_id))),
        )
        .filter(portal_users::org_id.eq(org_bytes))
        .filter(portal_users::id.eq(bytes(&user)))
        .filter(portal_users::deleted_at.is_null())
        .filter(portal_users::active.eq(true))
        .filter(contacts::deleted_at.is_null())
        .filter(diesel::dsl::exists(live_session))
        .filter(diesel::dsl::exists(live_partner))
        .select((contacts::id, contacts::account_id, portal_users::role))
        .first(conn)
        .optional()?;
    let Some((contact, account, role)) = found else {
        return Ok(None);
    };
    Ok(Some(SessionUser {
        contact: id(&contact),
        account: account.map(|a| id(&a)),
        role: PortalRole::parse("", &role).map_err(|e| Error::Other(e.detail))?,
    }))
}
