//! Checking that a record's references name records of its organization: all of them in one
//! statement, whatever their number.

use diesel::prelude::*;
use diesel::sql_types::BigInt;
use domain::OrgId;

use crate::connection::AnyConnection;
use crate::convert::bytes;
use crate::error::{Error, Result};
use crate::sql::{Sql, Value};

/// A reference to check: the field holding it and the record it must name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    field: &'static str,
    table: &'static str,
    id: Vec<u8>,
    live_only: bool,
    /// A column the record must have this (constant) value in, as `kind = 'call'`.
    only: Option<(&'static str, &'static str)>,
}

impl Reference {
    /// `field` must name a record of `table` that is not deleted.
    pub(crate) fn live<K: domain::IdKind>(
        field: &'static str,
        table: &'static str,
        id: &domain::Id<K>,
    ) -> Self {
        Self {
            field,
            table,
            id: bytes(id),
            live_only: true,
            only: None,
        }
    }

    /// … and must have `value` in `column` (an activity of one kind, say).
    pub(crate) fn only(self, column: &'static str, value: &'static str) -> Self {
        Self {
            only: Some((column, value)),
            ..self
        }
    }

    /// `field` must name a record of `table` (a table without soft deletion).
    pub(crate) fn any<K: domain::IdKind>(
        field: &'static str,
        table: &'static str,
        id: &domain::Id<K>,
    ) -> Self {
        Self {
            live_only: false,
            ..Self::live(field, table, id)
        }
    }
}

#[derive(QueryableByName)]
struct Missing {
    #[diesel(sql_type = BigInt)]
    missing: i64,
}

/// Checks a record's new owner (`owner`), unless it is the one it had (`before`, none for a
/// new record): it must be a user of the organization.
pub(crate) fn check_new_owner(
    conn: &mut AnyConnection,
    org: OrgId,
    before: Option<Option<domain::UserId>>,
    owner: Option<domain::UserId>,
) -> Result<()> {
    match owner.filter(|_| before != Some(owner)) {
        Some(owner) => check(conn, org, &[Reference::any("owner_id", "users", &owner)]),
        None => Ok(()),
    }
}

/// Fails with [`Error::UnknownReference`] naming the first of `references` that names no
/// record of the organization.
pub(crate) fn check(conn: &mut AnyConnection, org: OrgId, references: &[Reference]) -> Result<()> {
    if references.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("");
    for (i, reference) in references.iter().enumerate() {
        let live = if reference.live_only {
            " AND deleted_at IS NULL"
        } else {
            ""
        };
        sql = sql
            .push(if i == 0 { "" } else { " UNION ALL " })
            .push(format!(
                "SELECT CAST({i} AS BIGINT) AS missing WHERE NOT EXISTS (SELECT 1 FROM {} WHERE org_id = ",
                reference.table
            ))
            .value(Value::Bytes(bytes(&org)))
            .push(" AND id = ")
            .value(Value::Bytes(reference.id.clone()));
        if let Some((column, value)) = reference.only {
            sql = sql
                .push(format!(" AND {column} = "))
                .value(Value::Text(value.to_owned()));
        }
        sql = sql.push(format!("{live})"));
    }
    let missing: Vec<Missing> = sql.load(conn)?;
    let first = missing.iter().map(|m| m.missing).min();
    match first.and_then(|i| references.get(usize::try_from(i).ok()?)) {
        Some(reference) => Err(Error::UnknownReference(reference.field)),
        None => Ok(()),
    }
}
