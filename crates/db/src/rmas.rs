//! Returns of faulty units (RMA): opened from a ticket about an asset, numbered `RMA-00001`…
//! per organization, moved along their lifecycle with the time each step was reached.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::rma::{Milestones, RmaFields, RmaStatus, Shipping};
use domain::{AccountId, AssetId, Currency, Money, OrgId, RmaId, TicketId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{at_version, Record, Store};
use crate::schema::rmas;

/// A stored return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rma {
    /// Its id.
    pub id: RmaId,
    /// What it says.
    pub fields: RmaFields,
    /// When it reached each step.
    pub milestones: Milestones,
    /// Who opened it.
    pub created_by: Option<UserId>,
    /// Opened.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Version.
    pub version: i64,
}

/// Latest change first by default; also by opening.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("updated_at", SortKey::Updated),
        ("created_at", SortKey::Created),
    ],
    default: (SortKey::Updated, true),
};

#[derive(Queryable, Selectable)]
#[diesel(table_name = rmas)]
struct RmaRow {
    id: Vec<u8>,
    number: String,
    ticket_id: Vec<u8>,
    asset_id: Vec<u8>,
    account_id: Vec<u8>,
    status: String,
    reason: String,
    under_warranty: bool,
    carrier: Option<String>,
    tracking_number: Option<String>,
    inspection_notes: Option<String>,
    charge_minor: Option<i64>,
    charge_currency: Option<String>,
    credit_minor: Option<i64>,
    credit_currency: Option<String>,
    notes: Option<String>,
    decided_at: Option<NaiveDateTime>,
    received_at: Option<NaiveDateTime>,
    inspected_at: Option<NaiveDateTime>,
    resolved_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
    created_by: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for RmaRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Updated => KeyValue::Time(self.updated_at),
            _ => KeyValue::None,
        }
    }
}

/// The columns a change writes (the number, ticket, asset, account and warranty stay as
/// opened).
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = rmas, treat_none_as_null = true)]
struct RmaChange<'a> {
    status: &'static str,
    reason: &'a str,
    carrier: Option<&'a str>,
    tracking_number: Option<&'a str>,
    inspection_notes: Option<&'a str>,
    charge_minor: Option<i64>,
    charge_currency: Option<&'static str>,
    credit_minor: Option<i64>,
    credit_currency: Option<&'static str>,
    notes: Option<&'a str>,
    decided_at: Option<NaiveDateTime>,
    received_at: Option<NaiveDateTime>,
    inspected_at: Option<NaiveDateTime>,
    resolved_at: Option<NaiveDateTime>,
    closed_at: Option<NaiveDateTime>,
}

impl<'a> RmaChange<'a> {
    fn of(f: &'a RmaFields, m: &Milestones) -> Self {
        RmaChange {
            status: f.status.as_str(),
            reason: &f.reason,
            carrier: f.shipping.carrier.as_deref(),
            tracking_number: f.shipping.tracking_number.as_deref(),
            inspection_notes: f.inspection_notes.as_deref(),
            charge_minor: f.charge.map(|m| m.amount_minor),
            charge_currency: f.charge.map(|m| m.currency.code()),
            credit_minor: f.credit.map(|m| m.amount_minor),
            credit_currency: f.credit.map(|m| m.currency.code()),
            notes: f.notes.as_deref(),
            decided_at: m.decided_at.map(to_db),
            received_at: m.received_at.map(to_db),
            inspected_at: m.inspected_at.map(to_db),
            resolved_at: m.resolved_at.map(to_db),
            closed_at: m.closed_at.map(to_db),
        }
    }
}

fn money(minor: Option<i64>, currency: Option<&str>) -> Result<Option<Money>> {
    match (minor, currency) {
        (Some(amount_minor), Some(code)) => Ok(Some(Money {
            amount_minor,
            currency: Currency::parse("", code)
                .map_err(|e| Error::Other(format!("stored return currency: {e}")))?,
        })),
        _ => Ok(None),
    }
}

fn to_rma(row: RmaRow) -> Result<Rma> {
    let status = RmaStatus::parse("", &row.status)
        .map_err(|e| Error::Other(format!("stored return status: {e}")))?;
    Ok(Rma {
        id: id(&row.id),
        fields: RmaFields {
            number: row.number,
            ticket_id: id(&row.ticket_id),
            asset_id: id(&row.asset_id),
            account_id: id(&row.account_id),
            status,
            reason: row.reason,
            under_warranty: row.under_warranty,
            shipping: Shipping {
                carrier: row.carrier,
                tracking_number: row.tracking_number,
            },
            inspection_notes: row.inspection_notes,
            charge: money(row.charge_minor, row.charge_currency.as_deref())?,
            credit: money(row.credit_minor, row.credit_currency.as_deref())?,
            notes: row.notes,
        },
        milestones: Milestones {
            decided_at: row.decided_at.map(from_db),
            received_at: row.received_at.map(from_db),
            inspected_at: row.inspected_at.map(from_db),
            resolved_at: row.resolved_at.map(from_db),
            closed_at: row.closed_at.map(from_db),
        },
        created_by: opt_id(row.created_by.as_ref()),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted: row.deleted_at.is_some(),
        version: row.version,
    })
}

impl Record for Rma {
    type Kind = kind::Rma;
    const TABLE: &'static str = "rmas";

