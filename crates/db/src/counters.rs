//! Numbers handed out per organization and kind of record (`CON-00042`, `RMA-00007`): one
//! row per kind in `record_counters`, bumped in the writer's transaction, so a number is
//! never handed out twice and a rolled-back write hands its number back.

use diesel::prelude::*;
use domain::OrgId;

use crate::connection::AnyConnection;
use crate::convert::bytes;
use crate::error::{Error, Result};
use crate::sql::{Sql, Value};

/// The next number of `kind` in the organization (1 for the first).
pub(crate) fn next(conn: &mut AnyConnection, org: OrgId, kind: &'static str) -> Result<i64> {
    #[derive(QueryableByName)]
    struct Number {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        last_number: i64,
    }
    let rows: Vec<Number> =
        Sql::new("INSERT INTO record_counters (org_id, kind, last_number) VALUES (")
            .value(Value::Bytes(bytes(&org)))
            .push(", ")
            .value(Value::Text(kind.to_owned()))
            .push(", 1) ON CONFLICT (org_id, kind) DO UPDATE")
            .push(" SET last_number = record_counters.last_number + 1 RETURNING last_number")
            .load(conn)?;
    rows.first()
        .map(|n| n.last_number)
        .ok_or_else(|| Error::Other(format!("no {kind} number")))
}
