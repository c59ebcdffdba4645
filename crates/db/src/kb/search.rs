//! Full-text search over articles: PostgreSQL's text search over `search_vector`, SQLite's
//! FTS5 over `kb_articles_fts` (whose rows are numbered by the articles' `search_key`). Both index the same words (`search_title`, weighed higher,
//! and `search_body`, written by [`domain::text::search_words`]), so both find the same
//! articles; each ranks them its own way.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Binary};
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

/// What a search found: a page of articles, best first, and whether more follow.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// The page's articles.
    pub articles: Vec<Article>,
    /// Whether a page further on has more.
    pub more: bool,
}

#[derive(QueryableByName)]
struct Key {
    #[diesel(sql_type = Binary)]
    id: Vec<u8>,
    #[diesel(sql_type = BigInt)]
    key: i64,
}

/// How many of the newest matches a search ranks: the newest articles whose title or tags
/// match, and the newest whose title, tags or text do, this many of each. Ranking reads each
/// article's words; ranking every match of a common word would read most of the knowledge
/// base.
const WINDOW: i64 = 50;

/// The live articles matching `terms` (words as [`domain::kb::query_terms`] gives them: letters
/// and digits only), `limit` of them after skipping `offset`. First come the window of the
/// newest matches (see [`WINDOW`]), best first; then the other matches, newest first. The
/// order does not depend on the page asked for, so paging neither repeats nor skips.
pub fn search(
    conn: &mut AnyConnection,
    org: OrgId,
    terms: &[String],
    how: Match,
    filter: &SearchFilter,
    (limit, offset): (i64, i64),
) -> Result<Found> {
    if terms.is_empty() {
        return Ok(Found::default());
    }
    let words = Words::new(conn, terms, how);
    let mut keys: Vec<Key> = words
        .window(org, filter)
        .planned_for_its_values()
        .load(conn)?;
    // One more than the page, to know whether another follows.
    let wanted = usize::try_from(offset + limit + 1).unwrap_or(usize::MAX);
    // A window smaller than WINDOW holds every match.
    if keys.len() < wanted && keys.len() >= WINDOW as usize {
        let ranked: Vec<i64> = keys.iter().map(|k| k.key).collect();
        let rest: Vec<Key> = words
            .rest(org, filter, &ranked, wanted - keys.len())
            .planned_for_its_values()
            .load(conn)?;
        keys.extend(rest);
    }
    let more = keys.len() >= wanted;
    let page: Vec<Vec<u8>> = keys
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|k| k.id)
        .collect();
    let mut articles = read_many(conn, org, &page)?;
    articles.sort_by_key(|a| page.iter().position(|id| *id == bytes(&a.id)));
    Ok(Found { articles, more })
}

/// The words of a search, as the database's own query language says them.
enum Words {
    /// A `tsquery` over `search_vector` (and the titles' own index).
    Postgres(String),
    /// An FTS5 query over `kb_articles_fts`.
    Sqlite(String),
}

impl Words {
    fn new(conn: &AnyConnection, terms: &[String], how: Match) -> Self {
        match (conn, how) {
            (AnyConnection::Postgresql(_), Match::AllPrefixes) => {
                Words::Postgres(join(terms, |t| format!("{t}:*"), " & "))
            }
            (AnyConnection::Postgresql(_), Match::AnyWord) => {
                Words::Postgres(join(terms, str::to_owned, " | "))
            }
            (AnyConnection::Sqlite(_), Match::AllPrefixes) => {
                Words::Sqlite(join(terms, |t| format!("\"{t}\"*"), " AND "))
            }
            (AnyConnection::Sqlite(_), Match::AnyWord) => {
                Words::Sqlite(join(terms, |t| format!("\"{t}\""), " OR "))
            }
        }
    }

    /// The window's articles (`id`, `key`), best first.
    fn window(&self, org: OrgId, filter: &SearchFilter) -> Sql {
        match self {
            Words::Postgres(query) => postgres_window(query, org, filter),
            Words::Sqlite(query) => sqlite_window(query, org, filter),
        }
        .push(" ORDER BY rank DESC, a.id")
    }

    /// The `n` newest matches (`id`, `key`) outside the window's `ranked` keys, walked in the
    /// order each database keeps them (FTS5 gives its rows in order only by its own `rowid`).
    fn rest(&self, org: OrgId, filter: &SearchFilter, ranked: &[i64], n: usize) -> Sql {
        let (sql, key) = match self {
            Words::Postgres(query) => (
                Sql::new(
                    "SELECT b.id, b.search_key AS key FROM kb_articles b \
                     WHERE b.search_vector @@ to_tsquery('simple', ",
                )
                .value(Value::Text(query.clone()))
                .push(")"),
                "b.search_key",
            ),
            Words::Sqlite(query) => (
                Sql::new(
                    "SELECT b.id, b.search_key AS key FROM kb_articles_fts \
                     JOIN kb_articles b ON b.search_key = kb_articles_fts.rowid \
                     WHERE kb_articles_fts MATCH ",
                )
                .value(Value::Text(query.clone())),
                "kb_articles_fts.rowid",
            ),
        };
        filtered(sql, org, filter)
            .push(format!(" AND {key} NOT IN ("))
            .values(ranked.iter().map(|k| Value::Int(*k)))
            .push(format!(") ORDER BY {key} DESC LIMIT "))
            .value(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)))
    }
}

