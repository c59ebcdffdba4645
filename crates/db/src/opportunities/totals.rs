//! The live deals' sums that boards and forecasts read: by pipeline, stage, owner, close
//! month, status, forecast category override and probability, kept by triggers on
//! `opportunities` (see the migration `opportunity_totals`). A write appends its change to
//! `opportunity_total_changes`; [`fold`] moves those into `opportunity_totals`; a reader adds
//! both in one statement, so it sees each change exactly once whether folded or not.

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool};
use domain::{OrgId, PipelineId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::bytes;
use crate::error::Result;
use crate::sql::{Sql, Value};

/// Which live deals to sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scope {
    /// In this pipeline.
    pub pipeline_id: Option<PipelineId>,
    /// Sold by this user.
    pub owner_id: Option<UserId>,
    /// Closing in this month or later.
    pub from_month: Option<NaiveDate>,
    /// Closing in this month or earlier.
    pub to_month: Option<NaiveDate>,
}

impl Scope {
    /// The scope of close dates from `from` to `to` (both included, either open), when the
    /// sums can answer it: `from` the first day of a month and `to` the last day of one.
    pub fn of_days(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Option<Self> {
        let last_of_month = |d: NaiveDate| d.succ_opt().is_none_or(|next| next.day() == 1);
        if from.is_some_and(|d| d.day() != 1) || to.is_some_and(|d| !last_of_month(d)) {
            return None;
        }
        Some(Self {
            from_month: from,
            to_month: to,
            ..Self::default()
        })
    }
}

/// The month a stored close date falls in, as the sums key it (`YYYY-MM`).
fn month(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// The conditions of `scope` on either table.
fn conditions(org: OrgId, scope: &Scope) -> Sql {
    let mut sql = Sql::new(" WHERE org_id = ").value(Value::Bytes(bytes(&org)));
    if let Some(pipeline) = scope.pipeline_id {
        sql = sql
            .push(" AND pipeline_id = ")
            .value(Value::Bytes(bytes(&pipeline)));
    }
    if let Some(owner) = scope.owner_id {
        sql = sql
            .push(" AND owner_id = ")
            .value(Value::Bytes(bytes(&owner)));
    }
    if let Some(from) = scope.from_month {
        sql = sql
            .push(" AND close_month >= ")
            .value(Value::Text(month(from)));
    }
    if let Some(to) = scope.to_month {
        sql = sql
            .push(" AND close_month <= ")
            .value(Value::Text(month(to)));
    }
    sql
}

/// The sums of the live deals in `scope` as the table `t` (columns as `opportunity_totals`;
/// several rows may share a key: group them, and drop groups of no deals, keys whose deals
/// all left since the last fold). No owner is an empty `owner_id`, no override an empty
/// `forecast_category`.
pub fn live(org: OrgId, scope: &Scope) -> Sql {
    const COLUMNS: &str = "SELECT pipeline_id, stage_id, owner_id, close_month, status, \
         forecast_category, probability, deals, amount_base_minor, weighted_minor FROM ";
    Sql::new(format!("({COLUMNS}opportunity_totals"))
        .append(conditions(org, scope))
        .push(format!(" UNION ALL {COLUMNS}opportunity_total_changes"))
        .append(conditions(org, scope))
        .push(") t")
}

#[derive(QueryableByName)]
struct Folded {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

const KEY: &str = "org_id, pipeline_id, stage_id, owner_id, close_month, status, \
     forecast_category, probability";

const ADD: &str = " ON CONFLICT (org_id, pipeline_id, stage_id, owner_id, close_month, status, \
     forecast_category, probability) DO UPDATE SET \
     deals = opportunity_totals.deals + excluded.deals, \
     amount_base_minor = opportunity_totals.amount_base_minor + excluded.amount_base_minor, \
     weighted_minor = opportunity_totals.weighted_minor + excluded.weighted_minor";

/// Moves every appended change into the sums, in one transaction; answers how many. One
/// process folds at a time (the others find the lock taken and leave it, on PostgreSQL; on
/// SQLite writers take turns anyway), and keys are added in order, so folds never deadlock.
pub fn fold(conn: &mut AnyConnection) -> Result<i64> {
    // Nothing to fold takes no lock: on SQLite a write transaction every poll in every
    // process would make the app's writers queue behind it for nothing.
    let pending: Vec<Folded> = Sql::new(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM \
         (SELECT 1 FROM opportunity_total_changes LIMIT 1) t",
    )
    .load(conn)?;
    if pending.first().is_none_or(|p| p.n == 0) {
        return Ok(0);
    }
    write_transaction(conn, |conn| match conn {
        AnyConnection::Postgresql(_) => {
            let lock: Vec<Locked> = Sql::new(
                "SELECT pg_try_advisory_xact_lock(hashtext('opportunity_totals')) AS locked",
            )
            .load(conn)?;
            if !lock.first().is_some_and(|l| l.locked) {
                return Ok(0);
            }
            // One statement, one snapshot: the changes deleted are exactly those added.
            let folded: Vec<Folded> = Sql::new(format!(
                "WITH moved AS (DELETE FROM opportunity_total_changes RETURNING *), \
                 added AS (INSERT INTO opportunity_totals ({KEY}, deals, amount_base_minor, \
                 weighted_minor) SELECT {KEY}, SUM(deals), SUM(amount_base_minor), \
                 SUM(weighted_minor) FROM moved GROUP BY {KEY} ORDER BY {KEY}{ADD}) \
                 SELECT CAST(COUNT(*) AS BIGINT) AS n FROM moved"
            ))
            .load(conn)?;
            Ok(folded.first().map_or(0, |f| f.n))
        }
        AnyConnection::Sqlite(_) => {
            // The write lock is held from the start: nothing is appended meanwhile.
            let folded: Vec<Folded> =
                Sql::new("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM opportunity_total_changes")
                    .load(conn)?;
            Sql::new(format!(
                "INSERT INTO opportunity_totals ({KEY}, deals, amount_base_minor, weighted_minor) \
                 SELECT {KEY}, SUM(deals), SUM(amount_base_minor), SUM(weighted_minor) \
                 FROM opportunity_total_changes WHERE true GROUP BY {KEY}{ADD}"
            ))
            .execute(conn)?;
            Sql::new("DELETE FROM opportunity_total_changes").execute(conn)?;
            Ok(folded.first().map_or(0, |f| f.n))
        }
    })
}

/// Deletes the sums of keys no live deal has any more (readers skip them; this keeps the
/// table the size of what is there).
pub fn prune(conn: &mut AnyConnection) -> Result<usize> {
    Ok(Sql::new("DELETE FROM opportunity_totals WHERE deals = 0").execute(conn)?)
}
