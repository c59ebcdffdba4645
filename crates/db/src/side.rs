//! Side tables: rows `(org_id, <owner>, <value>)` that belong to one record, such as its tags
//! or its search terms, written as the record changes.

use std::collections::BTreeSet;

use domain::OrgId;

use crate::connection::AnyConnection;
use crate::error::Result;
use crate::sql::{Sql, Value};

/// A side table, the column naming the record and the column holding the value, such as
/// `account_tags`, `account_id` and `tag`.
#[derive(Debug, Clone, Copy)]
pub struct SideTable {
    /// The table.
    pub table: &'static str,
    /// The column naming the record.
    pub owner: &'static str,
    /// The column holding a value.
    pub value: &'static str,
}

/// Rows of one statement inserting values (three bound values each), well within both
/// databases' limits on bound values.
const INSERT_CHUNK: usize = 200;

/// Makes the side table hold `new` where it held `old` for the record `owner`: the values
/// that went are deleted in one statement, those that came inserted in as few as can be.
pub fn sync<'a>(
    conn: &mut AnyConnection,
    side: SideTable,
    org: OrgId,
    owner: &[u8],
    old: impl IntoIterator<Item = &'a String>,
    new: impl IntoIterator<Item = &'a String>,
) -> Result<()> {
    let SideTable {
        table,
        owner: column,
        value,
    } = side;
    let (old, new): (BTreeSet<&String>, BTreeSet<&String>) =
        (old.into_iter().collect(), new.into_iter().collect());
    let gone: Vec<Value> = old
        .difference(&new)
        .map(|v| Value::Text((*v).clone()))
        .collect();
    if !gone.is_empty() {
        Sql::new(format!("DELETE FROM {table} WHERE org_id = "))
            .value(Value::Bytes(org.as_bytes().to_vec()))
            .push(format!(" AND {column} = "))
            .value(Value::Bytes(owner.to_vec()))
            .push(format!(" AND {value} IN ("))
            .values(gone)
            .push(")")
            .execute(conn)?;
    }
    let came: Vec<&String> = new.difference(&old).copied().collect();
    insert(conn, side, org, owner, &came, "")
}

/// Adds `values` to the record `owner`'s rows, leaving those it already has.
pub fn add(
    conn: &mut AnyConnection,
    side: SideTable,
    org: OrgId,
    owner: &[u8],
    values: &BTreeSet<String>,
) -> Result<()> {
    let values: Vec<&String> = values.iter().collect();
    insert(conn, side, org, owner, &values, " ON CONFLICT DO NOTHING")
}

/// Inserts `values` for the record `owner` in as few statements as can be, each ending with
/// `on_conflict`.
fn insert(
    conn: &mut AnyConnection,
    side: SideTable,
    org: OrgId,
    owner: &[u8],
    values: &[&String],
    on_conflict: &str,
) -> Result<()> {
    let SideTable {
        table,
        owner: column,
        value,
    } = side;
    for chunk in values.chunks(INSERT_CHUNK) {
        let mut insert = Sql::new(format!(
            "INSERT INTO {table} (org_id, {column}, {value}) VALUES "
        ));
        for (i, v) in chunk.iter().enumerate() {
            insert = insert
                .push(if i == 0 { "(" } else { ", (" })
                .values([
                    Value::Bytes(org.as_bytes().to_vec()),
                    Value::Bytes(owner.to_vec()),
                    Value::Text((*v).clone()),
                ])
                .push(")");
        }
        insert.push(on_conflict).execute(conn)?;
    }
    Ok(())
}
