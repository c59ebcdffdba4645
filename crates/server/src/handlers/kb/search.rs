//! `GET /api/v1/kb/search` and `GET /api/v1/kb/suggest`: articles found by their words, with
//! the passage where they were found.

use actix_web::get;
use actix_web::HttpResponse;
use api_types::kb::{KbSearchHit, KbSearchQuery, KbSearchResults, KbSuggestQuery};
use db::kb::search::{self, Found, Match, SearchFilter};
use domain::kb::{self, ArticleStatus, ArticleVisibility, Language};
use domain::text::escape_html;
use domain::{FieldError, Violations};

use super::articles::tag_names;
use super::input::search_filter;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::PlainQuery;
use crate::kit::{Reply, State};
use crate::markdown;

/// About how long a snippet is, in characters.
const SNIPPET_CHARS: usize = 200;

/// The passage of the article's text around the words, as HTML with the words in `<mark>`.
fn snippet(body: &str, terms: &[String]) -> String {
    let mut html = String::new();
    for stretch in kb::snippet(&markdown::to_text(body), terms, SNIPPET_CHARS) {
        if stretch.matched {
            html.push_str("<mark>");
            html.push_str(&escape_html(&stretch.text));
            html.push_str("</mark>");
        } else {
            html.push_str(&escape_html(&stretch.text));
        }
    }
    html
}

/// Where customers read a public, published article.
pub fn reader_url(public_url: &str, article: &db::kb::Article) -> Option<String> {
    let f = &article.fields;
    (f.visibility == ArticleVisibility::Public && f.status == ArticleStatus::Published).then(|| {
        format!(
            "{}/help/articles/{}",
            public_url.trim_end_matches('/'),
            article.id
        )
    })
}

pub(crate) fn results(
    found: Found,
    terms: Vec<String>,
    (limit, offset): (i64, i64),
    public_url: &str,
) -> KbSearchResults {
    let next = offset + limit;
    KbSearchResults {
        items: found
            .articles
            .into_iter()
            .map(|a| KbSearchHit {
                url: reader_url(public_url, &a),
                id: a.id.to_string(),
                snippet: snippet(&a.fields.body, &terms),
                title: a.fields.title,
                category_id: a.fields.category_id.map(|c| c.to_string()),
                visibility: a.fields.visibility.as_str().to_owned(),
                status: a.fields.status.as_str().to_owned(),
                language: a.fields.language.as_str().to_owned(),
                tags: tag_names(&a.fields.tags),
                helpful_count: a.feedback.helpful,
                updated_at: a.updated_at,
            })
            .collect(),
        terms,
        next_offset: (found.more && next <= super::input::MAX_OFFSET).then_some(next),
    }
}

/// Search the knowledge base.
///
/// Every word must begin a word of the article's title, tags or text (`print` finds
/// "printer"); titles and tags weigh more. Best first; each answer gives the passage where
/// the words were found. Published articles unless `status` says otherwise. Words are
/// letters and digits: `e-mail` is the words `e` and `mail`. What is ranked is the newest
/// matches: the 50 newest whose title or tags have the words and the 50 newest that have
/// them anywhere, so a word found in thousands of articles answers as fast as a rare one.
/// The other matches follow them, newest first.
#[utoipa::path(
    tag = "knowledge base",
    params(KbSearchQuery),
    responses((status = 200, description = "What was found, best first", body = KbSearchResults)),
)]
#[get("/kb/search")]
pub async fn search_kb(state: State, caller: Caller, query: PlainQuery<KbSearchQuery>) -> Reply {
    let query = query.0;
    let (filter, page) = search_filter(&query)?;
    let terms = kb::query_terms(&query.q);
    let public_url = state.settings.public_url.clone();
    let answer = state
        .run(caller, move |conn, p| {
            let found = search::search(conn, p.org, &terms, Match::AllPrefixes, &filter, page)?;
            Ok::<_, ApiError>(results(found, terms, page, &public_url))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Articles that may answer a ticket being written.
///
/// Published articles sharing the telling words of `text` (its subject and text so far:
/// common words left out, the longest ten used), best first. Internal ones too: they help
/// the agent.
#[utoipa::path(
    tag = "knowledge base",
    params(KbSuggestQuery),
    responses((status = 200, description = "Suggested articles, best first", body = KbSearchResults)),
)]
#[get("/kb/suggest")]
pub async fn suggest_kb(state: State, caller: Caller, query: PlainQuery<KbSuggestQuery>) -> Reply {
    let (filter, terms, limit) = suggestion_input(&query.0)?;
    let public_url = state.settings.public_url.clone();
    let answer = state
        .run(caller, move |conn, p| {
            suggestions(conn, p.org, (terms, &filter, limit), &public_url)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// The best `limit` articles under `filter` sharing any of `terms`. Suggestions do not page.
pub fn suggestions(
    conn: &mut db::AnyConnection,
    org: domain::OrgId,
    (terms, filter, limit): (Vec<String>, &SearchFilter, i64),
    public_url: &str,
) -> Result<KbSearchResults, ApiError> {
    let found = search::search(conn, org, &terms, Match::AnyWord, filter, (limit, 0))?;
    Ok(KbSearchResults {
        next_offset: None,
        ..results(found, terms, (limit, 0), public_url)
    })
}

/// What a suggestion request asks for: published articles (of the language, if given), the
/// telling words of its text, and how many (1 to 10, 5 unless given).
pub fn suggestion_input(
    query: &KbSuggestQuery,
) -> Result<(SearchFilter, Vec<String>, i64), ApiError> {
    let mut v = Violations::new();
    let language = v.check_opt(query.language.as_deref(), |l| {
        Language::parse("/query/language", l)
    });
    let limit = query.limit.unwrap_or(5);
    if !(1..=10).contains(&limit) {
        v.push(FieldError::new(
            "/query/limit",
            "out_of_range",
            "from 1 to 10",
        ));
    }
    if !v.is_empty() {
        return Err(ApiError::InvalidParameters(v.into_errors()));
    }
    let filter = SearchFilter {
        statuses: vec![ArticleStatus::Published],
        language,
        ..SearchFilter::default()
    };
    Ok((filter, kb::suggestion_terms(&query.text), limit))
}