    fn read(conn: &mut AnyConnection, org: OrgId, rma: RmaId) -> Result<Self> {
        let row: RmaRow = rmas::table
            .filter(rmas::org_id.eq(bytes(&org)))
            .filter(rmas::id.eq(bytes(&rma)))
            .select(RmaRow::as_select())
            .first(conn)?;
        to_rma(row)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted
    }
}

impl Store for Rma {
    type Fields = RmaFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &RmaFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let milestones = current.milestones.after(fields.status, now);
        Ok(diesel::update(rmas::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                RmaChange::of(fields, &milestones),
                rmas::updated_at.eq(to_db(now)),
                rmas::version.eq(current.version + 1),
            ))
            .execute(conn)?)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: RmaFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Rma {
            milestones: current.milestones.after(fields.status, now),
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// What a new return says before it is numbered: its ticket, its unit when the ticket names
/// none, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRma {
    /// The ticket it comes from.
    pub ticket_id: TicketId,
    /// The unit; none: the ticket's asset.
    pub asset_id: Option<AssetId>,
    /// What is wrong.
    pub reason: String,
    /// How the unit comes back.
    pub shipping: Shipping,
    /// What the customer pays (nothing under warranty).
    pub charge: Option<Money>,
    /// Remarks.
    pub notes: Option<String>,
}

/// Opens a return from a live ticket about a live asset (the ticket's own, unless another of
/// the same account is named): requested, numbered, under warranty if the asset is on
/// `now`'s day.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    new: NewRma,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Rma> {
    use crate::assets::Asset;
    use crate::record::{self, Visibility};
    use domain::ticket::Ticket;
    write_transaction(conn, |conn| {
        let ticket: Ticket =
            record::get(conn, org, new.ticket_id, Visibility::Live).map_err(|e| match e {
                Error::NotFound => Error::UnknownReference("ticket_id"),
                other => other,
            })?;
        let asset_id = new.asset_id.or(ticket.fields.asset_id).ok_or_else(|| {
            Error::Invalid(domain::FieldError::new(
                "/asset_id",
                "required",
                "name the unit: the ticket is about no asset",
            ))
        })?;
        let asset: Asset =
            record::get(conn, org, asset_id, Visibility::Live).map_err(|e| match e {
                Error::NotFound => Error::UnknownReference("asset_id"),
                other => other,
            })?;
        let account: AccountId = asset.fields.account_id;
        if ticket.fields.account_id.is_some_and(|a| a != account) {
            return Err(Error::Invalid(domain::FieldError::new(
                "/asset_id",
                "not_of_account",
                "the unit is an asset of the ticket's account",
            )));
        }
        let fields = RmaFields {
            number: format!("RMA-{:05}", crate::counters::next(conn, org, "rma")?),
            ticket_id: ticket.id,
            asset_id,
            account_id: account,
            status: RmaStatus::Requested,
            reason: new.reason,
            under_warranty: asset.fields.under_warranty(now.date_naive()),
            shipping: new.shipping,
            inspection_notes: None,
            charge: new.charge,
            credit: None,
            notes: new.notes,
        };
        // A charge under warranty is the one rule the caller could not check alone.
        fields
            .check()
            .map_err(|v| match v.into_errors().into_iter().next() {
                Some(first) => Error::Invalid(first),
                None => Error::Other("a return refused without a reason".into()),
            })?;
        let rma = RmaId::mint();
        diesel::insert_into(rmas::table)
            .values((
                rmas::org_id.eq(bytes(&org)),
                rmas::id.eq(bytes(&rma)),
                rmas::number.eq(&fields.number),
                rmas::ticket_id.eq(bytes(&fields.ticket_id)),
                rmas::asset_id.eq(bytes(&fields.asset_id)),
                rmas::account_id.eq(bytes(&fields.account_id)),
                rmas::under_warranty.eq(fields.under_warranty),
                RmaChange::of(&fields, &Milestones::default()),
                rmas::created_by.eq(by.as_ref().map(bytes)),
                rmas::created_at.eq(to_db(now)),
                rmas::updated_at.eq(to_db(now)),
                rmas::version.eq(1_i64),
            ))
            .execute(conn)?;
        Ok(Rma {
            id: rma,
            fields,
            milestones: Milestones::default(),
            created_by: by,
            created_at: now,
            updated_at: now,
            deleted: false,
            version: 1,
        })
    })
}

/// Filters of the return list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RmaFilter {
    /// In this state.
    pub status: Option<RmaStatus>,
    /// Of this account.
    pub account_id: Option<AccountId>,
    /// Of this unit.
    pub asset_id: Option<AssetId>,
    /// From this ticket.
    pub ticket_id: Option<TicketId>,
}

/// One page of returns.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: &RmaFilter,
    params: &ListParams,
) -> Result<Page<Rma>> {
    let build = || {
        let mut q = rmas::table
            .filter(rmas::org_id.eq(bytes(&org)))
            .select(RmaRow::as_select())
            .into_boxed();
        if let Some(status) = filter.status {
            q = q.filter(rmas::status.eq(status.as_str()));
        }
        if let Some(account) = &filter.account_id {
            q = q.filter(rmas::account_id.eq(bytes(account)));
        }
        if let Some(asset) = &filter.asset_id {
            q = q.filter(rmas::asset_id.eq(bytes(asset)));
        }
        if let Some(ticket) = &filter.ticket_id {
            q = q.filter(rmas::ticket_id.eq(bytes(ticket)));
        }
        q
    };
    list::load_page::<Rma, _, _>(conn, build, None, params)?.try_map(to_rma)
}
