//! SQL put together at run time, for the few statements that name their table at run time or
//! take a varying number of values: text with values in between, each value sent as a bound
//! parameter in the connection's own placeholder style (`$1` on PostgreSQL, `?` on SQLite).

use diesel::expression::{
    is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping,
};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Binary, Bool, Nullable, Text, Timestamp, Untyped};
use diesel::{QueryResult, RunQueryDsl};

use crate::connection::{AnyBackend, AnyConnection};

/// One value of a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Bytes (ids).
    Bytes(Vec<u8>),
    /// Bytes, or NULL.
    OptionalBytes(Option<Vec<u8>>),
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// An instant, or NULL.
    Time(Option<chrono::NaiveDateTime>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Sql(String),
    Value(Value),
    /// The statement is prepared afresh each time (see [`Sql::planned_for_its_values`]).
    Uncached,
}

/// SQL text and values, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sql(Vec<Piece>);

impl Sql {
    /// Starts with `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Self(vec![Piece::Sql(text.into())])
    }

    /// Appends SQL text.
    pub fn push(mut self, text: impl Into<String>) -> Self {
        self.0.push(Piece::Sql(text.into()));
        self
    }

    /// Appends another piece of SQL with its values.
    pub fn append(mut self, other: Sql) -> Self {
        self.0.extend(other.0);
        self
    }

    /// Appends a value.
    pub fn value(mut self, value: Value) -> Self {
        self.0.push(Piece::Value(value));
        self
    }

    /// Appends `values` separated by `, `.
    pub fn values(mut self, values: impl IntoIterator<Item = Value>) -> Self {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.0.push(Piece::Sql(", ".into()));
            }
            self.0.push(Piece::Value(value));
        }
        self
    }

    /// Makes it planned for the values it runs with, each time: a statement diesel keeps
    /// prepared gets, after a few runs, PostgreSQL's generic plan, one for any values, which
    /// for a full-text search cannot know whether the words are common or rare.
    pub fn planned_for_its_values(mut self) -> Self {
        self.0.push(Piece::Uncached);
        self
    }

    /// Runs it as a statement; the number of rows it changed.
    pub fn execute(self, conn: &mut AnyConnection) -> QueryResult<usize> {
        RunQueryDsl::execute(Statement(self), conn)
    }

    /// Runs it as a query and reads every row (`QueryableByName`).
    pub fn load<T>(self, conn: &mut AnyConnection) -> QueryResult<Vec<T>>
    where
        T: diesel::deserialize::FromSqlRow<Untyped, AnyBackend> + 'static,
    {
        RunQueryDsl::load(Statement(self), conn)
    }

    /// Uses it as a condition in a typed query.
    pub fn condition(self) -> Condition {
        Condition(self)
    }
}

impl QueryFragment<AnyBackend> for Sql {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, AnyBackend>) -> QueryResult<()> {
        for piece in &self.0 {
            match piece {
                Piece::Sql(text) => out.push_sql(text),
                Piece::Value(Value::Bytes(bytes)) => out.push_bind_param::<Binary, _>(bytes)?,
                Piece::Value(Value::OptionalBytes(bytes)) => {
                    out.push_bind_param::<Nullable<Binary>, _>(bytes)?
                }
                Piece::Value(Value::Text(text)) => out.push_bind_param::<Text, _>(text)?,
                Piece::Value(Value::Int(n)) => out.push_bind_param::<BigInt, _>(n)?,
                Piece::Value(Value::Time(at)) => {
                    out.push_bind_param::<Nullable<Timestamp>, _>(at)?
                }
                Piece::Uncached => out.unsafe_to_cache_prepared(),
            }
        }
        Ok(())
    }
}

/// [`Sql`] as a statement or query.
#[derive(Debug, Clone)]
pub struct Statement(Sql);

impl QueryId for Statement {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Statement {
    type SqlType = Untyped;
}

impl QueryFragment<AnyBackend> for Statement {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, AnyBackend>) -> QueryResult<()> {
        self.0.walk_ast(out)
    }
}

impl RunQueryDsl<AnyConnection> for Statement {}

/// [`Sql`] as a condition over any table.
#[derive(Debug, Clone)]
pub struct Condition(Sql);

impl QueryId for Condition {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Expression for Condition {
    type SqlType = Bool;
}

impl<QS> AppearsOnTable<QS> for Condition {}

impl<QS> SelectableExpression<QS> for Condition {}

impl ValidGrouping<()> for Condition {
    type IsAggregate = is_aggregate::Never;
}

impl QueryFragment<AnyBackend> for Condition {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, AnyBackend>) -> QueryResult<()> {
        self.0.walk_ast(out)
    }
}
