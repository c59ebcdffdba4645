//! `/api/v1/kb/articles`: articles, their versions, readers' votes and reads.

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, put, HttpResponse};
use api_types::kb::{
    CreateKbArticle, KbArticle, KbArticleFilters, KbArticleVersion, KbArticleVersionSummary,
    KbArticleVersions, KbFeedback, KbPreview, KbRendered, KbVote, UpdateKbArticle,
};
use api_types::{Page, RecordQuery};
use db::kb::versions::ArticleVersion;
use db::kb::Article;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::id::kind;
use domain::text::Tag;
use domain::OrgId;

use super::input::{article_filter, merge_article, parse_article, written};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch, Json};
use crate::kit::{self, Reply, State, View};
use crate::markdown;
use crate::openapi::{self, Conflict, Id, Invalid};

pub(super) fn tag_names(tags: &[Tag]) -> Vec<String> {
    tags.iter().map(|t| t.as_str().to_owned()).collect()
}

fn body(a: &Article) -> KbArticle {
    let f = &a.fields;
    KbArticle {
        id: a.id.to_string(),
        title: f.title.clone(),
        body: f.body.clone(),
        body_html: a.body_html.clone(),
        category_id: f.category_id.map(|c| c.to_string()),
        tags: tag_names(&f.tags),
        visibility: f.visibility.as_str().to_owned(),
        status: f.status.as_str().to_owned(),
        language: f.language.as_str().to_owned(),
        helpful_count: a.feedback.helpful,
        unhelpful_count: a.feedback.unhelpful,
        view_count: a.feedback.views,
        published_at: a.published_at,
        created_by: a.created_by.map(|u| u.to_string()),
        updated_by: a.updated_by.map(|u| u.to_string()),
        created_at: a.created_at,
        updated_at: a.updated_at,
        deleted: a.deleted,
        version: a.version,
    }
}

impl View for Article {
    type Body = KbArticle;

    fn view(_: &mut AnyConnection, _: OrgId, a: &Article) -> Result<KbArticle, ApiError> {
        Ok(body(a))
    }
}

/// List articles.
///
/// Latest change first (also `title`, `created_at`). Filter by category, status,
/// visibility, language and tag; `GET /api/v1/kb/search` finds them by their words.
#[utoipa::path(
    tag = "knowledge base",
    params(api_types::ListQuery, KbArticleFilters),
    responses((status = 200, description = "A page of articles", body = Page<KbArticle>)),
)]
#[get("/kb/articles")]
pub async fn list_kb_articles(
    state: State,
    caller: Caller,
    listing: crate::extract::Listing<KbArticleFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::kb::articles::SORTS)?;
    let filter = article_filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::kb::articles::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Write an article.
