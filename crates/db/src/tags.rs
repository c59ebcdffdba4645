//! Tags of accounts and contacts. A record's tags are stored twice: as a JSON array in its row,
//! read with the record, and one row per (record, tag) in a tag table, which the tag filter
//! searches. Changes write only the tags that came or went.

use domain::OrgId;

use crate::connection::AnyConnection;
use crate::error::{Error, Result};
use crate::sql::{Sql, Value};

/// A tag table and its owner column, such as `account_tags` and `account_id`.
#[derive(Debug, Clone, Copy)]
pub struct TagTable {
    /// The table.
    pub table: &'static str,
    /// The column naming the tagged record.
    pub owner: &'static str,
}

/// Tags as stored in a row.
pub fn to_json(tags: &[String]) -> Result<String> {
    serde_json::to_string(tags).map_err(|e| Error::Other(e.to_string()))
}

/// Tags read from a row (an unreadable value reads as none).
pub fn from_json(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Makes the tag table say `new` where it said `old` for one record: one statement for the
/// tags that went and one for those that came, none when nothing changed.
pub fn sync(
    conn: &mut AnyConnection,
    tags: TagTable,
    org: OrgId,
    owner: &[u8],
    old: &[String],
    new: &[String],
) -> Result<()> {
    let TagTable {
        table,
        owner: column,
    } = tags;
    let gone: Vec<Value> = old
        .iter()
        .filter(|t| !new.contains(t))
        .map(|t| Value::Text(t.clone()))
        .collect();
    if !gone.is_empty() {
        Sql::new(format!("DELETE FROM {table} WHERE org_id = "))
            .value(Value::Bytes(org.as_bytes().to_vec()))
            .push(format!(" AND {column} = "))
            .value(Value::Bytes(owner.to_vec()))
            .push(" AND tag IN (")
            .values(gone)
            .push(")")
            .execute(conn)?;
    }
    let came: Vec<&String> = new.iter().filter(|t| !old.contains(t)).collect();
    if !came.is_empty() {
        let mut insert = Sql::new(format!(
            "INSERT INTO {table} (org_id, {column}, tag) VALUES "
        ));
        for (i, tag) in came.into_iter().enumerate() {
            insert = insert
                .push(if i == 0 { "(" } else { ", (" })
                .values([
                    Value::Bytes(org.as_bytes().to_vec()),
                    Value::Bytes(owner.to_vec()),
                    Value::Text(tag.clone()),
                ])
                .push(")");
        }
        insert.execute(conn)?;
    }
    Ok(())
}
