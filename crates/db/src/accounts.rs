//! Accounts: create, read, list with filters and search, change, delete and restore.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::account::{Account, AccountFields, Address};
use domain::{AccountId, AccountType, Money, OrgId, Tier, UserId};

use crate::connection::{AnyConnection, Backend};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, ModifyError, Result};
use crate::list::{apply_list_params, finish_page, After, ListParams};
use crate::schema::{account_tags, accounts};

crate::tags::tag_store!(account_tags, account_id, AccountId);

#[derive(Queryable, Selectable)]
#[diesel(table_name = accounts)]
struct AccountRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    domain: Option<String>,
    account_type: String,
    industry: Option<String>,
    tier: Option<String>,
    owner_id: Option<Vec<u8>>,
    parent_id: Option<Vec<u8>>,
    street: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
    phone: Option<String>,
    website: Option<String>,
    revenue_minor: Option<i64>,
    revenue_currency: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = accounts, treat_none_as_null = true)]
struct AccountValues<'a> {
    name: &'a str,
    name_key: String,
    domain: Option<&'a str>,
    account_type: &'static str,
    industry: Option<&'a str>,
    tier: Option<&'static str>,
    owner_id: Option<Vec<u8>>,
    parent_id: Option<Vec<u8>>,
    street: Option<&'a str>,
    city: Option<&'a str>,
    region: Option<&'a str>,
    postal_code: Option<&'a str>,
    country: Option<&'a str>,
    phone: Option<&'a str>,
    website: Option<&'a str>,
    revenue_minor: Option<i64>,
    revenue_currency: Option<&'static str>,
    search_text: String,
}

impl<'a> AccountValues<'a> {
    fn of(fields: &'a AccountFields) -> Self {
        Self {
            name: &fields.name,
            name_key: domain::text::sort_key(&fields.name),
            domain: fields.domain.as_deref(),
            account_type: fields.account_type.as_str(),
            industry: fields.industry.as_deref(),
            tier: fields.tier.map(Tier::as_str),
            owner_id: fields.owner_id.as_ref().map(bytes),
            parent_id: fields.parent_id.as_ref().map(bytes),
            street: fields.address.street.as_deref(),
            city: fields.address.city.as_deref(),
            region: fields.address.region.as_deref(),
            postal_code: fields.address.postal_code.as_deref(),
            country: fields.address.country.as_deref(),
            phone: fields.phone.as_deref(),
            website: fields.website.as_deref(),
            revenue_minor: fields.annual_revenue.map(|m| m.amount_minor),
            revenue_currency: fields.annual_revenue.map(|m| m.currency.code()),
            search_text: fields.search_text(),
        }
    }
}

