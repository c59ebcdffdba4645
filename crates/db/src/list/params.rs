//! A list request as it arrives, and the checked parameters the list tail uses.

use chrono::{DateTime, Datelike, Utc};
use domain::FieldError;

use super::cursor::{decode_cursor, After};
use super::{SortKey, Sorts};
use crate::error::Result;

/// Filters on creation and update time, inclusive from, exclusive to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeRanges {
    /// Created at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Created before.
    pub created_to: Option<DateTime<Utc>>,
    /// Updated at or after.
    pub updated_from: Option<DateTime<Utc>>,
    /// Updated before.
    pub updated_to: Option<DateTime<Utc>>,
}

/// A list request as it arrives: every part optional and unchecked.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListRequest<'a> {
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<&'a str>,
    /// A sort name, `-` for descending.
    pub sort: Option<&'a str>,
    /// Time filters.
    pub times: TimeRanges,
    /// The trash instead of live records.
    pub deleted: bool,
    /// Count the matches as well.
    pub count: bool,
}

/// A checked list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListParams {
    /// Order.
    pub sort: SortKey,
    /// Descending when true.
    pub descending: bool,
    /// Continue after this position.
    pub after: Option<After>,
    /// Page size, 1 to 100.
    pub limit: i64,
    /// Time filters.
    pub times: TimeRanges,
    /// Only deleted records (the trash) instead of live ones.
    pub deleted: bool,
    /// Count every match, for the page's `total`.
    pub count: bool,
}

/// The page size when none is asked for.
pub const DEFAULT_LIMIT: i64 = 25;

impl ListParams {
    /// The first page in an order.
    pub fn first(sort: SortKey, descending: bool, limit: i64) -> Self {
        Self {
            sort,
            descending,
            after: None,
            limit,
            times: TimeRanges::default(),
            deleted: false,
            count: false,
        }
    }

    /// Checks a request against the orders a list offers; every problem at once, with
    /// pointers under `/query`.
    pub fn parse(request: &ListRequest<'_>, sorts: &Sorts) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let limit = request.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=100).contains(&limit) {
            errors.push(FieldError::new(
                "/query/limit",
                "out_of_range",
                "must be between 1 and 100",
            ));
        }
        let (sort, descending) = match request.sort {
            None | Some("") => sorts.default,
            Some(raw) => {
                let (name, descending) = match raw.strip_prefix('-') {
                    Some(name) => (name, true),
                    None => (raw, false),
                };
                match sorts.options.iter().find(|(n, _)| *n == name) {
                    Some((_, key)) => (*key, descending),
                    None => {
                        let names: Vec<&str> = sorts.options.iter().map(|(n, _)| *n).collect();
                        errors.push(FieldError::new(
                            "/query/sort",
                            "invalid_sort",
                            format!(
                                "must be one of {}, optionally with a leading -",
                                names.join(", ")
                            ),
                        ));
                        sorts.default
                    }
                }
            }
        };
        let after = match request.cursor {
            None | Some("") => None,
            Some(raw) => match decode_cursor(raw, sort) {
                Some(after) => Some(after),
                None => {
                    errors.push(FieldError::new(
                        "/query/cursor",
                        "invalid_cursor",
                        "use a next_cursor from a list with the same sort",
                    ));
                    None
                }
            },
        };
        let t = request.times;
        for (pointer, at) in [
            ("/query/created_from", t.created_from),
            ("/query/created_to", t.created_to),
            ("/query/updated_from", t.updated_from),
            ("/query/updated_to", t.updated_to),
        ] {
            if at.is_some_and(|at| !(1..=9999).contains(&at.year())) {
                errors.push(FieldError::new(
                    pointer,
                    "out_of_range",
                    "must be between the years 1 and 9999",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            sort,
            descending,
            after,
            limit,
            times: request.times,
            deleted: request.deleted,
            count: request.count,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SORTS: Sorts = Sorts {
        options: &[("created_at", SortKey::Created), ("name", SortKey::Name)],
        default: (SortKey::Created, true),
    };

    #[test]
    fn requests_are_checked_all_at_once() {
        let request = ListRequest {
            limit: Some(0),
            sort: Some("-size"),
            cursor: Some("x"),
            ..ListRequest::default()
        };
        let errors = ListParams::parse(&request, &SORTS)
            .err()
            .unwrap_or_default();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["/query/limit", "/query/sort", "/query/cursor"]);
        let fine = ListParams::parse(
            &ListRequest {
                limit: Some(100),
                sort: Some("-name"),
                ..ListRequest::default()
            },
            &SORTS,
        );
        assert_eq!(
            fine.map(|p| (p.sort, p.descending, p.limit)),
            Ok((SortKey::Name, true, 100))
        );
    }
}
