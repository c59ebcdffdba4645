//! Tags of accounts and contacts. A record's tags are stored twice: as a JSON array in its row,
//! read with the record, and one row per (record, tag) in a tag table (a
//! [`crate::side::SideTable`]), which the tag filter searches.

use crate::error::{Error, Result};

/// Tags as stored in a row.
pub fn to_json(tags: &[String]) -> Result<String> {
    serde_json::to_string(tags).map_err(|e| Error::Other(e.to_string()))
}

/// Tags read from a row (an unreadable value reads as none).
pub fn from_json(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}