///
/// A draft for staff (`internal`) unless said otherwise. Its Markdown is rendered to HTML
/// with anything that could run a script taken out. Version 1 is kept in its history.
#[utoipa::path(
    tag = "knowledge base",
    request_body = CreateKbArticle,
    responses(
        (status = 201, description = "Written", body = KbArticle, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/kb/articles")]
pub async fn create_kb_article(state: State, caller: Caller, body: Json<CreateKbArticle>) -> Reply {
    let fields = parse_article(body.into_inner())?;
    let now = state.now();
    let created = state
        .run(caller, move |conn, p| {
            let text = written(fields, p.user);
            Ok(db::kb::articles::create(conn, p.org, &text, now)?)
        })
        .await?;
    let body = self::body(&created);
    Ok(kit::created(
        format!("/api/v1/kb/articles/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get an article.
#[utoipa::path(
    tag = "knowledge base",
    params(Id, RecordQuery),
    responses((status = 200, description = "The article", body = KbArticle, headers(("ETag" = String)))),
)]
#[get("/kb/articles/{id}")]
pub async fn get_kb_article(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Article>(&state, caller, &id, &query).await
}

/// Change an article.
///
/// Each change is kept as a new version in the article's history.
#[utoipa::path(
    tag = "knowledge base",
    params(Id, openapi::IfMatch),
    request_body = UpdateKbArticle,
    responses(
        (status = 200, description = "The changed article", body = KbArticle, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/kb/articles/{id}")]
pub async fn update_kb_article(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateKbArticle>,
) -> Reply {
    kit::update::<Article, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        merge_article,
    )
    .await
}

/// Delete an article (to the trash).
#[utoipa::path(
    tag = "knowledge base",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/kb/articles/{id}")]
pub async fn delete_kb_article(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Article>(&state, caller, &id, if_match).await
}

/// Restore a deleted article.
#[utoipa::path(
    tag = "knowledge base",
    params(Id),
    responses((status = 200, description = "The restored article", body = KbArticle, headers(("ETag" = String)))),
)]
#[post("/kb/articles/{id}/restore")]
pub async fn restore_kb_article(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Article>(&state, caller, &id).await
}

/// An article and one of its versions in the path.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ArticleVersionPath {
    /// The article's id (`kba_…`).
    pub id: String,
    /// The version.
    pub version: i64,
}

/// An article's history.
///
/// Latest version first, at most 500: who wrote each and when. A deleted article's history
/// is there too.
#[utoipa::path(
    tag = "knowledge base",
    params(Id),
    responses((status = 200, description = "The article's versions", body = KbArticleVersions)),
)]
#[get("/kb/articles/{id}/versions")]
pub async fn list_kb_article_versions(state: State, caller: Caller, id: Path<String>) -> Reply {
    let article = path_id::<kind::KbArticle>(&id)?;
    let versions = state
        .run(caller, move |conn, p| {
            record::get::<Article>(conn, p.org, article, Visibility::Any)?;
            Ok::<_, ApiError>(db::kb::versions::list(conn, p.org, article)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(KbArticleVersions {
        items: versions
            .into_iter()
            .map(|v| KbArticleVersionSummary {
                version: v.version,
                title: v.fields.title,
                status: v.fields.status.as_str().to_owned(),
                visibility: v.fields.visibility.as_str().to_owned(),
                written_by: v.written_by.map(|u| u.to_string()),
                written_at: v.written_at,
            })
            .collect(),
    }))
}

async fn read_version(
    state: &State,
    caller: Caller,
    path: &(String, i64),
) -> Result<ArticleVersion, ApiError> {
    let article = path_id::<kind::KbArticle>(&path.0)?;
    let version = path.1;
    state
        .run(caller, move |conn, p| {
            Ok(db::kb::versions::get(conn, p.org, article, version)?)
        })
        .await
}

/// What one version of an article said.
#[utoipa::path(
    tag = "knowledge base",
    params(ArticleVersionPath),
    responses((status = 200, description = "The version", body = KbArticleVersion)),
)]
#[get("/kb/articles/{id}/versions/{version}")]
pub async fn get_kb_article_version(
    state: State,
    caller: Caller,
    path: Path<(String, i64)>,
) -> Reply {
    let v = read_version(&state, caller, &path).await?;
    let f = v.fields;
    Ok(HttpResponse::Ok().json(KbArticleVersion {
        version: v.version,
        body_html: markdown::to_html(&f.body),
        title: f.title,
        body: f.body,
        category_id: f.category_id.map(|c| c.to_string()),
        tags: tag_names(&f.tags),
        visibility: f.visibility.as_str().to_owned(),
        status: f.status.as_str().to_owned(),
        language: f.language.as_str().to_owned(),
        written_by: v.written_by.map(|u| u.to_string()),
        written_at: v.written_at,
    }))
}

