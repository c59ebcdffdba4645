//! What the contract sweep asks across organizations: which contracts ended, whose notice is
//! due, and the claim that sends a notice once.

use chrono::NaiveDate;
use diesel::prelude::*;
use domain::contract::ContractStatus;
use domain::{ContractId, OrgId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::Result;
use crate::exchange_rates::day;
use crate::schema::contracts;

/// Active live contracts of every organization past their end on `today`, those that ended
/// first first, at most `limit`.
pub fn lapsed(
    conn: &mut AnyConnection,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<(OrgId, ContractId)>> {
    let rows: Vec<(Vec<u8>, Vec<u8>)> = contracts::table
        .filter(contracts::status.eq(ContractStatus::Active.as_str()))
        .filter(contracts::deleted_at.is_null())
        .filter(contracts::ends_on.lt(day(today)))
        .order((contracts::ends_on, contracts::id))
        .select((contracts::org_id, contracts::id))
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(|(o, c)| (id(&o), id(&c))).collect())
}

/// Active live contracts of every organization whose notice day has come on `today` and
/// whose notice for their present end has not gone out, earliest first, at most `limit`.
pub fn awaiting_notice(
    conn: &mut AnyConnection,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<(OrgId, ContractId)>> {
    let rows: Vec<(Vec<u8>, Vec<u8>)> = contracts::table
        .filter(contracts::status.eq(ContractStatus::Active.as_str()))
        .filter(contracts::deleted_at.is_null())
        .filter(contracts::notice_on.le(day(today)))
        .filter(contracts::ends_on.ge(day(today)))
        .filter(
            contracts::notified_for
                .is_null()
                .or(contracts::notified_for.ne(contracts::ends_on.nullable())),
        )
        .order((contracts::notice_on, contracts::id))
        .select((contracts::org_id, contracts::id))
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(|(o, c)| (id(&o), id(&c))).collect())
}

/// Marks the notice of the active live `contract`'s term ending `ends_on` as sent; false when
/// it already was (by another process), or the contract changed meanwhile.
pub fn claim_notice(
    conn: &mut AnyConnection,
    org: OrgId,
    contract: ContractId,
    ends_on: NaiveDate,
) -> Result<bool> {
    let claimed = diesel::update(contracts::table)
        .filter(contracts::org_id.eq(bytes(&org)))
        .filter(contracts::id.eq(bytes(&contract)))
        .filter(contracts::status.eq(ContractStatus::Active.as_str()))
        .filter(contracts::deleted_at.is_null())
        .filter(contracts::ends_on.eq(day(ends_on)))
        .filter(
            contracts::notified_for
                .is_null()
                .or(contracts::notified_for.ne(day(ends_on))),
        )
        .set(contracts::notified_for.eq(day(ends_on)))
        .execute(conn)?;
    Ok(claimed == 1)
}
