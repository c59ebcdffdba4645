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

/// A search: the query's words (from [`domain::text::query_words`]) in a term table.
#[derive(Debug, Clone)]
pub struct Search {
    /// Where the terms are.
    pub terms: SideTable,
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
        (!words.is_empty()).then_some(Self { terms, org, words })
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

    /// `{table}.id` carries `word`.
    fn carries(&self, table: &str, word: &str) -> Sql {
        let SideTable {
            table: terms,
            owner,
            value,
        } = self.terms;
        Sql::new(format!(
            "{table}.id IN (SELECT {owner} FROM {terms} WHERE org_id = "
        ))
        .value(Value::Bytes(self.org.as_bytes().to_vec()))
        .push(format!(" AND {value} = "))
        .value(Value::Text(word.to_owned()))
        .push(")")
    }

    /// Rows of `table` that carry every word.
    pub fn condition(&self, table: &str) -> Condition {
        let mut sql = Sql::new("(");
        for (i, word) in self.words.iter().enumerate() {
            if i > 0 {
                sql = sql.push(" AND ");
            }
            sql = sql.append(self.carries(table, word));
        }
        sql.push(")").condition()
    }

    /// Up to `n` ids of records that carry every word, after `after` in id order (descending
    /// when `descending`), read from the term table alone: the walked word's entries in id
    /// order, each kept if the other words' entries have its id too (on PostgreSQL a merge of
    /// the words' entries, read in order).
    pub(crate) fn candidates(
        &self,
        conn: &mut AnyConnection,
        after: Option<&[u8]>,
        descending: bool,
        n: i64,
    ) -> Result<Vec<Vec<u8>>> {
        let SideTable {
            table,
            owner,
            value,
        } = self.terms;
        let (cmp, dir) = if descending {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        let driver = self.driver();
        let mut sql = Sql::new(format!(
            "SELECT d.{owner} AS id FROM {table} d WHERE d.org_id = "
        ))
        .value(Value::Bytes(self.org.as_bytes().to_vec()))
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
                    .push(format!(
                        " AND EXISTS (SELECT 1 FROM {table} o WHERE o.org_id = d.org_id \
                         AND o.{owner} = d.{owner} AND o.{value} = "
                    ))
                    .value(Value::Text(word.clone()))
                    .push(")");
            }
        }
        let rows: Vec<Candidate> = sql
            .push(format!(" ORDER BY d.{owner} {dir} LIMIT "))
            .value(Value::Int(n))
            .load(conn)?;
        Ok(rows.into_iter().map(|c| c.id).collect())
    }
}
