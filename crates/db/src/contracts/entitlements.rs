//! What a contract covers: its entitlements.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::entitlement::{AllowancePeriod, EntitlementFields};
use domain::id::kind;
use domain::ticket::Channel;
use domain::{AccountId, ContractId, EntitlementId, OrgId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::record::{self, at_version, Record, Store, Visibility};
use crate::references::{self, Reference};
use crate::schema::{assets, entitlements};

use super::Contract;

/// A stored entitlement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entitlement {
    /// Its id.
    pub id: EntitlementId,
    /// The contract it belongs to.
    pub contract_id: ContractId,
    /// What it says.
    pub fields: EntitlementFields,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Version.
    pub version: i64,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = entitlements)]
struct EntitlementRow {
    id: Vec<u8>,
    contract_id: Vec<u8>,
    name: String,
    channels: String,
    calendar_id: Option<Vec<u8>>,
    allowance: Option<i32>,
    period: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
    product_ids: String,
    asset_ids: String,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = entitlements, treat_none_as_null = true)]
struct EntitlementValues<'a> {
    name: &'a str,
    channels: String,
    calendar_id: Option<Vec<u8>>,
    allowance: Option<i32>,
    period: &'static str,
    product_ids: String,
    asset_ids: String,
}

/// `list` as stored: a JSON array of ids.
fn id_list<K: domain::id::IdKind>(list: &[domain::id::Id<K>]) -> String {
    let ids: Vec<String> = list.iter().map(ToString::to_string).collect();
    serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into())
}

/// A stored list of ids.
fn parse_ids<K: domain::id::IdKind>(stored: &str) -> Result<Vec<domain::id::Id<K>>> {
    let ids: Vec<String> = serde_json::from_str(stored)
        .map_err(|e| Error::Other(format!("stored entitlement ids: {e}")))?;
    ids.iter()
        .map(|i| domain::id::Id::parse("", i))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::Other(format!("stored entitlement ids: {e}")))
}

impl<'a> EntitlementValues<'a> {
    fn of(f: &'a EntitlementFields) -> Self {
        let channels: Vec<&str> = f.channels.iter().map(|c| c.as_str()).collect();
        EntitlementValues {
            name: &f.name,
            channels: serde_json::to_string(&channels).unwrap_or_else(|_| "[]".into()),
            calendar_id: f.calendar_id.as_ref().map(bytes),
            allowance: f.allowance.and_then(|a| i32::try_from(a).ok()),
            period: f.period.as_str(),
            product_ids: id_list(&f.products),
            asset_ids: id_list(&f.assets),
        }
    }
}

