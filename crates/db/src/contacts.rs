//! Contacts: create, read, list with filters and search, change, delete and restore.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::contact::{Consent, Contact, ContactFields, PhoneEntry};
use domain::{AccountId, ContactId, Email, OrgId, PreferredChannel, UserId};

use crate::connection::{AnyConnection, Backend};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, ModifyError, Result};
use crate::list::{apply_list_params, finish_page, After, ListParams};
use crate::schema::{accounts, contact_tags, contacts};

crate::tags::tag_store!(contact_tags, contact_id, ContactId);

#[derive(Queryable, Selectable)]
#[diesel(table_name = contacts)]
struct ContactRow {
    id: Vec<u8>,
    account_id: Option<Vec<u8>>,
    first_name: Option<String>,
    last_name: String,
    name_key: String,
    email: Option<String>,
    phones: String,
    title: Option<String>,
    owner_id: Option<Vec<u8>>,
    preferred_channel: String,
    consent_email: bool,
    consent_phone: bool,
    consent_sms: bool,
    do_not_contact: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = contacts, treat_none_as_null = true)]
struct ContactValues<'a> {
    account_id: Option<Vec<u8>>,
    first_name: Option<&'a str>,
    last_name: &'a str,
    name_key: String,
    email: Option<&'a str>,
    email_normalized: Option<String>,
    phones: String,
    title: Option<&'a str>,
    owner_id: Option<Vec<u8>>,
    preferred_channel: &'static str,
    consent_email: bool,
    consent_phone: bool,
    consent_sms: bool,
    do_not_contact: bool,
    search_text: String,
}

impl<'a> ContactValues<'a> {
    fn of(fields: &'a ContactFields) -> Result<Self> {
        Ok(Self {
            account_id: fields.account_id.as_ref().map(bytes),
            first_name: fields.first_name.as_deref(),
            last_name: &fields.last_name,
            // Lists sort people by family name, then given name.
            name_key: domain::text::sort_key(&format!(
                "{} {}",
                fields.last_name,
                fields.first_name.as_deref().unwrap_or("")
            )),
            email: fields.email.as_ref().map(Email::as_str),
            email_normalized: fields.email.as_ref().map(Email::normalized),
            phones: serde_json::to_string(&fields.phones)
                .map_err(|e| Error::Other(e.to_string()))?,
            title: fields.title.as_deref(),
            owner_id: fields.owner_id.as_ref().map(bytes),
            preferred_channel: fields.preferred_channel.as_str(),
            consent_email: fields.consent.email,
            consent_phone: fields.consent.phone,
            consent_sms: fields.consent.sms,
            do_not_contact: fields.consent.do_not_contact,
            search_text: fields.search_text(),
        })
    }
}

