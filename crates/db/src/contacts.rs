//! Contacts: create, read, list with filters and search, change, delete and restore.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::contact::{Consent, Contact, ContactFields, PhoneEntry};
use domain::id::kind;
use domain::{AccountId, ContactId, Email, OrgId, PreferredChannel, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey};
use crate::phones;
use crate::record::{at_version, Record, Store};
use crate::references::{self, Reference};
use crate::schema::{contact_tags, contacts};
use crate::search::{self, Search};
use crate::side::{self, SideTable};
use crate::tags;

const TERMS: SideTable = SideTable {
    table: "contact_terms",
    owner: "contact_id",
    value: "term",
};

const TAGS: SideTable = SideTable {
    table: "contact_tags",
    owner: "contact_id",
    value: "tag",
};

/// The orders of the contact list (the same as accounts').
pub const SORTS: list::Sorts = crate::accounts::SORTS;

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
    tags: String,
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
    tags: String,
    search_text: String,
}

impl Positioned for ContactRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Name => KeyValue::Text(self.name_key.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            _ => KeyValue::None,
        }
    }
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
            tags: tags::to_json(&fields.tags)?,
            search_text: fields.search_text(),
        })
    }
}

fn to_contact(row: ContactRow) -> Contact {
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
            tags: tags::from_json(&row.tags),
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

/// Checks that a new owner and account exist (the account live) in the organization;
/// references that did not change (`before`) are not checked again.
fn check_references(
    conn: &mut AnyConnection,
    org: OrgId,
    before: Option<&ContactFields>,
    fields: &ContactFields,
) -> Result<()> {
    let mut checks = Vec::new();
    if let Some(owner) = fields
        .owner_id
        .filter(|_| before.is_none_or(|b| b.owner_id != fields.owner_id))
    {
        checks.push(Reference::any("owner_id", "users", &owner));
    }
    if let Some(account) = fields
        .account_id
        .filter(|_| before.is_none_or(|b| b.account_id != fields.account_id))
    {
        checks.push(Reference::live("account_id", "accounts", &account));
    }
    references::check(conn, org, &checks)
}

impl Record for Contact {
    type Kind = kind::Contact;
    const TABLE: &'static str = "contacts";

    fn read(conn: &mut AnyConnection, org: OrgId, contact: ContactId) -> Result<Self> {
        let row: ContactRow = contacts::table
            .filter(contacts::org_id.eq(bytes(&org)))
            .filter(contacts::id.eq(bytes(&contact)))
            .select(ContactRow::as_select())
            .first(conn)?;
        Ok(to_contact(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

impl Store for Contact {
    type Fields = ContactFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &ContactFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        check_references(conn, org, Some(&current.fields), fields)?;
        let changed = diesel::update(contacts::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                ContactValues::of(fields)?,
                contacts::updated_at.eq(to_db(now)),
                contacts::version.eq(current.version + 1),
            ))
            .execute(conn)?;
        let owner = bytes(&current.id);
        side::sync(conn, TAGS, org, &owner, &current.fields.tags, &fields.tags)?;
        let (old, new) = (current.fields.search_text(), fields.search_text());
        search::sync(conn, TERMS, org, &owner, &old, &new)?;
        if current.fields.phones != fields.phones {
            phones::sync(conn, phones::CONTACT, org, &owner, numbers(fields))?;
        }
        Ok(changed)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: ContactFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Contact {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// The contact's phone numbers as written.
fn numbers(fields: &ContactFields) -> impl Iterator<Item = &str> {
    fields.phones.iter().map(|p| p.number.as_str())
}

/// Creates a contact with the given id.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    contact: ContactId,
    fields: &ContactFields,
    now: DateTime<Utc>,
) -> Result<Contact> {
    write_transaction(conn, |conn| {
        check_references(conn, org, None, fields)?;
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
        side::sync(conn, TAGS, org, &bytes(&contact), &[], &fields.tags)?;
        search::sync(
            conn,
            TERMS,
            org,
            &bytes(&contact),
            "",
            &fields.search_text(),
        )?;
        if !fields.phones.is_empty() {
            phones::sync(
                conn,
                phones::CONTACT,
                org,
                &bytes(&contact),
                numbers(fields),
            )?;
        }
        Ok(Contact {
            id: contact,
            fields: fields.clone(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// Filters of the contact list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFilter {
    /// Search words (already split), matched as word prefixes.
    pub words: Vec<String>,
    /// Works for this account.
    pub account_id: Option<AccountId>,
    /// Owner.
    pub owner_id: Option<UserId>,
    /// Exact email (case-insensitive).
    pub email: Option<Email>,
    /// Carries this tag.
    pub tag: Option<String>,
}

/// One page of contacts.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &ContactFilter,
    params: &ListParams,
) -> Result<Page<Contact>> {
    let org_bytes = bytes(&org);
    let build = || {
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
        query
    };
    let search = Search::new(TERMS, org, filter.words.clone());
    let page = list::load_page::<Contact, _, _>(conn, build, search.as_ref(), params)?;
    Ok(page.map(to_contact))
}

/// The oldest live contact with this email address (case-insensitive), if any.
pub fn find_by_email(
    conn: &mut AnyConnection,
    org: OrgId,
    email: &Email,
) -> Result<Option<Contact>> {
    let row: Option<ContactRow> = contacts::table
        .filter(contacts::org_id.eq(bytes(&org)))
        .filter(contacts::email_normalized.eq(email.normalized()))
        .filter(contacts::deleted_at.is_null())
        .order(contacts::id.asc())
        .select(ContactRow::as_select())
        .first(conn)
        .optional()?;
    Ok(row.map(to_contact))
}