fn to_entitlement(row: EntitlementRow) -> Result<Entitlement> {
    let stored = |e: domain::FieldError| Error::Other(format!("stored entitlement: {e}"));
    let names: Vec<String> = serde_json::from_str(&row.channels)
        .map_err(|e| Error::Other(format!("stored entitlement channels: {e}")))?;
    let channels = names
        .iter()
        .map(|c| Channel::parse("", c))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(stored)?;
    Ok(Entitlement {
        id: id(&row.id),
        contract_id: id(&row.contract_id),
        fields: EntitlementFields {
            name: row.name,
            products: parse_ids(&row.product_ids)?,
            assets: parse_ids(&row.asset_ids)?,
            channels,
            calendar_id: opt_id(row.calendar_id.as_ref()),
            allowance: row.allowance.and_then(|a| u32::try_from(a).ok()),
            period: AllowancePeriod::parse("", &row.period).map_err(stored)?,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted: row.deleted_at.is_some(),
        version: row.version,
    })
}

/// Checks what `f` names that `before` did not: its calendar and products exist, its assets
/// are live assets of `account` (the contract's).
fn check_references(
    conn: &mut AnyConnection,
    org: OrgId,
    account: AccountId,
    before: Option<&EntitlementFields>,
    f: &EntitlementFields,
) -> Result<()> {
    let mut refs = Vec::new();
    if let Some(c) = f
        .calendar_id
        .filter(|c| before.is_none_or(|b| b.calendar_id != Some(*c)))
    {
        refs.push(Reference::live("calendar_id", "sla_calendars", &c));
    }
    for p in f
        .products
        .iter()
        .filter(|p| before.is_none_or(|b| !b.products.contains(p)))
    {
        refs.push(Reference::any("product_ids", "products", p));
    }
    references::check(conn, org, &refs)?;
    let new: Vec<Vec<u8>> = f
        .assets
        .iter()
        .filter(|a| before.is_none_or(|b| !b.assets.contains(a)))
        .map(bytes)
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    let theirs: i64 = assets::table
        .filter(assets::org_id.eq(bytes(&org)))
        .filter(assets::id.eq_any(&new))
        .filter(assets::account_id.eq(bytes(&account)))
        .filter(assets::deleted_at.is_null())
        .count()
        .get_result(conn)?;
    if usize::try_from(theirs).ok() != Some(new.len()) {
        return Err(Error::Invalid(domain::FieldError::new(
            "/asset_ids",
            "not_of_account",
            "name live assets of the contract's account",
        )));
    }
    Ok(())
}

impl Record for Entitlement {
    type Kind = kind::Entitlement;
    const TABLE: &'static str = "entitlements";

    fn read(conn: &mut AnyConnection, org: OrgId, entitlement: EntitlementId) -> Result<Self> {
        let row: EntitlementRow = entitlements::table
            .filter(entitlements::org_id.eq(bytes(&org)))
            .filter(entitlements::id.eq(bytes(&entitlement)))
            .select(EntitlementRow::as_select())
            .first(conn)?;
        to_entitlement(row)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted
    }
}

impl Store for Entitlement {
    type Fields = EntitlementFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &EntitlementFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let contract: Contract = record::get(conn, org, current.contract_id, Visibility::Any)?;
        check_references(
            conn,
            org,
            contract.fields.account_id,
            Some(&current.fields),
            fields,
        )?;
        Ok(diesel::update(entitlements::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                EntitlementValues::of(fields),
                entitlements::updated_at.eq(to_db(now)),
                entitlements::version.eq(current.version + 1),
            ))
            .execute(conn)?)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: EntitlementFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Entitlement {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Adds an entitlement to a live contract.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    contract: ContractId,
    fields: &EntitlementFields,
    now: DateTime<Utc>,
) -> Result<Entitlement> {
    let entitlement = EntitlementId::mint();
    write_transaction(conn, |conn| {
        let locked = record::lock::<Contract>(conn, org, contract)?;
        if locked.deleted {
            return Err(Error::NotFound);
        }
        let account = Contract::read(conn, org, contract)?.fields.account_id;
        check_references(conn, org, account, None, fields)?;
        diesel::insert_into(entitlements::table)
            .values((
                entitlements::org_id.eq(bytes(&org)),
                entitlements::id.eq(bytes(&entitlement)),
                entitlements::contract_id.eq(bytes(&contract)),
                EntitlementValues::of(fields),
                entitlements::created_at.eq(to_db(now)),
                entitlements::updated_at.eq(to_db(now)),
                entitlements::version.eq(1_i64),
            ))
            .execute(conn)?;
        Ok(Entitlement {
            id: entitlement,
            contract_id: contract,
            fields: fields.clone(),
            created_at: now,
            updated_at: now,
            deleted: false,
            version: 1,
        })
    })
}

/// The entitlements of `contracts`, oldest first; deleted ones only when `with_deleted`.
pub fn of_contracts(
    conn: &mut AnyConnection,
    org: OrgId,
    contracts: &[ContractId],
    with_deleted: bool,
) -> Result<Vec<Entitlement>> {
    if contracts.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Vec<u8>> = contracts.iter().map(bytes).collect();
    let mut q = entitlements::table
        .filter(entitlements::org_id.eq(bytes(&org)))
        .filter(entitlements::contract_id.eq_any(ids))
        .select(EntitlementRow::as_select())
        .order(entitlements::id)
        .into_boxed();
    if !with_deleted {
        q = q.filter(entitlements::deleted_at.is_null());
    }
    q.load(conn)?.into_iter().map(to_entitlement).collect()
}
