//! Records kept in the order they are evaluated (SLA policies, assignment rules): the live
//! records of an organization hold positions `0..n`, without gaps or duplicates. Every change
//! to the order first takes the organization's order lock ([`lock`]), so changes run one
//! after another.

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use domain::OrgId;

use crate::connection::AnyConnection;
use crate::convert::bytes;
use crate::error::Result;
use crate::schema::organizations;
use crate::sql::{Sql, Value};

/// Takes the organization's row lock (PostgreSQL; SQLite writers already take turns) until
/// the transaction ends.
pub(crate) fn lock(conn: &mut AnyConnection, org: OrgId) -> Result<()> {
    diesel::update(organizations::table.filter(organizations::id.eq(bytes(&org))))
        .set(organizations::name.eq(organizations::name))
        .execute(conn)?;
    Ok(())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many live records `table` holds for the organization.
pub(crate) fn live_count(conn: &mut AnyConnection, table: &str, org: OrgId) -> Result<i64> {
    let rows: Vec<Count> = Sql::new(format!("SELECT COUNT(*) AS n FROM {table} WHERE org_id = "))
        .value(Value::Bytes(bytes(&org)))
        .push(" AND deleted_at IS NULL")
        .load(conn)?;
    Ok(rows.first().map_or(0, |c| c.n))
}

/// Moves the live records at positions `from..=to` by `step` (+1 or -1).
fn shift(
    conn: &mut AnyConnection,
    table: &str,
    org: OrgId,
    from: i64,
    to: i64,
    step: i64,
) -> Result<()> {
    Sql::new(format!("UPDATE {table} SET position = position + "))
        .value(Value::Int(step))
        .push(" WHERE org_id = ")
        .value(Value::Bytes(bytes(&org)))
        .push(" AND deleted_at IS NULL AND position BETWEEN ")
        .value(Value::Int(from))
        .push(" AND ")
        .value(Value::Int(to))
        .execute(conn)?;
    Ok(())
}

/// Makes room for a new live record at `wanted` (default and past the end: last) and returns
/// its position.
pub(crate) fn insert_at(
    conn: &mut AnyConnection,
    table: &str,
    org: OrgId,
    wanted: Option<i64>,
) -> Result<i64> {
    let count = live_count(conn, table, org)?;
    let position = wanted.map_or(count, |p| p.clamp(0, count));
    shift(conn, table, org, position, count, 1)?;
    Ok(position)
}

/// Moves the records between a live record's `current` position and `wanted` (none: stay) by
/// one, and returns where the record goes.
pub(crate) fn move_to(
    conn: &mut AnyConnection,
    table: &str,
    org: OrgId,
    current: i64,
    wanted: Option<i64>,
) -> Result<i64> {
    let last = live_count(conn, table, org)? - 1;
    let position = wanted.map_or(current, |p| p.clamp(0, last));
    if position < current {
        shift(conn, table, org, position, current - 1, 1)?;
    } else if position > current {
        shift(conn, table, org, current + 1, position, -1)?;
    }
    Ok(position)
}

/// Closes the gap a record leaving the order at `current` leaves.
pub(crate) fn remove_from(
    conn: &mut AnyConnection,
    table: &str,
    org: OrgId,
    current: i64,
) -> Result<()> {
    let count = live_count(conn, table, org)?;
    shift(conn, table, org, current + 1, count, -1)
}
