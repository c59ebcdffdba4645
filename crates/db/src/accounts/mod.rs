//! Accounts: create, read, list with filters and search, change, delete and restore.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::account::{Account, AccountFields, Address};
use domain::id::kind;
use domain::lead::CompanySize;
use domain::{AccountId, AccountType, Money, OrgId, Tier};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{KeyValue, Positioned, SortKey, Sorts};
use crate::phones;
use crate::record::{at_version, Record, Store};
use crate::references::{self, Reference};
use crate::schema::accounts;
use crate::search;
use crate::side::{self, SideTable};
use crate::tags;
use crate::territories;

mod listing;

pub use listing::{list, AccountFilter};

const TERMS: SideTable = SideTable {
    table: "account_terms",
    owner: "account_id",
    value: "term",
};

const TAGS: SideTable = SideTable {
    table: "account_tags",
    owner: "account_id",
    value: "tag",
};

/// The orders of the account list.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("created_at", SortKey::Created),
        ("name", SortKey::Name),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Created, true),
};

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
    tags: String,
    company_size: Option<String>,
    territory_id: Option<Vec<u8>>,
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
    tags: String,
    search_text: String,
    company_size: Option<&'static str>,
}

impl Positioned for AccountRow {
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

impl<'a> AccountValues<'a> {
    fn of(fields: &'a AccountFields) -> Result<Self> {
        Ok(Self {
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
            tags: tags::to_json(&fields.tags)?,
            search_text: fields.search_text(),
            company_size: fields.company_size.map(CompanySize::as_str),
        })
    }
}

fn to_account(row: AccountRow) -> Account {
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
            company_size: row
                .company_size
                .and_then(|s| CompanySize::parse("", &s).ok()),
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
            tags: tags::from_json(&row.tags),
        },
        territory_id: opt_id(row.territory_id.as_ref()),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

/// Checks that a new owner and parent exist in the organization, and that the parent chain
/// does not come back to the account itself. References that did not change (`before`) are
/// not checked again.
fn check_references(
    conn: &mut AnyConnection,
    org: OrgId,
    account: AccountId,
    before: Option<&AccountFields>,
    fields: &AccountFields,
) -> Result<()> {
    if let Some(owner) = fields
        .owner_id
        .filter(|_| before.is_none_or(|b| b.owner_id != fields.owner_id))
    {
        references::check(conn, org, &[Reference::any("owner_id", "users", &owner)])?;
    }
    if before.is_some_and(|b| b.parent_id == fields.parent_id) {
        return Ok(());
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

impl Record for Account {
    type Kind = kind::Account;
    const TABLE: &'static str = "accounts";

    fn read(conn: &mut AnyConnection, org: OrgId, account: AccountId) -> Result<Self> {
        let row: AccountRow = accounts::table
            .filter(accounts::org_id.eq(bytes(&org)))
            .filter(accounts::id.eq(bytes(&account)))
            .select(AccountRow::as_select())
            .first(conn)?;
        Ok(to_account(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

impl Store for Account {
    type Fields = AccountFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &AccountFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        check_references(conn, org, current.id, Some(&current.fields), fields)?;
        let territory = if current.fields.placeable() == fields.placeable() {
            current.territory_id
        } else {
            territories::place(conn, org, &fields.placeable())?
        };
        let changed = diesel::update(accounts::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                AccountValues::of(fields)?,
                accounts::territory_id.eq(territory.as_ref().map(bytes)),
                accounts::updated_at.eq(to_db(now)),
                accounts::version.eq(current.version + 1),
            ))
            .execute(conn)?;
        let owner = bytes(&current.id);
        side::sync(conn, TAGS, org, &owner, &current.fields.tags, &fields.tags)?;
        let (old, new) = (current.fields.search_text(), fields.search_text());
        search::sync(conn, TERMS, org, &owner, &old, &new)?;
        if current.fields.phone != fields.phone {
            let number = fields.phone.as_deref();
            phones::sync(conn, phones::ACCOUNT, org, &owner, number)?;
        }
        Ok(changed)
    }

    /// Read back only the territory, and only when placement may have moved the account.
    fn updated(
        conn: &mut AnyConnection,
        org: OrgId,
        current: Self,
        fields: AccountFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let territory_id = if current.fields.placeable() == fields.placeable() {
            current.territory_id
        } else {
            let placed: Option<Vec<u8>> = accounts::table
                .filter(accounts::org_id.eq(bytes(&org)))
                .filter(accounts::id.eq(bytes(&current.id)))
                .select(accounts::territory_id)
                .first(conn)?;
            opt_id(placed.as_ref())
        };
        Ok(Account {
            fields,
            territory_id,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
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
    write_transaction(conn, |conn| {
        check_references(conn, org, account, None, fields)?;
        let territory_id = territories::place(conn, org, &fields.placeable())?;
        diesel::insert_into(accounts::table)
            .values((
                accounts::org_id.eq(bytes(&org)),
                accounts::id.eq(bytes(&account)),
                AccountValues::of(fields)?,
                accounts::territory_id.eq(territory_id.as_ref().map(bytes)),
                accounts::created_at.eq(to_db(now)),
                accounts::updated_at.eq(to_db(now)),
                accounts::version.eq(1_i64),
            ))
            .execute(conn)?;
        side::sync(conn, TAGS, org, &bytes(&account), &[], &fields.tags)?;
        search::sync(
            conn,
            TERMS,
            org,
            &bytes(&account),
            "",
            &fields.search_text(),
        )?;
        if let Some(number) = fields.phone.as_deref() {
            phones::sync(conn, phones::ACCOUNT, org, &bytes(&account), [number])?;
        }
        Ok(Account {
            id: account,
            fields: fields.clone(),
            territory_id,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
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

/// The oldest live account with this internet domain, if any.
pub fn find_by_domain(
    conn: &mut AnyConnection,
    org: OrgId,
    domain: &str,
) -> Result<Option<AccountId>> {
    oldest_at(conn, org, domain, None)
}

/// The oldest live customer account (of type `customer`) with this internet domain, if any.
pub fn customer_at_domain(
    conn: &mut AnyConnection,
    org: OrgId,
    domain: &str,
) -> Result<Option<AccountId>> {
    oldest_at(conn, org, domain, Some("customer"))
}

fn oldest_at(
    conn: &mut AnyConnection,
    org: OrgId,
    domain: &str,
    account_type: Option<&str>,
) -> Result<Option<AccountId>> {
    let mut query = accounts::table
        .filter(accounts::org_id.eq(bytes(&org)))
        .filter(accounts::domain.eq(domain))
        .filter(accounts::deleted_at.is_null())
        .into_boxed();
    if let Some(account_type) = account_type {
        query = query.filter(accounts::account_type.eq(account_type));
    }
    let found: Option<Vec<u8>> = query
        .order(accounts::id.asc())
        .select(accounts::id)
        .first(conn)
        .optional()?;
    Ok(found.map(|raw| id(&raw)))
}

/// The names of these accounts (deleted ones too), for records that show whose they are.
pub fn names(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[AccountId],
) -> Result<Vec<(AccountId, String)>> {
    let ids: Vec<Vec<u8>> = ids.iter().map(bytes).collect();
    let rows: Vec<(Vec<u8>, String)> = accounts::table
        .filter(accounts::org_id.eq(bytes(&org)))
        .filter(accounts::id.eq_any(ids))
        .select((accounts::id, accounts::name))
        .load(conn)?;
    Ok(rows.into_iter().map(|(a, n)| (id(&a), n)).collect())
}