fn to_contact(row: ContactRow, tags: Vec<String>) -> Contact {
    let phones: Vec<PhoneEntry> = serde_json::from_str(&row.phones).unwrap_or_default();
    Contact {
        id: id(&row.id),
        fields: ContactFields {
            first_name: row.first_name,
            last_name: row.last_name,
            email: row.email.and_then(|e| Email::parse("", &e).ok()),
            phones,
            title: row.title,
            account_id: opt_id(row.account_id.as_ref()),
            owner_id: opt_id(row.owner_id.as_ref()),
            preferred_channel: PreferredChannel::parse("", &row.preferred_channel)
                .unwrap_or(PreferredChannel::Any),
            consent: Consent {
                email: row.consent_email,
                phone: row.consent_phone,
                sms: row.consent_sms,
                do_not_contact: row.do_not_contact,
            },
            tags,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

fn check_references(conn: &mut AnyConnection, org: OrgId, fields: &ContactFields) -> Result<()> {
    if let Some(owner) = fields.owner_id {
        if !crate::users::exists(conn, org, owner)? {
            return Err(Error::UnknownReference("owner_id"));
        }
    }
    if let Some(account) = fields.account_id {
        let live: i64 = accounts::table
            .filter(accounts::org_id.eq(bytes(&org)))
            .filter(accounts::id.eq(bytes(&account)))
            .filter(accounts::deleted_at.is_null())
            .count()
            .get_result(conn)?;
        if live == 0 {
            return Err(Error::UnknownReference("account_id"));
        }
    }
    Ok(())
}

/// Creates a contact with the given id.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    contact: ContactId,
    fields: &ContactFields,
    now: DateTime<Utc>,
) -> Result<Contact> {
    crate::connection::write_transaction(conn, |conn| {
        check_references(conn, org, fields)?;
        diesel::insert_into(contacts::table)
            .values((
                contacts::org_id.eq(bytes(&org)),
                contacts::id.eq(bytes(&contact)),
                ContactValues::of(fields)?,
                contacts::created_at.eq(to_db(now)),
                contacts::updated_at.eq(to_db(now)),
                contacts::version.eq(1_i64),
            ))
            .execute(conn)?;
        replace_tags(conn, org, contact, &fields.tags)?;
        get(conn, org, contact, true)
    })
}

/// A contact; deleted ones only when `include_deleted`.
pub fn get(
    conn: &mut AnyConnection,
    org: OrgId,
    contact: ContactId,
    include_deleted: bool,
) -> Result<Contact> {
    let mut query = contacts::table
        .filter(contacts::org_id.eq(bytes(&org)))
        .filter(contacts::id.eq(bytes(&contact)))
        .select(ContactRow::as_select())
        .into_boxed();
    if !include_deleted {
        query = query.filter(contacts::deleted_at.is_null());
    }
    let row: ContactRow = query.first(conn)?;
    let mut tags = tags_of(conn, org, std::slice::from_ref(&row.id))?;
    let own = tags.remove(&row.id).unwrap_or_default();
    Ok(to_contact(row, own))
}

/// Filters of the contact list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFilter {
    /// Works for this account.
    pub account_id: Option<AccountId>,
    /// Owner.
    pub owner_id: Option<UserId>,
    /// Exact email (case-insensitive).
    pub email: Option<Email>,
    /// Carries this tag.
    pub tag: Option<String>,
}

/// One page of contacts and the position after its last row, when more follow.
pub fn list(
    conn: &mut AnyConnection,
    backend: Backend,
    org: OrgId,
    filter: &ContactFilter,
    params: &ListParams,
) -> Result<(Vec<Contact>, Option<After>)> {
    let org_bytes = bytes(&org);
    let mut query = contacts::table
        .filter(contacts::org_id.eq(org_bytes.clone()))
        .select(ContactRow::as_select())
        .into_boxed();
    if let Some(account) = filter.account_id {
        query = query.filter(contacts::account_id.eq(bytes(&account)));
    }
    if let Some(owner) = filter.owner_id {
        query = query.filter(contacts::owner_id.eq(bytes(&owner)));
    }
    if let Some(email) = &filter.email {
        query = query.filter(contacts::email_normalized.eq(email.normalized()));
    }
    if let Some(tag) = &filter.tag {
        let tagged = contact_tags::table
            .filter(contact_tags::org_id.eq(org_bytes.clone()))
            .filter(contact_tags::tag.eq(tag.clone()))
            .select(contact_tags::contact_id);
        query = query.filter(contacts::id.eq_any(tagged));
    }
    let rows: Vec<ContactRow> = apply_list_params!(query, contacts, params, backend).load(conn)?;
    let (rows, next) = finish_page(rows, params, |r| {
        (r.id.as_slice(), r.name_key.as_str(), r.updated_at)
    });
    let ids: Vec<Vec<u8>> = rows.iter().map(|r| r.id.clone()).collect();
    let mut tags = tags_of(conn, org, &ids)?;
    let items = rows
        .into_iter()
        .map(|row| {
            let own = tags.remove(&row.id).unwrap_or_default();
            to_contact(row, own)
        })
        .collect();
    Ok((items, next))
}

/// Changes a live contact: locks its row, hands the current state to `change`, and stores
/// the fields `change` returns, all in one transaction. Concurrent changes queue up instead of
/// overwriting each other; `change` sees the latest version (and can refuse a stale one).
pub fn modify<E>(
    conn: &mut AnyConnection,
    org: OrgId,
    contact: ContactId,
    now: DateTime<Utc>,
    change: impl FnOnce(&Contact) -> std::result::Result<ContactFields, E>,
) -> std::result::Result<Contact, ModifyError<E>> {
    crate::connection::write_transaction(conn, |conn| {
        // A no-op update takes the row lock (PostgreSQL) or the write lock (SQLite) first.
        let locked = diesel::update(
            contacts::table
                .filter(contacts::org_id.eq(bytes(&org)))
                .filter(contacts::id.eq(bytes(&contact)))
                .filter(contacts::deleted_at.is_null()),
        )
        .set(contacts::version.eq(contacts::version))
        .execute(conn)?;
        if locked == 0 {
            return Err(ModifyError::Db(Error::NotFound));
        }
        let current = get(conn, org, contact, false)?;
        let fields = change(&current).map_err(ModifyError::Rejected)?;
        check_references(conn, org, &fields)?;
        diesel::update(
            contacts::table
                .filter(contacts::org_id.eq(bytes(&org)))
                .filter(contacts::id.eq(bytes(&contact))),
        )
        .set((
            ContactValues::of(&fields)?,
            contacts::updated_at.eq(to_db(now)),
            contacts::version.eq(current.version + 1),
        ))
        .execute(conn)?;
        replace_tags(conn, org, contact, &fields.tags)?;
        Ok(get(conn, org, contact, false)?)
    })
}

/// Soft-deletes (`deleted = true`) or restores a contact, checking the version if given.
pub fn set_deleted(
    conn: &mut AnyConnection,
    org: OrgId,
    contact: ContactId,
    expected_version: Option<i64>,
    deleted: bool,
    now: DateTime<Utc>,
) -> Result<Contact> {
    crate::connection::write_transaction(conn, |conn| {
        let current = get(conn, org, contact, true)?;
        if current.deleted_at.is_some() == deleted {
            return Err(Error::NotFound);
        }
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(Error::Stale);
        }
        let deleted_at: Option<NaiveDateTime> = deleted.then(|| to_db(now));
        diesel::update(
            contacts::table
                .filter(contacts::org_id.eq(bytes(&org)))
                .filter(contacts::id.eq(bytes(&contact)))
                .filter(contacts::version.eq(current.version)),
        )
        .set((
            contacts::deleted_at.eq(deleted_at),
            contacts::updated_at.eq(to_db(now)),
            contacts::version.eq(current.version + 1),
        ))
        .execute(conn)?;
        get(conn, org, contact, true)
    })
}
