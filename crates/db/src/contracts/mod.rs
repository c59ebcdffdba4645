//! Service contracts, with the contacts authorised under each (`contract_contacts`). Writes
//! take the account's row lock first, so that two contracts of one type and account whose
//! dates overlap cannot both be written, even at once.

mod authorised;
mod checks;
pub mod entitlements;
mod lapse;
pub mod usage;

pub use lapse::{awaiting_notice, claim_notice, lapsed};

use authorised::{authorised_of, sync_authorised, take_authorised};
use checks::{check, check_overlap, next_number, number_taken};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::account::Account;
use domain::contract::{ContractFields, ContractStatus, ContractType, Renewal};
use domain::id::kind;
use domain::{AccountId, ContactId, ContractId, Currency, Money, OrgId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::exchange_rates::{day, parse_day};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::contracts;

/// A stored contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    /// Its id.
    pub id: ContractId,
    /// What it says.
    pub fields: ContractFields,
    /// Who wrote it.
    pub created_by: Option<UserId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Version.
    pub version: i64,
}

/// Latest change first by default; also by end (soonest first: what needs renewing).
pub const SORTS: Sorts = Sorts {
    options: &[
        ("updated_at", SortKey::Updated),
        ("created_at", SortKey::Created),
        ("ends_on", SortKey::EndsOn),
    ],
    default: (SortKey::Updated, true),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = contracts)]
struct ContractRow {
    id: Vec<u8>,
    number: String,
    account_id: Vec<u8>,
    contract_type: String,
    status: String,
    starts_on: String,
    ends_on: String,
    value_minor: Option<i64>,
    currency: Option<String>,
    auto_renew: bool,
    renewal_term_months: Option<i32>,
    expiry_notice_days: i32,
    owner_id: Vec<u8>,
    sla_policy_id: Option<Vec<u8>>,
    notes: Option<String>,
    created_by: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for ContractRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::EndsOn => KeyValue::Text(self.ends_on.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            _ => KeyValue::None,
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = contracts, treat_none_as_null = true)]
struct ContractValues<'a> {
    number: &'a str,
    account_id: Vec<u8>,
    contract_type: &'static str,
    status: &'static str,
    starts_on: String,
    ends_on: String,
    value_minor: Option<i64>,
    currency: Option<&'static str>,
    auto_renew: bool,
    renewal_term_months: Option<i32>,
    expiry_notice_days: i32,
    owner_id: Vec<u8>,
    sla_policy_id: Option<Vec<u8>>,
    notes: Option<&'a str>,
    notice_on: String,
}

impl<'a> ContractValues<'a> {
    fn of(f: &'a ContractFields) -> Self {
        ContractValues {
            number: &f.number,
            account_id: bytes(&f.account_id),
            contract_type: f.contract_type.as_str(),
            status: f.status.as_str(),
            starts_on: day(f.starts_on),
            ends_on: day(f.ends_on),
            value_minor: f.value.as_ref().map(|m| m.amount_minor),
            currency: f.value.as_ref().map(|m| m.currency.code()),
            auto_renew: f.renewal.auto_renew,
            renewal_term_months: f.renewal.term_months.and_then(|m| i32::try_from(m).ok()),
            expiry_notice_days: i32::try_from(f.renewal.notice_days).unwrap_or(i32::MAX),
            owner_id: bytes(&f.owner_id),
            sla_policy_id: f.sla_policy_id.as_ref().map(bytes),
            notes: f.notes.as_deref(),
            notice_on: day(f.notice_on()),
        }
    }
}

fn stored<T>(what: &str, parsed: std::result::Result<T, domain::FieldError>) -> Result<T> {
    parsed.map_err(|e| Error::Other(format!("stored contract {what}: {e}")))
}

fn to_contract(row: ContractRow, authorised: Vec<ContactId>) -> Result<Contract> {
    let value = match (row.value_minor, row.currency.as_deref()) {
        (Some(amount_minor), Some(code)) => Some(Money {
            amount_minor,
            currency: stored("currency", Currency::parse("", code))?,
        }),
        _ => None,
    };
    Ok(Contract {
        id: id(&row.id),
        fields: ContractFields {
            number: row.number,
            account_id: id(&row.account_id),
            contract_type: stored("type", ContractType::parse("", &row.contract_type))?,
            status: stored("status", ContractStatus::parse("", &row.status))?,
            starts_on: parse_day(&row.starts_on),
            ends_on: parse_day(&row.ends_on),
            value,
            renewal: Renewal {
                auto_renew: row.auto_renew,
                term_months: row.renewal_term_months.and_then(|m| u32::try_from(m).ok()),
                notice_days: u32::try_from(row.expiry_notice_days).unwrap_or(0),
            },
            owner_id: id(&row.owner_id),
            sla_policy_id: opt_id(row.sla_policy_id.as_ref()),
            authorised_contacts: authorised,
            notes: row.notes,
        },
        created_by: opt_id(row.created_by.as_ref()),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted: row.deleted_at.is_some(),
        version: row.version,
    })
}

fn to_contracts(
    conn: &mut AnyConnection,
    org: OrgId,
    rows: Vec<ContractRow>,
) -> Result<Vec<Contract>> {
    let ids: Vec<Vec<u8>> = rows.iter().map(|r| r.id.clone()).collect();
    let mut authorised = authorised_of(conn, org, &ids)?;
    rows.into_iter()
        .map(|row| {
            let mine = take_authorised(&mut authorised, &row.id);
            to_contract(row, mine)
        })
        .collect()
}

