//! Word-prefix search through term tables: one row per record and term (every prefix of every
//! word of its search text, see [`domain::text::search_terms`]), keyed `(org_id, term, id)`.
//!
//! A search in creation order reads the query words' keys in id order and keeps the ids all of
//! them carry, from the term table alone; only those records are read. Its cost grows neither
//! with the table nor with the records that carry none of the words.

use domain::text::search_terms;
use domain::OrgId;

use crate::connection::AnyConnection;
use crate::error::Result;
use crate::side::{self, SideTable};
use crate::sql::{Condition, Sql, Value};

/// Makes the term table hold the terms of `new_text` where it held those of `old_text`, for
/// one record: only the terms that came or went are written.
pub fn sync(
    conn: &mut AnyConnection,
    terms: SideTable,
    org: OrgId,
    owner: &[u8],
    old_text: &str,
    new_text: &str,
) -> Result<()> {
    if old_text == new_text {
        return Ok(());
    }
    let (old, new) = (search_terms(old_text), search_terms(new_text));
    side::sync(conn, terms, org, owner, &old, &new)
}

/// A search: the query's words (from [`domain::text::query_words`]) in one or more term
/// tables; a record carries a word when any of the tables holds it for the record.
#[derive(Debug, Clone)]
pub struct Search {
    /// Where the terms are (at least one table).
    pub terms: Vec<SideTable>,
    /// The organization searched.
    pub org: OrgId,
    /// The words, each a term.
    pub words: Vec<String>,
}

#[derive(diesel::QueryableByName)]
struct Candidate {
    #[diesel(sql_type = diesel::sql_types::Binary)]
    id: Vec<u8>,
}

impl Search {
    /// A search for `words` in `terms`, or none when there are no words.
    pub fn new(terms: SideTable, org: OrgId, words: Vec<String>) -> Option<Self> {
        (!words.is_empty()).then_some(Self {
            terms: vec![terms],
            org,
            words,
        })
    }

    /// The same search, where a word may also be in `terms`.
    pub fn or_in(mut self, terms: SideTable) -> Self {
        self.terms.push(terms);
        self
    }

    /// The word whose term rows a search walks: the longest, as a rule the rarest.
    fn driver(&self) -> usize {
        let mut best = 0;
        for (i, word) in self.words.iter().enumerate() {
            if word.chars().count() > self.words[best].chars().count() {
                best = i;
            }
        }
        best
    }

    fn org_value(&self) -> Value {
        Value::Bytes(self.org.as_bytes().to_vec())
    }

    /// `each` term table's condition, any of them.
    fn in_any(&self, each: impl Fn(&SideTable) -> Sql) -> Sql {
        let mut sql = Sql::new("(");
        for (i, terms) in self.terms.iter().enumerate() {
            if i > 0 {
                sql = sql.push(" OR ");
            }
            sql = sql.append(each(terms));
        }
        sql.push(")")
    }

    /// The record `{id}` (an SQL expression) carries `word` in one of the term tables.
    fn carries(&self, id: &str, word: &str) -> Sql {
        self.in_any(
            |&SideTable {
                 table,
                 owner,
                 value,
             }| {
                Sql::new(format!(
                    "{id} IN (SELECT {owner} FROM {table} WHERE org_id = "
                ))
                .value(self.org_value())
                .push(format!(" AND {value} = "))
                .value(Value::Text(word.to_owned()))
                .push(")")
            },
        )
    }

    /// Rows of `table` that carry every word.
    pub fn condition(&self, table: &str) -> Condition {
        let mut sql = Sql::new("(");
        for (i, word) in self.words.iter().enumerate() {
            if i > 0 {
                sql = sql.push(" AND ");
            }
            sql = sql.append(self.carries(&format!("{table}.id"), word));
        }
        sql.push(")").condition()
    }

    /// Up to `n` ids of records that carry every word, after `after` in id order (descending
    /// when `descending`), read from the term tables alone: in each table, the walked word's
    /// entries in id order, each kept if the other words are the record's too; with several
    /// tables, the first `n` of their union.
    pub(crate) fn candidates(
        &self,
        conn: &mut AnyConnection,
        after: Option<&[u8]>,
        descending: bool,
        n: i64,
    ) -> Result<Vec<Vec<u8>>> {
        let dir = if descending { "DESC" } else { "ASC" };
        let sql = match self.terms.as_slice() {
            [only] => self.walk(only, after, descending, n),
            all => {
                let mut sql = Sql::new("");
                for (i, terms) in all.iter().enumerate() {
                    if i > 0 {
                        sql = sql.push(" UNION ");
                    }
                    sql = sql
                        .push("SELECT id FROM (")
                        .append(self.walk(terms, after, descending, n))
                        .push(format!(") t{i}"));
                }
                sql.push(format!(" ORDER BY id {dir} LIMIT "))
                    .value(Value::Int(n))
            }
        };
        let rows: Vec<Candidate> = sql.load(conn)?;
        Ok(rows.into_iter().map(|c| c.id).collect())
    }

    /// The first `n` records after `after` carrying every word whose walked word is in
    /// `terms`: its entries in id order, each checked for the other words (on PostgreSQL a
    /// merge of the words' entries, read in order).
    fn walk(&self, terms: &SideTable, after: Option<&[u8]>, descending: bool, n: i64) -> Sql {
        let SideTable {
            table,
            owner,
            value,
        } = terms;
        let (cmp, dir) = if descending {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        let driver = self.driver();
        let mut sql = Sql::new(format!(
            "SELECT d.{owner} AS id FROM {table} d WHERE d.org_id = "
        ))
        .value(self.org_value())
        .push(format!(" AND d.{value} = "))
        .value(Value::Text(self.words[driver].clone()));
        if let Some(after) = after {
            sql = sql
                .push(format!(" AND d.{owner} {cmp} "))
                .value(Value::Bytes(after.to_vec()));
        }
        for (i, word) in self.words.iter().enumerate() {
            if i != driver {
                sql = sql
                    .push(" AND ")
                    .append(self.has(&format!("d.{owner}"), word));
            }
        }
        sql.push(format!(" ORDER BY d.{owner} {dir} LIMIT "))
            .value(Value::Int(n))
    }

    /// `{id}` carries `word`, probed by primary key in each term table.
    fn has(&self, id: &str, word: &str) -> Sql {
        self.in_any(
            |&SideTable {
                 table,
                 owner,
                 value,
             }| {
                Sql::new(format!("EXISTS (SELECT 1 FROM {table} o WHERE o.org_id = "))
                    .value(self.org_value())
                    .push(format!(" AND o.{owner} = {id} AND o.{value} = "))
                    .value(Value::Text(word.to_owned()))
                    .push(")")
            },
        )
    }
}
