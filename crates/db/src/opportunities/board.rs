//! A pipeline board's column totals.

use diesel::prelude::*;
use domain::{OrgId, PipelineId, StageId};

use super::totals::{live, Scope};
use super::DealFilter;
use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::Result;
use crate::exchange_rates::day;
use crate::sql::{Sql, Value};

/// What a pipeline board shows above a column: its live deals, their base amounts and
/// weighted amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnTotals {
    /// The stage.
    pub stage_id: StageId,
    /// How many deals.
    pub count: i64,
    /// Their amounts in the base currency.
    pub amount_base_minor: i64,
    /// Their amounts times the stage's probability.
    pub weighted_minor: i64,
}

#[derive(QueryableByName)]
struct TotalsRow {
    #[diesel(sql_type = diesel::sql_types::Binary)]
    stage_id: Vec<u8>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    amount: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    weighted: i64,
}

/// The totals of each stage of `pipeline` holding live deals, narrowed like a list by owner
/// and close dates: from the kept sums when the dates are whole months (or absent), else
/// from the deals themselves.
pub fn totals(
    conn: &mut AnyConnection,
    org: OrgId,
    pipeline: PipelineId,
    filter: &DealFilter,
) -> Result<Vec<ColumnTotals>> {
    let rows: Vec<TotalsRow> = match Scope::of_days(filter.close_from, filter.close_to) {
        Some(months) => {
            let scope = Scope {
                pipeline_id: Some(pipeline),
                owner_id: filter.owner_id,
                ..months
            };
            Sql::new(
                "SELECT stage_id, CAST(SUM(deals) AS BIGINT) AS n, \
                 CAST(SUM(amount_base_minor) AS BIGINT) AS amount, \
                 CAST(SUM(weighted_minor) AS BIGINT) AS weighted FROM ",
            )
            .append(live(org, &scope))
            .push(" GROUP BY stage_id HAVING SUM(deals) <> 0")
            .load(conn)?
        }
        None => counted(conn, org, pipeline, filter)?,
    };
    Ok(rows
        .into_iter()
        .map(|r| ColumnTotals {
            stage_id: id(&r.stage_id),
            count: r.n,
            amount_base_minor: r.amount,
            weighted_minor: r.weighted,
        })
        .collect())
}

/// [`totals`] counted from the deals.
fn counted(
    conn: &mut AnyConnection,
    org: OrgId,
    pipeline: PipelineId,
    filter: &DealFilter,
) -> Result<Vec<TotalsRow>> {
    let mut sql = Sql::new(
        "SELECT stage_id, CAST(COUNT(*) AS BIGINT) AS n, \
         CAST(COALESCE(SUM(amount_base_minor), 0) AS BIGINT) AS amount, \
         CAST(COALESCE(SUM(amount_base_minor * probability / 100), 0) AS BIGINT) AS weighted \
         FROM opportunities WHERE org_id = ",
    )
    .value(Value::Bytes(bytes(&org)))
    .push(" AND pipeline_id = ")
    .value(Value::Bytes(bytes(&pipeline)))
    .push(" AND deleted_at IS NULL");
    if let Some(owner) = filter.owner_id {
        sql = sql
            .push(" AND owner_id = ")
            .value(Value::Bytes(bytes(&owner)));
    }
    if let Some(from) = filter.close_from {
        sql = sql
            .push(" AND close_date >= ")
            .value(Value::Text(day(from)));
    }
    if let Some(to) = filter.close_to {
        sql = sql.push(" AND close_date <= ").value(Value::Text(day(to)));
    }
    Ok(sql.push(" GROUP BY stage_id").load(conn)?)
}
