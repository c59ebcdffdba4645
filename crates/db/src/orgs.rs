//! Organizations (tenants).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::entitlement::EntitlementCheck;
use domain::phone::Region;
use domain::{Currency, OrgId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::schema::{exchange_rates, opportunities, organizations};
use crate::sql::{Sql, Value};

/// An organization and the rules its admins set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Its name.
    pub name: String,
    /// How many days a solved ticket can be reopened by a reply.
    pub reopen_window_days: i32,
    /// After how many days a solved ticket closes by itself.
    pub auto_close_after_days: i32,
    /// The largest attachment, in MiB.
    pub max_attachment_mib: i32,
    /// Who receives new leads no assignment rule assigns.
    pub default_lead_owner_id: Option<UserId>,
    /// The currency totals are reported in.
    pub base_currency: Currency,
    /// Senders whose mail opens nothing: addresses and `@domain`s.
    pub blocked_senders: Vec<String>,
    /// Where numbers without a country code are read.
    pub phone_region: Region,
    /// What happens to a ticket no entitlement covers.
    pub entitlement_check: EntitlementCheck,
    /// Whether customers at the domains of known accounts may sign themselves up to the
    /// portal.
    pub portal_self_sign_up: bool,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// What an admin changes; `None` keeps a value.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = organizations)]
pub struct OrganizationChanges {
    /// A new name.
    pub name: Option<String>,
    /// A new reopen window.
    pub reopen_window_days: Option<i32>,
    /// A new auto-close time.
    pub auto_close_after_days: Option<i32>,
    /// A new largest attachment.
    pub max_attachment_mib: Option<i32>,
    /// A new default lead owner (`Some(None)` for none), a user of the organization.
    pub default_lead_owner_id: Option<Option<Vec<u8>>>,
    /// A new base currency (an ISO 4217 code), allowed while nothing is priced yet.
    pub base_currency: Option<String>,
    /// A new block list, as JSON.
    pub blocked_senders: Option<String>,
    /// A new phone region (checked).
    pub phone_region: Option<String>,
    /// A new entitlement check (checked).
    pub entitlement_check: Option<String>,
    /// Whether customers may sign themselves up to the portal.
    pub portal_self_sign_up: Option<bool>,
}

/// Creates an organization and returns its id.
pub fn create(conn: &mut AnyConnection, name: &str, now: DateTime<Utc>) -> Result<OrgId> {
    let id = OrgId::mint();
    diesel::insert_into(organizations::table)
        .values((
            organizations::id.eq(bytes(&id)),
            organizations::name.eq(name),
            organizations::created_at.eq(to_db(now)),
            organizations::updated_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The organization's name.
pub fn name(conn: &mut AnyConnection, org: OrgId) -> Result<String> {
    Ok(organizations::table
        .find(bytes(&org))
        .select(organizations::name)
        .first(conn)?)
}

/// Where the organization reads numbers written without a country code.
pub fn phone_region(conn: &mut AnyConnection, org: OrgId) -> Result<Region> {
    let code: String = organizations::table
        .find(bytes(&org))
        .select(organizations::phone_region)
        .first(conn)?;
    Ok(Region::stored(&code))
}

/// What happens to the organization's tickets no entitlement covers.
pub fn entitlement_check(conn: &mut AnyConnection, org: OrgId) -> Result<EntitlementCheck> {
    let name: String = organizations::table
        .find(bytes(&org))
        .select(organizations::entitlement_check)
        .first(conn)?;
    EntitlementCheck::parse("", &name).map_err(|e| Error::Other(e.to_string()))
}

/// Whether customers at the domains of known accounts may sign themselves up to the portal.
pub fn portal_self_sign_up(conn: &mut AnyConnection, org: OrgId) -> Result<bool> {
    Ok(organizations::table
        .find(bytes(&org))
        .select(organizations::portal_self_sign_up)
        .first(conn)?)
}

/// How many organizations the database holds.
pub fn count(conn: &mut AnyConnection) -> Result<i64> {
    Ok(organizations::table.count().get_result(conn)?)
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = organizations)]
struct OrganizationRow {
    name: String,
    reopen_window_days: i32,
    auto_close_after_days: i32,
    max_attachment_mib: i32,
    default_lead_owner_id: Option<Vec<u8>>,
    base_currency: String,
    blocked_senders: String,
    phone_region: String,
    entitlement_check: String,
    portal_self_sign_up: bool,
    updated_at: NaiveDateTime,
    version: i64,
}

/// The organization with its rules.
pub fn get(conn: &mut AnyConnection, org: OrgId) -> Result<Organization> {
    let row: OrganizationRow = organizations::table
        .find(bytes(&org))
        .select(OrganizationRow::as_select())
        .first(conn)?;
    Ok(Organization {
        name: row.name,
        reopen_window_days: row.reopen_window_days,
        auto_close_after_days: row.auto_close_after_days,
        max_attachment_mib: row.max_attachment_mib,
        default_lead_owner_id: opt_id(row.default_lead_owner_id.as_ref()),
        base_currency: Currency::parse("", &row.base_currency)
            .map_err(|e| Error::Other(e.to_string()))?,
        blocked_senders: serde_json::from_str(&row.blocked_senders).unwrap_or_default(),
        phone_region: Region::stored(&row.phone_region),
        entitlement_check: EntitlementCheck::parse("", &row.entitlement_check)
            .map_err(|e| Error::Other(e.to_string()))?,
        portal_self_sign_up: row.portal_self_sign_up,
        updated_at: from_db(row.updated_at),
        version: row.version,
    })
}

/// Applies `changes` if the organization is still at `expected` (any version when `None`);
/// a stale version is [`Error::Stale`].
pub fn update(
    conn: &mut AnyConnection,
    org: OrgId,
    changes: &OrganizationChanges,
    expected: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Organization> {
    write_transaction(conn, |conn| {
        if let Some(Some(owner)) = &changes.default_lead_owner_id {
            if !crate::users::exists(conn, org, id(owner))? {
                return Err(Error::UnknownReference("default_lead_owner_id"));
            }
        }
        if let Some(code) = &changes.base_currency {
            // Lock first: a deal being priced holds the row shared until it commits.
            if matches!(conn, AnyConnection::Postgresql(_)) {
                Sql::new("SELECT 1 FROM organizations WHERE id = ")
                    .value(Value::Bytes(bytes(&org)))
                    .push(" FOR UPDATE")
                    .execute(conn)?;
            }
            if *code != get(conn, org)?.base_currency.code() && prices_anything(conn, org)? {
                return Err(Error::Conflict("base_currency_in_use"));
            }
        }
        let target = organizations::table.filter(organizations::id.eq(bytes(&org)));
        let stamp = (
            organizations::updated_at.eq(to_db(now)),
            organizations::version.eq(organizations::version + 1),
        );
        let changed = match expected {
            Some(version) => diesel::update(target.filter(organizations::version.eq(version)))
                .set((changes, stamp))
                .execute(conn)?,
            None => diesel::update(target).set((changes, stamp)).execute(conn)?,
        };
        if changed == 0 {
            get(conn, org)?;
            return Err(Error::Stale);
        }
        get(conn, org)
    })
}

/// Whether any deal or exchange rate is priced against the base currency.
fn prices_anything(conn: &mut AnyConnection, org: OrgId) -> Result<bool> {
    let deals: Vec<Vec<u8>> = opportunities::table
        .filter(opportunities::org_id.eq(bytes(&org)))
        .select(opportunities::id)
        .limit(1)
        .load(conn)?;
    let rates: Vec<Vec<u8>> = exchange_rates::table
        .filter(exchange_rates::org_id.eq(bytes(&org)))
        .select(exchange_rates::id)
        .limit(1)
        .load(conn)?;
    Ok(!deals.is_empty() || !rates.is_empty())
}

/// The base currency, held (PostgreSQL `FOR SHARE`) until the transaction ends, so it cannot
/// change under a deal or rate being written.
pub fn base_currency_for_pricing(conn: &mut AnyConnection, org: OrgId) -> Result<Currency> {
    if matches!(conn, AnyConnection::Postgresql(_)) {
        Sql::new("SELECT 1 FROM organizations WHERE id = ")
            .value(Value::Bytes(bytes(&org)))
            .push(" FOR SHARE")
            .execute(conn)?;
    }
    Ok(get(conn, org)?.base_currency)
}
