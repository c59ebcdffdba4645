//! Tags of accounts and contacts. A record's tags are stored twice: as a JSON array in its row,
//! read with the record, and one row per (record, tag) in a tag table, which the tag filter
//! searches. Changes write only the tags that came or went.

use diesel::sql_types::{Binary, Text};
use diesel::RunQueryDsl;
use domain::OrgId;

use crate::connection::{placeholders, AnyConnection};
use crate::error::{Error, Result};

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

/// Makes the tag table say `new` where it said `old` for one record.
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
    for gone in old.iter().filter(|t| !new.contains(t)) {
        let text = format!("DELETE FROM {table} WHERE org_id = ? AND {column} = ? AND tag = ?");
        diesel::sql_query(placeholders(conn, &text))
            .bind::<Binary, _>(org.as_bytes().as_slice())
            .bind::<Binary, _>(owner)
            .bind::<Text, _>(gone)
            .execute(conn)?;
    }
    for came in new.iter().filter(|t| !old.contains(t)) {
        let text = format!("INSERT INTO {table} (org_id, {column}, tag) VALUES (?, ?, ?)");
        diesel::sql_query(placeholders(conn, &text))
            .bind::<Binary, _>(org.as_bytes().as_slice())
            .bind::<Binary, _>(owner)
            .bind::<Text, _>(came)
            .execute(conn)?;
    }
    Ok(())
}
