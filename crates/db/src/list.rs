//! One paging scheme for every list: filters chosen by the resource, then keyset paging by the
//! chosen sort with an opaque cursor, never `OFFSET`, so a deep page costs what the first does.
//!
//! A resource builds its filtered query and hands it to [`load_page`], which adds the live or
//! deleted rows, the time ranges, the position after the cursor, the order and the limit, and
//! returns the page with the cursor of the next one.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use diesel::query_dsl::methods::{FilterDsl, LimitDsl, OrderDsl};
use diesel::query_dsl::LoadQuery;
use domain::FieldError;

use crate::connection::AnyConnection;
use crate::convert::to_db;
use crate::error::Result;
use crate::record::Record;
use crate::search::Search;
use crate::sql::{Condition, Sql, Value};

/// A column a list can be ordered by. Every order ends with the id, so positions are unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Creation order (ids are time-ordered).
    Created,
    /// By name, case-insensitive (`name_key`).
    Name,
    /// By last change (`updated_at`).
    Updated,
    /// By an explicit order (`position`).
    Position,
}

impl SortKey {
    fn column(self) -> Option<&'static str> {
        match self {
            SortKey::Created => None,
            SortKey::Name => Some("name_key"),
            SortKey::Updated => Some("updated_at"),
            SortKey::Position => Some("position"),
        }
    }

    fn tag(self) -> char {
        match self {
            SortKey::Created => 'c',
            SortKey::Name => 'n',
            SortKey::Updated => 'u',
            SortKey::Position => 'p',
        }
    }
}

/// The orders a list offers: names for `?sort=` (a leading `-` descends) and the default.
#[derive(Debug, Clone, Copy)]
pub struct Sorts {
    /// `sort` names and their keys.
    pub options: &'static [(&'static str, SortKey)],
    /// The order when none is asked for: key and descending.
    pub default: (SortKey, bool),
}

/// The value of the sort key of a row, as a cursor carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyValue {
    /// Sorting by id alone.
    None,
    /// A text key.
    Text(String),
    /// A time key.
    Time(NaiveDateTime),
    /// A number key.
    Int(i64),
}

/// What a list row tells about where it stands: its id and its sort key's value.
pub trait Positioned {
    /// The stored id.
    fn id_bytes(&self) -> &[u8];
    /// The value of `key` for this row.
    fn key(&self, key: SortKey) -> KeyValue;
}

/// Where the previous page ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct After {
    value: KeyValue,
    id: Vec<u8>,
}

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
}

/// The most candidates a search reads in one batch.
const MAX_BATCH: i64 = 6_400;

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
        })
    }
}

/// One page of a list and the cursor of the next, when more follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items, in the list's order.
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// The same page with each item turned into something else.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

/// A resource's filtered query that a list can finish: filtered, ordered and limited further
/// by SQL conditions, and loaded as rows of type `Row` (a boxed diesel select is one).
pub trait ListableQuery<'a, Row>:
    FilterDsl<Condition, Output = Self>
    + OrderDsl<Condition, Output = Self>
    + LimitDsl<Output = Self>
    + LoadQuery<'a, AnyConnection, Row>
{
}

impl<'a, Row, Q> ListableQuery<'a, Row> for Q where
    Q: FilterDsl<Condition, Output = Q>
        + OrderDsl<Condition, Output = Q>
        + LimitDsl<Output = Q>
        + LoadQuery<'a, AnyConnection, Row>
{
}

