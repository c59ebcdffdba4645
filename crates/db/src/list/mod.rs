//! One paging scheme for every list: filters chosen by the resource, then keyset paging by the
//! chosen sort with an opaque cursor, never `OFFSET`, so a deep page costs what the first does.
//!
//! A resource builds its filtered query and hands it to [`load_page`], which adds the live or
//! deleted rows, the time ranges, the position after the cursor, the order and the limit, and
//! returns the page with the cursor of the next one.

mod cursor;
mod params;

use chrono::NaiveDateTime;
use diesel::expression::SqlLiteral;
use diesel::query_dsl::methods::{FilterDsl, LimitDsl, OrderDsl, SelectDsl};
use diesel::query_dsl::LoadQuery;
use diesel::sql_types::Integer;
use diesel::RunQueryDsl;

use crate::connection::AnyConnection;
use crate::convert::to_db;
use crate::error::Result;
use crate::record::Record;
use crate::search::Search;
use crate::sql::{Condition, Sql, Value};
use cursor::encode_cursor;
pub use cursor::After;
pub use params::{ListParams, ListRequest, TimeRanges, DEFAULT_LIMIT};

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
    /// By a ticket's number (`number`).
    Number,
    /// By priority, low to urgent (`priority_rank`).
    Priority,
    /// By the next SLA deadline (`sla_due_at`; tickets without one sort last).
    SlaDue,
    /// By a lead's score (`score`).
    Score,
    /// By a deal's close date (`close_date`, a `YYYY-MM-DD` day).
    CloseDate,
    /// By a deal's amount in the base currency (`amount_base_minor`).
    Amount,
    /// By an activity's place on a timeline (`placed_at`).
    Placed,
    /// By a due time (`due_at`).
    Due,
    /// By a contract's last day (`ends_on`, a `YYYY-MM-DD` day).
    EndsOn,
    /// By email address, case-insensitive (`email_normalized`).
    Email,
}

impl SortKey {
    fn column(self) -> Option<&'static str> {
        match self {
            SortKey::Created => None,
            SortKey::Name => Some("name_key"),
            SortKey::Updated => Some("updated_at"),
            SortKey::Position => Some("position"),
            SortKey::Number => Some("number"),
            SortKey::Priority => Some("priority_rank"),
            SortKey::SlaDue => Some("sla_due_at"),
            SortKey::Score => Some("score"),
            SortKey::CloseDate => Some("close_date"),
            SortKey::Amount => Some("amount_base_minor"),
            SortKey::Placed => Some("placed_at"),
            SortKey::Due => Some("due_at"),
            SortKey::EndsOn => Some("ends_on"),
            SortKey::Email => Some("email_normalized"),
        }
    }

    fn tag(self) -> char {
        match self {
            SortKey::Created => 'c',
            SortKey::Name => 'n',
            SortKey::Updated => 'u',
            SortKey::Position => 'p',
            SortKey::Number => 'N',
            SortKey::Priority => 'P',
            SortKey::SlaDue => 'd',
            SortKey::Score => 's',
            SortKey::CloseDate => 'D',
            SortKey::Amount => 'a',
            SortKey::Placed => 'A',
            SortKey::Due => 'W',
            SortKey::EndsOn => 'E',
            SortKey::Email => 'e',
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

/// The most candidates a search reads in one batch.
const MAX_BATCH: i64 = 6_400;

/// One page of a list and the cursor of the next, when more follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items, in the list's order.
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
    /// How many rows match, all pages together, when the list asked for it.
    pub total: Option<i64>,
}

impl<T> Page<T> {
    /// The same page with each item turned into something else.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
            total: self.total,
        }
    }

    /// Turns each item into another that may fail to be made.
    pub fn try_map<U>(self, f: impl FnMut(T) -> Result<U>) -> Result<Page<U>> {
        Ok(Page {
            items: self.items.into_iter().map(f).collect::<Result<_>>()?,
            next_cursor: self.next_cursor,
            total: self.total,
        })
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
/// orders filter by the terms and let the database choose. With `params.count` it also counts
/// the matches (`total`), up to one more than [`COUNT_CAP`].
pub fn load_page<'a, R, Q, Row>(
    conn: &mut AnyConnection,
    query: impl Fn() -> Q,
    search: Option<&Search>,
    params: &ListParams,
) -> Result<Page<Row>>
where
    R: Record,
    Q: ListableQuery<'a, Row> + SelectDsl<SqlLiteral<Integer>>,
    <Q as SelectDsl<SqlLiteral<Integer>>>::Output: LimitDsl,
    <<Q as SelectDsl<SqlLiteral<Integer>>>::Output as LimitDsl>::Output:
        LoadQuery<'a, AnyConnection, i32>,
    Row: Positioned,
{
    let total = if params.count {
        Some(count_up_to::<R, Q, Row>(
            conn,
            query(),
            search,
            params,
            COUNT_CAP + 1,
        )?)
    } else {
        None
    };
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
        total,
    })
}

/// How far a list's `total` counts: an exact count costs as much as the matches are many,
/// and past this many nobody reads the number.
pub const COUNT_CAP: i64 = 10_000;

/// How many rows of `query` (with the shared filters and `search`) match, counting no further
/// than `cap`: a count whose cost the cap bounds, for a badge that says "1,000+".
pub fn count_up_to<'a, R, Q, Row>(
    conn: &mut AnyConnection,
    query: Q,
    search: Option<&Search>,
    params: &ListParams,
    cap: i64,
) -> Result<i64>
where
    R: Record,
    Q: ListableQuery<'a, Row> + SelectDsl<SqlLiteral<Integer>>,
    <Q as SelectDsl<SqlLiteral<Integer>>>::Output: LimitDsl,
    <<Q as SelectDsl<SqlLiteral<Integer>>>::Output as LimitDsl>::Output:
        LoadQuery<'a, AnyConnection, i32>,
{
    let query = match search {
        Some(search) => query.filter(search.condition(R::TABLE)),
        None => query,
    };
    let found: Vec<i32> = shared_filters::<R, Q, Row>(query, params)
        .select(diesel::dsl::sql::<Integer>("1"))
        .limit(cap)
        .load(conn)?;
    Ok(found.len() as i64)
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
    let mut query = shared_filters::<R, Q, Row>(query, params);
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

/// The filters every list shares: live or deleted rows, and the time ranges.
fn shared_filters<'a, R, Q, Row>(query: Q, params: &ListParams) -> Q
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
    query
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
