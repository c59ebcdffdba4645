//! The forecast of a period: the live deals closing in it, summed per owner, team or territory
//! by forecast category (in SQL, per stage kind, override and probability; the categories
//! themselves are the domain's), with each group's quota.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary, Integer, Nullable, Text};
use domain::forecast::{Period, Totals};
use domain::opportunity::ForecastCategory;
use domain::pipeline::StageKind;
use domain::{OrgId, PipelineId};

use crate::connection::AnyConnection;
use crate::convert::bytes;
use crate::error::Result;
use crate::exchange_rates::day;
use crate::opportunities::totals::{live, Scope};
use crate::sql::{Sql, Value};

/// What a forecast's groups are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// The deal's owner.
    Owner,
    /// Each team of the deal's owner (a deal counts in every team its owner is in).
    Team,
    /// The territory of the deal's account.
    Territory,
}

/// One group's sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The user, team or territory (none: deals without an owner, a team or a territory).
    pub key: Option<Vec<u8>>,
    /// Its name.
    pub name: Option<String>,
    /// The sums.
    pub totals: Totals,
    /// Its quota for the period, if it has one.
    pub quota_minor: Option<i64>,
}

#[derive(QueryableByName)]
struct SumRow {
    #[diesel(sql_type = Nullable<Binary>)]
    k: Option<Vec<u8>>,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Text>)]
    fc: Option<String>,
    #[diesel(sql_type = Integer)]
    probability: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    amount: i64,
}

#[derive(QueryableByName)]
struct NameRow {
    #[diesel(sql_type = Binary)]
    id: Vec<u8>,
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct QuotaRow {
    #[diesel(sql_type = Nullable<Binary>)]
    k: Option<Vec<u8>>,
    #[diesel(sql_type = BigInt)]
    amount_minor: i64,
}

/// The sums of the deals closing in `period` (in `pipeline`, when given), by `key` (none: all
/// together): from the kept sums, but for territories (an account's, not a deal's).
fn sums(
    conn: &mut AnyConnection,
    org: OrgId,
    (period, pipeline): (Period, Option<PipelineId>),
    key: Option<GroupBy>,
) -> Result<Vec<SumRow>> {
    let months = Scope::of_days(Some(period.start), Some(period.end));
    let (Some(months), false) = (months, key == Some(GroupBy::Territory)) else {
        return counted(conn, org, (period, pipeline), key);
    };
    let scope = Scope {
        pipeline_id: pipeline,
        ..months
    };
    let column = match (key, &*conn) {
        (None, AnyConnection::Postgresql(_)) => "CAST(NULL AS BYTEA)",
        (None, AnyConnection::Sqlite(_)) => "CAST(NULL AS BLOB)",
        (Some(GroupBy::Team), _) => "m.team_id",
        _ => "t.owner_id",
    };
    let mut sql = Sql::new(format!(
        "SELECT {column} AS k, t.status, NULLIF(t.forecast_category, '') AS fc, t.probability, \
         CAST(SUM(t.deals) AS BIGINT) AS n, CAST(SUM(t.amount_base_minor) AS BIGINT) AS amount \
         FROM "
    ))
    .append(live(org, &scope));
    if key == Some(GroupBy::Team) {
        sql = sql
            .push(" JOIN team_members m ON m.user_id = t.owner_id AND m.org_id = ")
            .value(Value::Bytes(bytes(&org)));
    }
    let group = match key {
        Some(_) => format!(" GROUP BY {column}, t.status, t.forecast_category, t.probability"),
        None => " GROUP BY t.status, t.forecast_category, t.probability".to_owned(),
    };
    let mut rows: Vec<SumRow> = sql
        .push(group)
        .push(" HAVING SUM(t.deals) <> 0")
        .load(conn)?;
    for row in &mut rows {
        // The sums keep no owner as an empty id.
        row.k = row.k.take().filter(|k| !k.is_empty());
    }
    Ok(rows)
}

/// [`sums`] counted from the deals themselves.
fn counted(
    conn: &mut AnyConnection,
    org: OrgId,
    (period, pipeline): (Period, Option<PipelineId>),
    key: Option<GroupBy>,
) -> Result<Vec<SumRow>> {
    let (column, join) = match key {
        None => ("CAST(NULL AS BLOB)", ""),
        Some(GroupBy::Owner) => ("o.owner_id", ""),
        Some(GroupBy::Team) => (
            "m.team_id",
            " JOIN team_members m ON m.org_id = o.org_id AND m.user_id = o.owner_id",
        ),
        Some(GroupBy::Territory) => (
            "a.territory_id",
            " JOIN accounts a ON a.org_id = o.org_id AND a.id = o.account_id",
        ),
    };
    let column = match (key, &*conn) {
        (None, AnyConnection::Postgresql(_)) => "CAST(NULL AS BYTEA)",
        _ => column,
    };
    let mut sql = Sql::new(format!(
        "SELECT {column} AS k, o.status, o.forecast_category AS fc, o.probability, \
         CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(o.amount_base_minor) AS BIGINT) AS amount \
         FROM opportunities o{join} WHERE o.org_id = "
    ))
    .value(Value::Bytes(bytes(&org)))
    .push(" AND o.deleted_at IS NULL AND o.close_date >= ")
    .value(Value::Text(day(period.start)))
    .push(" AND o.close_date <= ")
    .value(Value::Text(day(period.end)));
    if let Some(pipeline) = pipeline {
        sql = sql
            .push(" AND o.pipeline_id = ")
            .value(Value::Bytes(bytes(&pipeline)));
    }
    let group = if key.is_some() {
        format!(" GROUP BY {column}, o.status, o.forecast_category, o.probability")
    } else {
        " GROUP BY o.status, o.forecast_category, o.probability".to_owned()
    };
    Ok(sql.push(group).load(conn)?)
}

fn add(totals: &mut Totals, row: &SumRow) {
    let kind = StageKind::parse("", &row.status).unwrap_or(StageKind::Open);
    let chosen = row
        .fc
        .as_deref()
        .and_then(|c| ForecastCategory::parse("", c).ok());
    let probability = u8::try_from(row.probability).unwrap_or(0);
    totals.add((kind, probability, chosen), row.n, row.amount);
}

/// The names of these users, teams or territories.
fn names(
    conn: &mut AnyConnection,
    org: OrgId,
    table: &str,
    keys: &[Vec<u8>],
) -> Result<Vec<NameRow>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let sql = Sql::new(format!("SELECT id, name FROM {table} WHERE org_id = "))
        .value(Value::Bytes(bytes(&org)))
        .push(" AND id IN (")
        .values(keys.iter().map(|k| Value::Bytes(k.clone())))
        .push(")");
    Ok(sql.load(conn)?)
}

