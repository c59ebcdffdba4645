//! Which tickets used which entitlement (`ticket_entitlements`): one row per ticket the
//! entitlement check saw, naming what covered it or nothing. A ticket merged away or deleted
//! gives its incident back (`returned_at`); it no longer counts against the allowance.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{ContractId, EntitlementId, OrgId, TicketId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::Result;
use crate::exchange_rates::{day, parse_day};
use crate::schema::ticket_entitlements as uses;

/// What the check found for a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketEntitlement {
    /// The contract and entitlement that cover it, and the first day of the allowance period
    /// it counts in; none when nothing did.
    pub covered_by: Option<(ContractId, EntitlementId, NaiveDate)>,
    /// When it was checked (the ticket's creation).
    pub checked_at: DateTime<Utc>,
    /// When its incident was given back.
    pub returned_at: Option<DateTime<Utc>>,
}

type UseRow = (
    Vec<u8>,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Option<String>,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

fn to_use(row: UseRow) -> (TicketId, TicketEntitlement) {
    let (ticket, contract, entitlement, period, checked_at, returned_at) = row;
    let covered_by = match (
        opt_id::<domain::id::kind::Contract>(contract.as_ref()),
        opt_id::<domain::id::kind::Entitlement>(entitlement.as_ref()),
        period,
    ) {
        (Some(c), Some(e), Some(p)) => Some((c, e, parse_day(&p))),
        _ => None,
    };
    (
        id(&ticket),
        TicketEntitlement {
            covered_by,
            checked_at: from_db(checked_at),
            returned_at: returned_at.map(from_db),
        },
    )
}

/// How many tickets count against `entitlement` in the allowance period starting `period`.
pub fn used(
    conn: &mut AnyConnection,
    org: OrgId,
    entitlement: EntitlementId,
    period: NaiveDate,
) -> Result<u32> {
    let n: i64 = uses::table
        .filter(uses::org_id.eq(bytes(&org)))
        .filter(uses::entitlement_id.eq(bytes(&entitlement)))
        .filter(uses::period_start.eq(day(period)))
        .filter(uses::returned_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Records what the check found for a new ticket (in its creation's transaction).
pub fn record(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    covered_by: Option<(ContractId, EntitlementId, NaiveDate)>,
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::insert_into(uses::table)
        .values((
            uses::org_id.eq(bytes(&org)),
            uses::ticket_id.eq(bytes(&ticket)),
            uses::contract_id.eq(covered_by.map(|(c, _, _)| bytes(&c))),
            uses::entitlement_id.eq(covered_by.map(|(_, e, _)| bytes(&e))),
            uses::period_start.eq(covered_by.map(|(_, _, p)| day(p))),
            uses::checked_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Gives back the incident `ticket` used, if it used one and has not given it back.
pub fn give_back(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::update(uses::table)
        .filter(uses::org_id.eq(bytes(&org)))
        .filter(uses::ticket_id.eq(bytes(&ticket)))
        .filter(uses::entitlement_id.is_not_null())
        .filter(uses::returned_at.is_null())
        .set(uses::returned_at.eq(to_db(now)))
        .execute(conn)?;
    Ok(())
}

/// Counts `ticket` against its entitlement again (a deleted ticket restored), even where
/// that spends more than the allowance: the incident was had.
pub fn take_back(conn: &mut AnyConnection, org: OrgId, ticket: TicketId) -> Result<()> {
    diesel::update(uses::table)
        .filter(uses::org_id.eq(bytes(&org)))
        .filter(uses::ticket_id.eq(bytes(&ticket)))
        .filter(uses::entitlement_id.is_not_null())
        .set(uses::returned_at.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(())
}

/// What the check found for each of `tickets` it saw.
pub fn of_tickets(
    conn: &mut AnyConnection,
    org: OrgId,
    tickets: &[TicketId],
) -> Result<HashMap<TicketId, TicketEntitlement>> {
    if tickets.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<Vec<u8>> = tickets.iter().map(bytes).collect();
    let rows: Vec<UseRow> = uses::table
        .filter(uses::org_id.eq(bytes(&org)))
        .filter(uses::ticket_id.eq_any(ids))
        .select((
            uses::ticket_id,
            uses::contract_id,
            uses::entitlement_id,
            uses::period_start,
            uses::checked_at,
            uses::returned_at,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(to_use).collect())
}