/// Adds what every list shares to the query `query()` builds (a resource's filtered query over
/// the table of record `R`, selecting rows of type `Row`), loads one page and makes the
/// cursor of the next. With a search, a list in creation order walks the search's term
/// table (see [`crate::search`]), building the query once per batch of candidates; other
/// orders filter by the terms and let the database choose.
pub fn load_page<'a, R, Q, Row>(
    conn: &mut AnyConnection,
    query: impl Fn() -> Q,
    search: Option<&Search>,
    params: &ListParams,
) -> Result<Page<Row>>
where
    R: Record,
    Q: ListableQuery<'a, Row>,
    Row: Positioned,
{
    let mut rows: Vec<Row> = match search {
        Some(search) if params.sort == SortKey::Created => {
            walk::<R, Q, Row>(conn, &query, search, params)?
        }
        Some(search) => {
            let query = query().filter(search.condition(R::TABLE));
            load::<R, Q, Row>(conn, query, params, params.after.as_ref(), params.limit + 1)?
        }
        None => load::<R, Q, Row>(
            conn,
            query(),
            params,
            params.after.as_ref(),
            params.limit + 1,
        )?,
    };
    // One row more than the page tells whether another page follows.
    let next_cursor = if rows.len() as i64 > params.limit {
        rows.truncate(params.limit as usize);
        rows.last().map(|row| {
            encode_cursor(
                params.sort,
                &After {
                    value: row.key(params.sort),
                    id: row.id_bytes().to_vec(),
                },
            )
        })
    } else {
        None
    };
    Ok(Page {
        items: rows,
        next_cursor,
    })
}

/// Loads up to `limit` rows of `query` with the shared filters, after `after`, in order.
fn load<'a, R, Q, Row>(
    conn: &mut AnyConnection,
    query: Q,
    params: &ListParams,
    after: Option<&After>,
    limit: i64,
) -> Result<Vec<Row>>
where
    R: Record,
    Q: ListableQuery<'a, Row>,
{
    let t = R::TABLE;
    let mut query = query;
    if R::SOFT_DELETE {
        let state = if params.deleted { "NOT NULL" } else { "NULL" };
        query = query.filter(Sql::new(format!("{t}.deleted_at IS {state}")).condition());
    }
    let times = params.times;
    for (column, op, at) in [
        ("created_at", ">=", times.created_from),
        ("created_at", "<", times.created_to),
        ("updated_at", ">=", times.updated_from),
        ("updated_at", "<", times.updated_to),
    ] {
        if let Some(at) = at {
            let condition = Sql::new(format!("{t}.{column} {op} "))
                .value(Value::Time(Some(to_db(at))))
                .condition();
            query = query.filter(condition);
        }
    }
    let dir = if params.descending { "DESC" } else { "ASC" };
    if let Some(after) = after {
        let cmp = if params.descending { "<" } else { ">" };
        query = query.filter(after_condition(t, params.sort, cmp, after));
    }
    let order = match params.sort.column() {
        Some(column) => format!("{t}.{column} {dir}, {t}.id {dir}"),
        None => format!("{t}.id {dir}"),
    };
    // An order is no condition; diesel only needs some SQL expression here.
    query = query.order(Sql::new(order).condition());
    Ok(query.limit(limit).load(conn)?)
}

/// A search in creation order: batches of the ids that carry every word, in id order from the
/// cursor on, whose records are then read and checked against the filters, until a page (and
/// one row more) is full or the matches run out. A batch that leaves the page short makes the
/// next one twice as large, so selective filters take few round trips.
fn walk<'a, R, Q, Row>(
    conn: &mut AnyConnection,
    query: &impl Fn() -> Q,
    search: &Search,
    params: &ListParams,
) -> Result<Vec<Row>>
where
    R: Record,
    Q: ListableQuery<'a, Row>,
{
    let mut batch = (4 * (params.limit + 1)).max(100);
    let mut rows = Vec::new();
    let mut after = params.after.as_ref().map(|a| a.id.clone());
    loop {
        let ids = search.candidates(conn, after.as_deref(), params.descending, batch)?;
        let Some(last) = ids.last().cloned() else {
            break;
        };
        let in_batch = Sql::new(format!("{}.id IN (", R::TABLE))
            .values(ids.iter().map(|id| Value::Bytes(id.clone())))
            .push(")");
        let batch_query = query().filter(in_batch.condition());
        let wanted = params.limit + 1 - rows.len() as i64;
        rows.extend(load::<R, Q, Row>(conn, batch_query, params, None, wanted)?);
        if rows.len() as i64 > params.limit || (ids.len() as i64) < batch {
            break;
        }
        after = Some(last);
        batch = (batch * 2).min(MAX_BATCH);
    }
    Ok(rows)
}

