//! The public knowledge base in the portal: search and one article. Only published, public
//! articles; the partner may turn the knowledge base off.

use actix_web::web::Path;
use actix_web::{get, HttpResponse};
use api_types::kb::{KbSearchQuery, KbSearchResults, KbSuggestQuery};
use api_types::portal::{PortalArticle, PortalKbSearchQuery};
use db::kb::search::{self, Match};
use db::kb::Article;
use db::record::{self, Visibility};
use domain::kb::{self, ArticleStatus, ArticleVisibility};

use super::feature;
use crate::auth::PortalCaller;
use crate::error::ApiError;
use crate::extract::{path_id, PlainQuery};
use crate::handlers::kb::input::search_filter;
use crate::handlers::kb::search::{results, suggestion_input, suggestions};
use crate::kit::{Reply, State};
use crate::openapi::{Conflict, Id};

/// Search the public knowledge base.
///
/// As the staff search (every word begins a word of the title, tags or text; best first;
/// the passage found), over published public articles only. 409 `knowledge_base_off` when
/// the partner's portal has no knowledge base.
#[utoipa::path(
    tag = "portal",
    params(PortalKbSearchQuery),
    responses(
        (status = 200, description = "What was found, best first", body = KbSearchResults),
        Conflict,
    ),
)]
#[get("/portal/kb/search")]
pub async fn search_portal_kb(
    state: State,
    caller: PortalCaller,
    query: PlainQuery<PortalKbSearchQuery>,
) -> Reply {
    let query = query.0;
    let (mut filter, page) = search_filter(&KbSearchQuery {
        q: query.q.clone(),
        language: query.language,
        limit: query.limit,
        offset: query.offset,
        ..KbSearchQuery::default()
    })?;
    filter.statuses = vec![ArticleStatus::Published];
    filter.visibility = Some(ArticleVisibility::Public);
    let terms = kb::query_terms(&query.q);
    let public_url = state.settings.public_url.clone();
    let answer = state
        .run_portal(caller, move |conn, p| {
            feature(conn, &p, |f| f.knowledge_base, "knowledge_base_off")?;
            let found = search::search(conn, p.org, &terms, Match::AllPrefixes, &filter, page)?;
            Ok::<_, ApiError>(results(found, terms, page, &public_url))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Public articles that may answer a ticket the customer is writing.
///
/// As the staff suggestions (published articles sharing the telling words of `text`, best
/// first), over public articles only: many customers find their answer before sending.
/// 409 `knowledge_base_off` when the partner's portal has no knowledge base.
#[utoipa::path(
    tag = "portal",
    params(KbSuggestQuery),
    responses(
        (status = 200, description = "Suggested articles, best first", body = KbSearchResults),
        Conflict,
    ),
)]
#[get("/portal/kb/suggest")]
pub async fn suggest_portal_kb(
    state: State,
    caller: PortalCaller,
    query: PlainQuery<KbSuggestQuery>,
) -> Reply {
    let (mut filter, terms, limit) = suggestion_input(&query.0)?;
    filter.visibility = Some(ArticleVisibility::Public);
    let public_url = state.settings.public_url.clone();
    let answer = state
        .run_portal(caller, move |conn, p| {
            feature(conn, &p, |f| f.knowledge_base, "knowledge_base_off")?;
            suggestions(conn, p.org, (terms, &filter, limit), &public_url)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Read a public article.
#[utoipa::path(
    tag = "portal",
    params(Id),
    responses(
        (status = 200, description = "The article", body = PortalArticle),
        Conflict,
    ),
)]
#[get("/portal/kb/articles/{id}")]
pub async fn get_portal_article(state: State, caller: PortalCaller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let article = state
        .run_portal(caller, move |conn, p| {
            feature(conn, &p, |f| f.knowledge_base, "knowledge_base_off")?;
            let a: Article = record::get(conn, p.org, id, Visibility::Live)?;
            let f = &a.fields;
            if f.visibility != ArticleVisibility::Public || f.status != ArticleStatus::Published {
                return Err(ApiError::NotFound);
            }
            Ok(PortalArticle {
                id: a.id.to_string(),
                title: f.title.clone(),
                body_html: a.body_html.clone(),
                language: f.language.as_str().to_owned(),
                updated_at: a.updated_at,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(article))
}
