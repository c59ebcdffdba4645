//! What lists share: sort keys and the keyset position to continue after.

use chrono::NaiveDateTime;

/// The order of a list. Every order ends with the id, so positions are unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Creation order (ids are time-ordered).
    Created,
    /// By name, case-insensitive.
    Name,
    /// By last change.
    Updated,
}

/// Where the previous page ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    /// The id of the last item (sort by creation).
    Id(Vec<u8>),
    /// Name key and id of the last item.
    Name(String, Vec<u8>),
    /// Update time and id of the last item.
    Updated(NaiveDateTime, Vec<u8>),
}

/// Filters on creation and update time, inclusive from, exclusive to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeRanges {
    /// Created at or after.
    pub created_from: Option<NaiveDateTime>,
    /// Created before.
    pub created_to: Option<NaiveDateTime>,
    /// Updated at or after.
    pub updated_from: Option<NaiveDateTime>,
    /// Updated before.
    pub updated_to: Option<NaiveDateTime>,
}

/// The shared part of list requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListParams {
    /// Order.
    pub sort: SortKey,
    /// Descending when true.
    pub descending: bool,
    /// Continue after this position.
    pub after: Option<After>,
    /// Page size (1..=100); one more row is read to know whether another page follows.
    pub limit: i64,
    /// Search words (already split), matched as word prefixes.
    pub words: Vec<String>,
    /// Time filters.
    pub times: TimeRanges,
    /// Only deleted records (the trash) instead of live ones.
    pub deleted: bool,
}

/// A PostgreSQL `to_tsquery` text matching every word as a prefix: `acme:* & corp:*`.
pub fn pg_tsquery(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("{w}:*"))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// An SQLite FTS5 query matching every word as a prefix: `"acme"* "corp"*`.
pub fn fts5_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Applies what every list shares to a boxed query over `$table` (a module of
/// [`crate::schema`] with `id`, `name_key`, `updated_at`, `created_at` and `deleted_at`
/// columns): live or deleted rows, time ranges, word search, keyset position and order.
macro_rules! apply_list_params {
    ($query:expr, $table:ident, $params:expr, $backend:expr) => {{
        use diesel::dsl::sql;
        use diesel::sql_types::{Bool, Text};
        use $crate::list::{After, SortKey};
        use $crate::schema::$table as t;
        let params: &$crate::list::ListParams = $params;
        let mut query = $query;
        query = if params.deleted {
            query.filter(t::deleted_at.is_not_null())
        } else {
            query.filter(t::deleted_at.is_null())
        };
        if let Some(from) = params.times.created_from {
            query = query.filter(t::created_at.ge(from));
        }
        if let Some(to) = params.times.created_to {
            query = query.filter(t::created_at.lt(to));
        }
        if let Some(from) = params.times.updated_from {
            query = query.filter(t::updated_at.ge(from));
        }
        if let Some(to) = params.times.updated_to {
            query = query.filter(t::updated_at.lt(to));
        }
        if !params.words.is_empty() {
            query = match $backend {
                $crate::connection::Backend::Postgres => query.filter(
                    sql::<Bool>(concat!(
                        stringify!($table),
                        ".search_vector @@ to_tsquery('simple', "
                    ))
                    .bind::<Text, _>($crate::list::pg_tsquery(&params.words))
                    .sql(")"),
                ),
                $crate::connection::Backend::Sqlite => query.filter(
                    sql::<Bool>(concat!(
                        stringify!($table),
                        ".rowid IN (SELECT rowid FROM ",
                        stringify!($table),
                        "_fts WHERE ",
                        stringify!($table),
                        "_fts MATCH "
                    ))
                    .bind::<Text, _>($crate::list::fts5_query(&params.words))
                    .sql(")"),
                ),
            };
        }
        let desc = params.descending;
        match &params.after {
            Some(After::Id(last)) => {
                query = if desc {
                    query.filter(t::id.lt(last.clone()))
                } else {
                    query.filter(t::id.gt(last.clone()))
                };
            }
            Some(After::Name(key, last)) => {
                query = if desc {
                    query.filter(
                        t::name_key
                            .lt(key.clone())
                            .or(t::name_key.eq(key.clone()).and(t::id.lt(last.clone()))),
                    )
                } else {
                    query.filter(
                        t::name_key
                            .gt(key.clone())
                            .or(t::name_key.eq(key.clone()).and(t::id.gt(last.clone()))),
                    )
                };
            }
            Some(After::Updated(at, last)) => {
                query = if desc {
                    query.filter(
                        t::updated_at
                            .lt(*at)
                            .or(t::updated_at.eq(*at).and(t::id.lt(last.clone()))),
                    )
                } else {
                    query.filter(
                        t::updated_at
                            .gt(*at)
                            .or(t::updated_at.eq(*at).and(t::id.gt(last.clone()))),
                    )
                };
            }
            None => {}
        }
        query = match (params.sort, desc) {
            (SortKey::Created, false) => query.order(t::id.asc()),
            (SortKey::Created, true) => query.order(t::id.desc()),
            (SortKey::Name, false) => query.order((t::name_key.asc(), t::id.asc())),
            (SortKey::Name, true) => query.order((t::name_key.desc(), t::id.desc())),
            (SortKey::Updated, false) => query.order((t::updated_at.asc(), t::id.asc())),
            (SortKey::Updated, true) => query.order((t::updated_at.desc(), t::id.desc())),
        };
        query.limit(params.limit)
    }};
}
pub(crate) use apply_list_params;

/// The position after a row, for the next page's cursor.
pub fn position_after(
    sort: SortKey,
    id: &[u8],
    name_key: &str,
    updated_at: NaiveDateTime,
) -> After {
    match sort {
        SortKey::Created => After::Id(id.to_vec()),
        SortKey::Name => After::Name(name_key.to_owned(), id.to_vec()),
        SortKey::Updated => After::Updated(updated_at, id.to_vec()),
    }
}

/// Cuts the look-ahead row off a page and returns the position after the last kept row when
/// another page follows. `key` gives a row's id, name key and update time.
pub fn finish_page<R>(
    mut rows: Vec<R>,
    params: &ListParams,
    key: impl Fn(&R) -> (&[u8], &str, NaiveDateTime),
) -> (Vec<R>, Option<After>) {
    let page_size = (params.limit - 1).max(0) as usize;
    if rows.len() <= page_size {
        return (rows, None);
    }
    rows.truncate(page_size);
    let next = rows.last().map(|row| {
        let (id, name_key, updated_at) = key(row);
        position_after(params.sort, id, name_key, updated_at)
    });
    (rows, next)
}