/// The quotas of these users or teams for `period`.
fn quotas(
    conn: &mut AnyConnection,
    org: OrgId,
    column: &str,
    period: Period,
    keys: &[Vec<u8>],
) -> Result<Vec<QuotaRow>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let sql = Sql::new(format!(
        "SELECT {column} AS k, amount_minor FROM quotas WHERE org_id = "
    ))
    .value(Value::Bytes(bytes(&org)))
    .push(" AND period = ")
    .value(Value::Text(period.kind.as_str().to_owned()))
    .push(" AND period_start = ")
    .value(Value::Text(day(period.start)))
    .push(format!(" AND {column} IN ("))
    .values(keys.iter().map(|k| Value::Bytes(k.clone())))
    .push(")");
    Ok(sql.load(conn)?)
}

/// The forecast of `period`, grouped `by`, largest commit forecast first, and the totals of
/// all its deals (each counted once, whatever the grouping).
pub fn forecast(
    conn: &mut AnyConnection,
    org: OrgId,
    (period, pipeline): (Period, Option<PipelineId>),
    by: GroupBy,
) -> Result<(Vec<Group>, Totals)> {
    let mut groups: Vec<Group> = Vec::new();
    for row in sums(conn, org, (period, pipeline), Some(by))? {
        let at = match groups.iter().position(|g| g.key == row.k) {
            Some(at) => at,
            None => {
                groups.push(Group {
                    key: row.k.clone(),
                    name: None,
                    totals: Totals::default(),
                    quota_minor: None,
                });
                groups.len() - 1
            }
        };
        add(&mut groups[at].totals, &row);
    }
    let keys: Vec<Vec<u8>> = groups.iter().filter_map(|g| g.key.clone()).collect();
    let table = match by {
        GroupBy::Owner => "users",
        GroupBy::Team => "teams",
        GroupBy::Territory => "territories",
    };
    for found in names(conn, org, table, &keys)? {
        if let Some(g) = groups
            .iter_mut()
            .find(|g| g.key.as_ref() == Some(&found.id))
        {
            g.name = Some(found.name);
        }
    }
    let holder = match by {
        GroupBy::Owner => Some("user_id"),
        GroupBy::Team => Some("team_id"),
        GroupBy::Territory => None,
    };
    if let Some(column) = holder {
        for quota in quotas(conn, org, column, period, &keys)? {
            if let Some(g) = groups.iter_mut().find(|g| g.key == quota.k) {
                g.quota_minor = Some(quota.amount_minor);
            }
        }
    }
    groups.sort_by(|a, b| {
        b.totals
            .commit_forecast()
            .cmp(&a.totals.commit_forecast())
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut totals = Totals::default();
    for row in sums(conn, org, (period, pipeline), None)? {
        add(&mut totals, &row);
    }
    Ok((groups, totals))
}