/// Bring back what an earlier version said.
///
/// As a new version (the history keeps every one). Its category must still be there (else
/// 422 `unknown_reference`).
#[utoipa::path(
    tag = "knowledge base",
    params(ArticleVersionPath, openapi::IfMatch),
    responses(
        (status = 200, description = "The article as that version said", body = KbArticle, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/kb/articles/{id}/versions/{version}/restore")]
pub async fn restore_kb_article_version(
    state: State,
    caller: Caller,
    path: Path<(String, i64)>,
    if_match: IfMatch,
) -> Reply {
    let article = path_id::<kind::KbArticle>(&path.0)?;
    let version = path.1;
    let now = state.now();
    let restored = state
        .run(caller, move |conn, p| {
            let old = db::kb::versions::get(conn, p.org, article, version)?;
            let text = written(old.fields, p.user);
            Ok::<_, ApiError>(record::modify::<Article, ApiError>(
                conn,
                p.org,
                article,
                now,
                |current| {
                    if if_match.0.is_some_and(|v| v != current.version) {
                        return Err(ApiError::VersionMismatch);
                    }
                    Ok(text)
                },
            )?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        restored.version,
        &body(&restored),
    ))
}

fn feedback(f: db::kb::Feedback, your_vote: Option<bool>) -> KbFeedback {
    KbFeedback {
        helpful_count: f.helpful,
        unhelpful_count: f.unhelpful,
        view_count: f.views,
        your_vote,
    }
}

/// What readers made of an article, and the caller's vote.
#[utoipa::path(
    tag = "knowledge base",
    params(Id),
    responses((status = 200, description = "The votes and reads", body = KbFeedback)),
)]
#[get("/kb/articles/{id}/feedback")]
pub async fn get_kb_feedback(state: State, caller: Caller, id: Path<String>) -> Reply {
    let article = path_id::<kind::KbArticle>(&id)?;
    let answer = state
        .run(caller, move |conn, p| {
            let a: Article = record::get(conn, p.org, article, Visibility::Live)?;
            let vote = db::kb::feedback::vote_of(conn, p.org, article, p.user.as_bytes())?;
            Ok::<_, ApiError>(feedback(a.feedback, vote))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Say whether an article helped.
///
/// One vote per reader: a second replaces the first, `null` takes it back. Votes do not
/// change the article's version.
#[utoipa::path(
    tag = "knowledge base",
    params(Id),
    request_body = KbVote,
    responses((status = 200, description = "The votes now", body = KbFeedback), Invalid),
)]
#[put("/kb/articles/{id}/feedback")]
pub async fn vote_kb_article(
    state: State,
    caller: Caller,
    id: Path<String>,
    body: Json<KbVote>,
) -> Reply {
    let article = path_id::<kind::KbArticle>(&id)?;
    let helpful = body.into_inner().helpful;
    let now = state.now();
    let answer = state
        .run(caller, move |conn, p| {
            let f = db::kb::feedback::vote(conn, p.org, article, p.user.as_bytes(), helpful, now)?;
            Ok::<_, ApiError>(feedback(f, helpful))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Count a read of an article.
///
/// For readers' pages, once per reading (an editor's loads are not reads).
#[utoipa::path(
    tag = "knowledge base",
    params(Id),
    responses((status = 204, description = "Counted")),
)]
#[post("/kb/articles/{id}/views")]
pub async fn count_kb_article_view(state: State, caller: Caller, id: Path<String>) -> Reply {
    let article = path_id::<kind::KbArticle>(&id)?;
    state
        .run(caller, move |conn, p| {
            Ok::<_, ApiError>(db::kb::feedback::record_view(conn, p.org, article)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Render Markdown as an article's readers would get it (an editor's preview).
#[utoipa::path(
    tag = "knowledge base",
    request_body = KbPreview,
    responses((status = 200, description = "The rendered HTML", body = KbRendered), Invalid),
)]
#[post("/kb/preview")]
pub async fn preview_kb_article(state: State, caller: Caller, body: Json<KbPreview>) -> Reply {
    let markdown = body.into_inner().body;
    if markdown.chars().count() > domain::kb::MAX_BODY {
        return Err(ApiError::from(domain::Violations::from(
            domain::FieldError::new(
                "/body",
                "too_long",
                format!("at most {} characters", domain::kb::MAX_BODY),
            ),
        )));
    }
    let html = state
        .run(caller, move |_, _| Ok(markdown::to_html(&markdown)))
        .await?;
    Ok(HttpResponse::Ok().json(KbRendered { html }))
}
