//! `/api/v1/kb/categories`: the tree articles are filed in.

use actix_web::web::{Path, Query};
use actix_web::{delete, get, patch, post, HttpResponse};
use api_types::kb::{CreateKbCategory, KbCategory, KbCategoryFilters, UpdateKbCategory};
use api_types::{Page, RecordQuery};
use db::kb::Category;
use db::AnyConnection;
use domain::kb::ArticleStatus;
use domain::OrgId;

use super::input::{category_filter, merge_category, parse_category};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::{IfMatch, Json, Listing};
use crate::kit::{self, Reply, State, View};
use crate::openapi::{self, Conflict, Id, Invalid};

fn body(c: &Category, counts: Option<&std::collections::HashMap<String, i64>>) -> KbCategory {
    let count = |status: Option<ArticleStatus>| {
        counts.map_or(0, |counts| match status {
            Some(s) => counts.get(s.as_str()).copied().unwrap_or(0),
            None => counts.values().sum(),
        })
    };
    KbCategory {
        id: c.id.to_string(),
        name: c.fields.name.clone(),
        description: c.fields.description.clone(),
        parent_id: c.fields.parent_id.map(|p| p.to_string()),
        position: c.fields.position,
        article_count: count(None),
        published_count: count(Some(ArticleStatus::Published)),
        created_at: c.created_at,
        updated_at: c.updated_at,
        deleted: c.deleted,
        version: c.version,
    }
}

impl View for Category {
    type Body = KbCategory;

    fn view(conn: &mut AnyConnection, org: OrgId, c: &Category) -> Result<KbCategory, ApiError> {
        Ok(Self::view_page(conn, org, std::slice::from_ref(c))?
            .into_iter()
            .next()
            .unwrap_or_else(|| body(c, None)))
    }

    fn view_page(
        conn: &mut AnyConnection,
        org: OrgId,
        categories: &[Category],
    ) -> Result<Vec<KbCategory>, ApiError> {
        let ids: Vec<_> = categories.iter().map(|c| c.id).collect();
        let counts = db::kb::categories::article_counts(conn, org, &ids)?;
        Ok(categories
            .iter()
            .map(|c| body(c, counts.get(&c.id)))
            .collect())
    }
}

/// List categories.
///
/// In their editors' order (`position`, then creation; also `name`). A client builds the tree
/// from `parent_id`: an organization's categories fit a few pages.
#[utoipa::path(
    tag = "knowledge base",
    params(api_types::ListQuery, KbCategoryFilters),
    responses((status = 200, description = "A page of categories", body = Page<KbCategory>)),
)]
#[get("/kb/categories")]
pub async fn list_kb_categories(
    state: State,
    caller: Caller,
    listing: Listing<KbCategoryFilters>,
) -> Reply {
    let params = kit::list_params(&listing.list, &db::kb::categories::SORTS)?;
    let filter = category_filter(&listing.filters)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::kb::categories::list(conn, p.org, &filter, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Add a category.
///
/// In another (`parent_id`), at most five levels deep (422 `too_deep`).
#[utoipa::path(
    tag = "knowledge base",
    request_body = CreateKbCategory,
    responses(
        (status = 201, description = "Added", body = KbCategory, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/kb/categories")]
pub async fn create_kb_category(
    state: State,
    caller: Caller,
    body: Json<CreateKbCategory>,
) -> Reply {
    let fields = parse_category(body.into_inner())?;
    let now = state.now();
    let created = state
        .run(caller, move |conn, p| {
            Ok(db::kb::categories::create(conn, p.org, &fields, now)?)
        })
        .await?;
    let body = self::body(&created, None);
    Ok(kit::created(
        format!("/api/v1/kb/categories/{}", body.id),
        body.version,
        &body,
    ))
}

/// Get a category.
#[utoipa::path(
    tag = "knowledge base",
    params(Id, RecordQuery),
    responses((status = 200, description = "The category", body = KbCategory, headers(("ETag" = String)))),
)]
#[get("/kb/categories/{id}")]
pub async fn get_kb_category(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Category>(&state, caller, &id, &query).await
}

/// Change a category, or move it.
///
/// A parent that is the category itself or one of its own answers 422 `parent_cycle`.
#[utoipa::path(
    tag = "knowledge base",
    params(Id, openapi::IfMatch),
    request_body = UpdateKbCategory,
    responses(
        (status = 200, description = "The changed category", body = KbCategory, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/kb/categories/{id}")]
pub async fn update_kb_category(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateKbCategory>,
) -> Reply {
    kit::update::<Category, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        merge_category,
    )
    .await
}

/// Delete a category (to the trash).
///
/// Only an empty one: live articles or subcategories in it answer 409 `category_in_use`.
#[utoipa::path(
    tag = "knowledge base",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted"), Conflict),
)]
#[delete("/kb/categories/{id}")]
pub async fn delete_kb_category(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Category>(&state, caller, &id, if_match).await
}

/// Restore a deleted category (at the top, if its parent is gone).
#[utoipa::path(
    tag = "knowledge base",
    params(Id),
    responses((status = 200, description = "The restored category", body = KbCategory, headers(("ETag" = String)))),
)]
#[post("/kb/categories/{id}/restore")]
pub async fn restore_kb_category(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Category>(&state, caller, &id).await
}
