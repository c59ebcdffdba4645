//! The query parameters of lists, shared by the server (which parses them) and the web app
//! (which writes them), so both agree by construction.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Paging, order, time ranges and the trash: what every list of records that can be sorted,
/// filtered by time and deleted takes. Each list adds its own filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Page size, 1 to 100 (default 25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page (with the same sort).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// The order: a field the list names, with a leading `-` for descending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Created at or after (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_from: Option<DateTime<Utc>>,
    /// Created before (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_to: Option<DateTime<Utc>>,
    /// Changed at or after (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_from: Option<DateTime<Utc>>,
    /// Changed before (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_to: Option<DateTime<Utc>>,
    /// `true` lists deleted records (the trash) instead of live ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
    /// `true` adds `total` to every page: how many records match, all pages together. It
    /// costs a count of the matches, so ask only when it is shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<bool>,
}

impl ListQuery {
    /// The names of its parameters; a list's own filters use other names.
    pub const FIELDS: &'static [&'static str] = &[
        "limit",
        "cursor",
        "sort",
        "created_from",
        "created_to",
        "updated_from",
        "updated_to",
        "deleted",
        "count",
    ];
}

/// Paging alone: for lists with one fixed order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Page size, 1 to 100 (default 25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// Reading one record of a resource with a trash.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RecordQuery {
    /// `true` answers a deleted record too (its `deleted_at` is set), so that it can be looked
    /// at in the trash and restored; without it a deleted record is not found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_deleted: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_name_every_parameter() {
        let full = ListQuery {
            limit: Some(1),
            cursor: Some("c".into()),
            sort: Some("name".into()),
            created_from: Some(DateTime::UNIX_EPOCH),
            created_to: Some(DateTime::UNIX_EPOCH),
            updated_from: Some(DateTime::UNIX_EPOCH),
            updated_to: Some(DateTime::UNIX_EPOCH),
            deleted: Some(true),
            count: Some(true),
        };
        let names: Vec<String> = match serde_json::to_value(full) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let mut declared: Vec<String> = ListQuery::FIELDS.iter().map(|f| (*f).to_owned()).collect();
        let mut names = names;
        names.sort();
        declared.sort();
        assert_eq!(names, declared);
    }
}
