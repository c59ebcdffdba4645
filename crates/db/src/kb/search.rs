//! Full-text search over articles: PostgreSQL's text search over `search_vector`, SQLite's
//! FTS5 over `kb_articles_fts`. Both index the same words (`search_title`, weighed higher,
//! and `search_body`, written by [`domain::text::search_words`]), so both find the same
//! articles; each ranks them its own way.

use diesel::prelude::*;
use diesel::sql_types::{Binary, Double};
use domain::kb::{ArticleStatus, ArticleVisibility, Language};
use domain::{KbCategoryId, OrgId};

use crate::connection::AnyConnection;
use crate::convert::bytes;
use crate::error::Result;
use crate::sql::{Sql, Value};

use super::articles::{read_many, Article};

/// How the words of a search must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Every word begins a word of the article (a search box: `print` finds "printer").
    AllPrefixes,
    /// Any of the words is a word of the article (suggestions from a ticket's text).
    AnyWord,
}

/// Which articles a search looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    /// In one of these states (none: all).
    pub statuses: Vec<ArticleStatus>,
    /// For these readers.
    pub visibility: Option<ArticleVisibility>,
    /// In this language.
    pub language: Option<Language>,
    /// Filed directly in this category.
    pub category_id: Option<KbCategoryId>,
}

/// An article found, with how well it matched (higher is better; comparable only within one
/// search).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The article.
    pub article: Article,
    /// Its rank.
    pub rank: f64,
}

#[derive(QueryableByName)]
struct Ranked {
    #[diesel(sql_type = Binary)]
    id: Vec<u8>,
    #[diesel(sql_type = Double)]
    rank: f64,
}

/// The live articles matching `terms` (words as [`domain::kb::query_terms`] gives them: letters
/// and digits only), best first, `limit` of them after skipping `offset`.
pub fn search(
    conn: &mut AnyConnection,
    org: OrgId,
    terms: &[String],
    how: Match,
    filter: &SearchFilter,
    (limit, offset): (i64, i64),
) -> Result<Vec<Hit>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let postgres = matches!(conn, AnyConnection::Postgresql(_));
    let query = match (postgres, how) {
        (true, Match::AllPrefixes) => join(terms, |t| format!("{t}:*"), " & "),
        (true, Match::AnyWord) => join(terms, str::to_owned, " | "),
        (false, Match::AllPrefixes) => join(terms, |t| format!("\"{t}\"*"), " AND "),
        (false, Match::AnyWord) => join(terms, |t| format!("\"{t}\""), " OR "),
    };
    let head = if postgres {
        Sql::new(
            "SELECT a.id, CAST(ts_rank(a.search_vector, q.q) AS DOUBLE PRECISION) AS rank \
             FROM kb_articles a, to_tsquery('simple', ",
        )
        .value(Value::Text(query))
        .push(") AS q (q) WHERE a.search_vector @@ q.q")
    } else {
        // bm25 is lower for better matches; titles weigh four times the body.
        Sql::new(
            "SELECT a.id, -bm25(kb_articles_fts, 4.0, 1.0) AS rank \
             FROM kb_articles_fts JOIN kb_articles a ON a.search_key = kb_articles_fts.rowid \
             WHERE kb_articles_fts MATCH ",
        )
        .value(Value::Text(query))
    };
    let mut sql = head
        .push(" AND a.org_id = ")
        .value(Value::Bytes(bytes(&org)))
        .push(" AND a.deleted_at IS NULL");
    if !filter.statuses.is_empty() {
        sql = sql
            .push(" AND a.status IN (")
            .values(
                filter
                    .statuses
                    .iter()
                    .map(|s| Value::Text(s.as_str().to_owned())),
            )
            .push(")");
    }
    if let Some(visibility) = filter.visibility {
        sql = sql
            .push(" AND a.visibility = ")
            .value(Value::Text(visibility.as_str().to_owned()));
    }
    if let Some(language) = &filter.language {
        sql = sql
            .push(" AND a.language = ")
            .value(Value::Text(language.as_str().to_owned()));
    }
    if let Some(category) = &filter.category_id {
        sql = sql
            .push(" AND a.category_id = ")
            .value(Value::Bytes(bytes(category)));
    }
    let ranked: Vec<Ranked> = sql
        .push(" ORDER BY rank DESC, a.id LIMIT ")
        .value(Value::Int(limit))
        .push(" OFFSET ")
        .value(Value::Int(offset))
        .load(conn)?;
    let ids: Vec<Vec<u8>> = ranked.iter().map(|r| r.id.clone()).collect();
    let mut articles = read_many(conn, org, &ids)?;
    Ok(ranked
        .into_iter()
        .filter_map(|r| {
            let at = articles.iter().position(|a| bytes(&a.id) == r.id)?;
            Some(Hit {
                article: articles.swap_remove(at),
                rank: r.rank,
            })
        })
        .collect())
}

fn join(terms: &[String], each: impl Fn(&str) -> String, between: &str) -> String {
    terms
        .iter()
        .map(|t| each(t))
        .collect::<Vec<_>>()
        .join(between)
}