impl Record for Contract {
    type Kind = kind::Contract;
    const TABLE: &'static str = "contracts";

    fn read(conn: &mut AnyConnection, org: OrgId, contract: ContractId) -> Result<Self> {
        let row: ContractRow = contracts::table
            .filter(contracts::org_id.eq(bytes(&org)))
            .filter(contracts::id.eq(bytes(&contract)))
            .select(ContractRow::as_select())
            .first(conn)?;
        let authorised = authorised_of(conn, org, std::slice::from_ref(&row.id))?;
        to_contract(row, authorised.into_iter().map(|(_, c)| c).collect())
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted
    }

    /// A restored contract must not overlap one written while it was in the trash.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        contract: ContractId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        record::set_deleted::<Self>(conn, org, contract, expected, deleted, now, |conn| {
            if deleted {
                return Ok(());
            }
            let current = Self::read(conn, org, contract)?;
            record::lock::<Account>(conn, org, current.fields.account_id)?;
            if current.fields.status == ContractStatus::Cancelled {
                return Ok(());
            }
            check_overlap(conn, org, contract, &current.fields)
        })
        .map(|_| ())
    }
}

impl Store for Contract {
    type Fields = ContractFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &ContractFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        record::lock::<Account>(conn, org, fields.account_id)?;
        check(conn, org, (current.id, Some(&current.fields)), fields)?;
        if fields.authorised_contacts != current.fields.authorised_contacts {
            sync_authorised(conn, org, current.id, &fields.authorised_contacts)?;
        }
        diesel::update(contracts::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                ContractValues::of(fields),
                contracts::updated_at.eq(to_db(now)),
                contracts::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(|e| number_taken(e.into()))
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: ContractFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Contract {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Writes a new contract; an empty number takes the next `CON-…` one.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &ContractFields,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Contract> {
    let contract = ContractId::mint();
    write_transaction(conn, |conn| {
        record::lock::<Account>(conn, org, fields.account_id).map_err(|e| match e {
            Error::NotFound => Error::UnknownReference("account_id"),
            other => other,
        })?;
        let mut fields = fields.clone();
        if fields.number.is_empty() {
            fields.number = next_number(conn, org)?;
        }
        check(conn, org, (contract, None), &fields)?;
        diesel::insert_into(contracts::table)
            .values((
                contracts::org_id.eq(bytes(&org)),
                contracts::id.eq(bytes(&contract)),
                ContractValues::of(&fields),
                contracts::created_by.eq(by.as_ref().map(bytes)),
                contracts::created_at.eq(to_db(now)),
                contracts::updated_at.eq(to_db(now)),
                contracts::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(|e| number_taken(e.into()))?;
        sync_authorised(conn, org, contract, &fields.authorised_contacts)?;
        Ok(Contract {
            id: contract,
            fields,
            created_by: by,
            created_at: now,
            updated_at: now,
            deleted: false,
            version: 1,
        })
    })
}

/// Filters of the contract list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContractFilter {
    /// Of this account.
    pub account_id: Option<AccountId>,
    /// In this state.
    pub status: Option<ContractStatus>,
    /// Of this type.
    pub contract_type: Option<ContractType>,
    /// Looked after by this user.
    pub owner_id: Option<UserId>,
    /// Ending on or before this day.
    pub ends_before: Option<NaiveDate>,
}

/// One page of contracts.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &ContractFilter,
    params: &ListParams,
) -> Result<Page<Contract>> {
    let build = || {
        let mut q = contracts::table
            .filter(contracts::org_id.eq(bytes(&org)))
            .select(ContractRow::as_select())
            .into_boxed();
        if let Some(account) = &filter.account_id {
            q = q.filter(contracts::account_id.eq(bytes(account)));
        }
        if let Some(status) = filter.status {
            q = q.filter(contracts::status.eq(status.as_str()));
        }
        if let Some(t) = filter.contract_type {
            q = q.filter(contracts::contract_type.eq(t.as_str()));
        }
        if let Some(owner) = &filter.owner_id {
            q = q.filter(contracts::owner_id.eq(bytes(owner)));
        }
        if let Some(before) = filter.ends_before {
            q = q.filter(contracts::ends_on.le(day(before)));
        }
        q
    };
    let page = list::load_page::<Contract, _, _>(conn, build, None, params)?;
    let ids: Vec<Vec<u8>> = page.items.iter().map(|r| r.id.clone()).collect();
    let mut authorised = authorised_of(conn, org, &ids)?;
    page.try_map(|row| {
        let mine = take_authorised(&mut authorised, &row.id);
        to_contract(row, mine)
    })
}

/// The live contracts of an account in force on `day` (active, the day within their dates).
pub fn in_force(
    conn: &mut AnyConnection,
    org: OrgId,
    account: AccountId,
    on: NaiveDate,
) -> Result<Vec<Contract>> {
    let rows: Vec<ContractRow> = contracts::table
        .filter(contracts::org_id.eq(bytes(&org)))
        .filter(contracts::account_id.eq(bytes(&account)))
        .filter(contracts::status.eq(ContractStatus::Active.as_str()))
        .filter(contracts::deleted_at.is_null())
        .filter(contracts::starts_on.le(day(on)))
        .filter(contracts::ends_on.ge(day(on)))
        .order(contracts::id)
        .select(ContractRow::as_select())
        .load(conn)?;
    to_contracts(conn, org, rows)
}