fn to_account(row: AccountRow, tags: Vec<String>) -> Account {
    let annual_revenue = match (row.revenue_minor, row.revenue_currency.as_deref()) {
        (Some(amount), Some(currency)) => Money::parse("", amount, currency, false).ok(),
        _ => None,
    };
    Account {
        id: id(&row.id),
        fields: AccountFields {
            name: row.name,
            domain: row.domain,
            account_type: AccountType::parse("", &row.account_type)
                .unwrap_or(AccountType::Prospect),
            industry: row.industry,
            tier: row.tier.and_then(|t| Tier::parse("", &t).ok()),
            owner_id: opt_id(row.owner_id.as_ref()),
            parent_id: opt_id(row.parent_id.as_ref()),
            address: Address {
                street: row.street,
                city: row.city,
                region: row.region,
                postal_code: row.postal_code,
                country: row.country,
            },
            phone: row.phone,
            website: row.website,
            annual_revenue,
            tags,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

/// Checks that the owner and parent exist in the organization, and that the parent chain
/// does not come back to the account itself.
fn check_references(
    conn: &mut AnyConnection,
    org: OrgId,
    account: AccountId,
    fields: &AccountFields,
) -> Result<()> {
    if let Some(owner) = fields.owner_id {
        if !crate::users::exists(conn, org, owner)? {
            return Err(Error::UnknownReference("owner_id"));
        }
    }
    let mut next = fields.parent_id;
    let mut depth = 0;
    while let Some(parent) = next {
        if parent == account {
            return Err(Error::Conflict("parent_cycle"));
        }
        let found: Option<Option<Vec<u8>>> = accounts::table
            .filter(accounts::org_id.eq(bytes(&org)))
            .filter(accounts::id.eq(bytes(&parent)))
            .select(accounts::parent_id)
            .first(conn)
            .optional()?;
        match found {
            None if depth == 0 => return Err(Error::UnknownReference("parent_id")),
            None => break,
            Some(grandparent) => next = opt_id(grandparent.as_ref()),
        }
        depth += 1;
        if depth > 64 {
            return Err(Error::Conflict("parent_cycle"));
        }
    }
    Ok(())
}

/// Creates an account with the given id (the caller made it, so a retried request can be
/// recognised).
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    account: AccountId,
    fields: &AccountFields,
    now: DateTime<Utc>,
) -> Result<Account> {
    crate::connection::write_transaction(conn, |conn| {
        check_references(conn, org, account, fields)?;
        diesel::insert_into(accounts::table)
            .values((
                accounts::org_id.eq(bytes(&org)),
                accounts::id.eq(bytes(&account)),
                AccountValues::of(fields),
                accounts::created_at.eq(to_db(now)),
                accounts::updated_at.eq(to_db(now)),
                accounts::version.eq(1_i64),
            ))
            .execute(conn)?;
        replace_tags(conn, org, account, &fields.tags)?;
        get(conn, org, account, true)
    })
}

/// An account; deleted ones only when `include_deleted`.
pub fn get(
    conn: &mut AnyConnection,
    org: OrgId,
    account: AccountId,
    include_deleted: bool,
) -> Result<Account> {
    let mut query = accounts::table
        .filter(accounts::org_id.eq(bytes(&org)))
        .filter(accounts::id.eq(bytes(&account)))
        .select(AccountRow::as_select())
        .into_boxed();
    if !include_deleted {
        query = query.filter(accounts::deleted_at.is_null());
    }
    let row: AccountRow = query.first(conn)?;
    let mut tags = tags_of(conn, org, std::slice::from_ref(&row.id))?;
    let own = tags.remove(&row.id).unwrap_or_default();
    Ok(to_account(row, own))
}

/// Filters of the account list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFilter {
    /// Relationship.
    pub account_type: Option<AccountType>,
    /// Exact industry.
    pub industry: Option<String>,
    /// Tier.
    pub tier: Option<Tier>,
    /// Owner.
    pub owner_id: Option<UserId>,
    /// Parent account.
    pub parent_id: Option<AccountId>,
    /// Carries this tag.
    pub tag: Option<String>,
}

/// One page of accounts and the position after its last row, when more follow.
pub fn list(
    conn: &mut AnyConnection,
    backend: Backend,
    org: OrgId,
    filter: &AccountFilter,
    params: &ListParams,
) -> Result<(Vec<Account>, Option<After>)> {
    let org_bytes = bytes(&org);
    let mut query = accounts::table
        .filter(accounts::org_id.eq(org_bytes.clone()))
        .select(AccountRow::as_select())
        .into_boxed();
    if let Some(kind) = filter.account_type {
        query = query.filter(accounts::account_type.eq(kind.as_str()));
    }
    if let Some(industry) = &filter.industry {
        query = query.filter(accounts::industry.eq(industry.clone()));
    }
    if let Some(tier) = filter.tier {
        query = query.filter(accounts::tier.eq(tier.as_str()));
    }
    if let Some(owner) = filter.owner_id {
        query = query.filter(accounts::owner_id.eq(bytes(&owner)));
    }
    if let Some(parent) = filter.parent_id {
        query = query.filter(accounts::parent_id.eq(bytes(&parent)));
    }
    if let Some(tag) = &filter.tag {
        let tagged = account_tags::table
            .filter(account_tags::org_id.eq(org_bytes.clone()))
            .filter(account_tags::tag.eq(tag.clone()))
            .select(account_tags::account_id);
        query = query.filter(accounts::id.eq_any(tagged));
    }
    let rows: Vec<AccountRow> = apply_list_params!(query, accounts, params, backend).load(conn)?;
    let (rows, next) = finish_page(rows, params, |r| {
        (r.id.as_slice(), r.name_key.as_str(), r.updated_at)
    });
    let ids: Vec<Vec<u8>> = rows.iter().map(|r| r.id.clone()).collect();
    let mut tags = tags_of(conn, org, &ids)?;
    let items = rows
        .into_iter()
        .map(|row| {
            let own = tags.remove(&row.id).unwrap_or_default();
            to_account(row, own)
        })
        .collect();
    Ok((items, next))
}

/// Changes a live account: locks its row, hands the current state to `change`, and stores
/// the fields `change` returns, all in one transaction. Concurrent changes queue up instead of
/// overwriting each other; `change` sees the latest version (and can refuse a stale one).
pub fn modify<E>(
    conn: &mut AnyConnection,
    org: OrgId,
    account: AccountId,
    now: DateTime<Utc>,
    change: impl FnOnce(&Account) -> std::result::Result<AccountFields, E>,
) -> std::result::Result<Account, ModifyError<E>> {
    crate::connection::write_transaction(conn, |conn| {
        // A no-op update takes the row lock (PostgreSQL) or the write lock (SQLite) first.
        let locked = diesel::update(
            accounts::table
                .filter(accounts::org_id.eq(bytes(&org)))
                .filter(accounts::id.eq(bytes(&account)))
                .filter(accounts::deleted_at.is_null()),
        )
        .set(accounts::version.eq(accounts::version))
        .execute(conn)?;
        if locked == 0 {
            return Err(ModifyError::Db(Error::NotFound));
        }
        let current = get(conn, org, account, false)?;
        let fields = change(&current).map_err(ModifyError::Rejected)?;
        check_references(conn, org, account, &fields)?;
        diesel::update(
            accounts::table
                .filter(accounts::org_id.eq(bytes(&org)))
                .filter(accounts::id.eq(bytes(&account))),
        )
        .set((
            AccountValues::of(&fields),
            accounts::updated_at.eq(to_db(now)),
            accounts::version.eq(current.version + 1),
        ))
        .execute(conn)?;
        replace_tags(conn, org, account, &fields.tags)?;
        Ok(get(conn, org, account, false)?)
    })
}

/// Soft-deletes (`deleted = true`) or restores an account, checking the version if given.
pub fn set_deleted(
    conn: &mut AnyConnection,
    org: OrgId,
    account: AccountId,
    expected_version: Option<i64>,
    deleted: bool,
    now: DateTime<Utc>,
) -> Result<Account> {
    crate::connection::write_transaction(conn, |conn| {
        let current = get(conn, org, account, true)?;
        // Only a live account can be deleted and only a deleted one restored.
        if current.deleted_at.is_some() == deleted {
            return Err(Error::NotFound);
        }
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(Error::Stale);
        }
        let deleted_at: Option<NaiveDateTime> = deleted.then(|| to_db(now));
        diesel::update(
            accounts::table
                .filter(accounts::org_id.eq(bytes(&org)))
                .filter(accounts::id.eq(bytes(&account)))
                .filter(accounts::version.eq(current.version)),
        )
        .set((
            accounts::deleted_at.eq(deleted_at),
            accounts::updated_at.eq(to_db(now)),
            accounts::version.eq(current.version + 1),
        ))
        .execute(conn)?;
        get(conn, org, account, true)
    })
}

/// Counts of what hangs off an account: contacts, notes, child accounts.
pub fn counts(conn: &mut AnyConnection, org: OrgId, account: AccountId) -> Result<(i64, i64, i64)> {
    use crate::schema::{contacts, notes};
    let org_bytes = bytes(&org);
    let account_bytes = bytes(&account);
    let contact_count = contacts::table
        .filter(contacts::org_id.eq(&org_bytes))
        .filter(contacts::account_id.eq(&account_bytes))
        .filter(contacts::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    let note_count = notes::table
        .filter(notes::org_id.eq(&org_bytes))
        .filter(notes::account_id.eq(&account_bytes))
        .filter(notes::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    let child_count = accounts::table
        .filter(accounts::org_id.eq(&org_bytes))
        .filter(accounts::parent_id.eq(&account_bytes))
        .filter(accounts::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    Ok((contact_count, note_count, child_count))
}