/// PostgreSQL: the window's articles (title matches through the titles' own index), ranked
/// by `ts_rank` over all their words.
fn postgres_window(query: &str, org: OrgId, filter: &SearchFilter) -> Sql {
    let newest = |words: &str| {
        let sql = Sql::new(format!(
            "(SELECT b.search_key FROM kb_articles b WHERE {words} @@ to_tsquery('simple', "
        ))
        .value(Value::Text(query.to_owned()))
        .push(")");
        filtered(sql, org, filter)
            .push(" ORDER BY b.search_key DESC LIMIT ")
            .value(Value::Int(WINDOW))
            .push(")")
    };
    Sql::new("SELECT a.id, a.search_key AS key, ts_rank(a.search_vector, to_tsquery('simple', ")
        .value(Value::Text(query.to_owned()))
        .push(")) AS rank FROM kb_articles a WHERE a.org_id = ")
        .value(Value::Bytes(bytes(&org)))
        .push(" AND a.search_key IN (")
        .append(newest("to_tsvector('simple', b.search_title)"))
        .push(" UNION ALL ")
        .append(newest("b.search_vector"))
        .push(")")
}

/// SQLite: the window's articles, each ranked by `bm25` (titles weighing four times the text)
/// as the window's query finds it, once: ranking a chosen article again would expand every
/// word prefix again. The title window asks for the words in the text and again in the title,
/// so its articles rank higher, as a title match should; an article in both windows takes its
/// better rank (every title match in the text window is in the title window too: it has fewer
/// newer title matches than newer matches).
fn sqlite_window(query: &str, org: OrgId, filter: &SearchFilter) -> Sql {
    // bm25 is lower for better matches.
    let newest = |query: String| {
        let sql = Sql::new(
            "SELECT key, rank FROM (SELECT kb_articles_fts.rowid AS key, \
             -bm25(kb_articles_fts, 4.0, 1.0) AS rank FROM kb_articles_fts \
             JOIN kb_articles b ON b.search_key = kb_articles_fts.rowid \
             WHERE kb_articles_fts MATCH ",
        )
        .value(Value::Text(query));
        filtered(sql, org, filter)
            .push(" ORDER BY kb_articles_fts.rowid DESC LIMIT ")
            .value(Value::Int(WINDOW))
            .push(")")
    };
    Sql::new("SELECT a.id, a.search_key AS key, max(c.rank) AS rank FROM (")
        .append(newest(format!("({query}) AND (search_title : ({query}))")))
        .push(" UNION ALL ")
        .append(newest(query.to_owned()))
        .push(") c JOIN kb_articles a ON a.search_key = c.key GROUP BY a.id, a.search_key")
}

/// `sql` (whose article is `b`) narrowed to the organization's live articles that `filter`
/// lets through.
fn filtered(sql: Sql, org: OrgId, filter: &SearchFilter) -> Sql {
    let mut sql = sql
        .push(" AND b.org_id = ")
        .value(Value::Bytes(bytes(&org)))
        .push(" AND b.deleted_at IS NULL");
    if !filter.statuses.is_empty() {
        sql = sql
            .push(" AND b.status IN (")
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
            .push(" AND b.visibility = ")
            .value(Value::Text(visibility.as_str().to_owned()));
    }
    if let Some(language) = &filter.language {
        sql = sql
            .push(" AND b.language = ")
            .value(Value::Text(language.as_str().to_owned()));
    }
    if let Some(category) = &filter.category_id {
        sql = sql
            .push(" AND b.category_id = ")
            .value(Value::Bytes(bytes(category)));
    }
    sql
}

/// A number for the next article written: one more than the last, so that the newest
/// articles have the highest (PostgreSQL's sequence; on SQLite, whose writers take turns, the
/// largest in use plus one).
pub(super) fn next_key(conn: &mut AnyConnection) -> Result<i64> {
    #[derive(QueryableByName)]
    struct Key {
        #[diesel(sql_type = BigInt)]
        key: i64,
    }
    let sql = match conn {
        AnyConnection::Postgresql(_) => "SELECT nextval('kb_articles_search_key_seq') AS key",
        AnyConnection::Sqlite(_) => {
            "SELECT coalesce(max(search_key), 0) + 1 AS key FROM kb_articles"
        }
    };
    Ok(diesel::sql_query(sql).get_result::<Key>(conn)?.key)
}

fn join(terms: &[String], each: impl Fn(&str) -> String, between: &str) -> String {
    terms
        .iter()
        .map(|t| each(t))
        .collect::<Vec<_>>()
        .join(between)
}