/// `(key, id) > (value, last id)` (or `<` descending): rows compare as tuples, which both
/// databases answer from the `(org_id, key, id)` index.
fn after_condition(t: &str, sort: SortKey, cmp: &str, after: &After) -> Condition {
    let id = Value::Bytes(after.id.clone());
    let column = sort.column().unwrap_or("id");
    let value = match after.value.clone() {
        KeyValue::None => {
            return Sql::new(format!("{t}.id {cmp} ")).value(id).condition();
        }
        KeyValue::Text(text) => Value::Text(text),
        KeyValue::Time(at) => Value::Time(Some(at)),
        KeyValue::Int(n) => Value::Int(n),
    };
    Sql::new(format!("({t}.{column}, {t}.id) {cmp} ("))
        .value(value)
        .push(", ")
        .value(id)
        .push(")")
        .condition()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn encode_cursor(sort: SortKey, after: &After) -> String {
    let value = match &after.value {
        KeyValue::None => String::new(),
        KeyValue::Text(text) => text.clone(),
        KeyValue::Time(at) => at.and_utc().timestamp_micros().to_string(),
        KeyValue::Int(n) => n.to_string(),
    };
    let text = format!("{}|{}|{value}", sort.tag(), hex(&after.id));
    URL_SAFE_NO_PAD.encode(text)
}

/// The position in a cursor made for `sort`; `None` for anything else.
fn decode_cursor(raw: &str, sort: SortKey) -> Option<After> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(raw).ok()?).ok()?;
    let mut parts = text.splitn(3, '|');
    let tag = parts.next()?;
    let id_hex = parts.next()?;
    let value = parts.next()?;
    if tag.len() != 1 || !tag.starts_with(sort.tag()) || id_hex.len() != 32 {
        return None;
    }
    let id: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(id_hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let value = match sort {
        SortKey::Created if value.is_empty() => KeyValue::None,
        SortKey::Created => return None,
        SortKey::Name if value.contains('\0') => return None,
        SortKey::Name => KeyValue::Text(value.to_owned()),
        SortKey::Updated => {
            let at = DateTime::from_timestamp_micros(value.parse().ok()?)?;
            if !(1..=9999).contains(&at.year()) {
                return None;
            }
            KeyValue::Time(at.naive_utc())
        }
        SortKey::Position => KeyValue::Int(value.parse().ok()?),
    };
    Some(After { value, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_fit_only_their_sort() {
        let id = vec![7u8; 16];
        let at = DateTime::from_timestamp_micros(1_700_000_000_123_456)
            .map(|d| d.naive_utc())
            .unwrap_or_default();
        for (sort, value) in [
            (SortKey::Created, KeyValue::None),
            (SortKey::Name, KeyValue::Text("acme | corp".into())),
            (SortKey::Updated, KeyValue::Time(at)),
            (SortKey::Position, KeyValue::Int(-3)),
        ] {
            let after = After {
                value,
                id: id.clone(),
            };
            let cursor = encode_cursor(sort, &after);
            assert_eq!(decode_cursor(&cursor, sort), Some(after));
            let other = if sort == SortKey::Name {
                SortKey::Created
            } else {
                SortKey::Name
            };
            assert_eq!(decode_cursor(&cursor, other), None);
        }
    }

    #[test]
    fn crafted_cursors_are_refused() {
        for text in [
            "c|zz|",
            "u|07070707070707070707070707070707|99999999999999999999",
            "u|07070707070707070707070707070707|-62135596800000001",
            "n|07070707070707070707070707070707|a\0b",
            "p|07070707070707070707070707070707|1.5",
            "c|0707070707070707070707070707070|",
        ] {
            let sort = match text.as_bytes()[0] {
                b'u' => SortKey::Updated,
                b'n' => SortKey::Name,
                b'p' => SortKey::Position,
                _ => SortKey::Created,
            };
            assert_eq!(
                decode_cursor(&URL_SAFE_NO_PAD.encode(text), sort),
                None,
                "{text}"
            );
        }
        assert_eq!(decode_cursor("not a cursor", SortKey::Created), None);
    }

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
