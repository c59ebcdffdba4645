use actix_web::{get, web, HttpResponse};
use api_types::users::User;
use api_types::{Page, Problem};
use domain::UserId;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// Paging of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListUsersQuery {
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List staff users, oldest first.
#[utoipa::path(
    tag = "users",
    params(ListUsersQuery),
    responses(
        (status = 200, description = "A page of users", body = Page<User>),
        (status = 400, description = "Invalid parameters", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<ListUsersQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit =
        crate::extract::page_size(query.limit).map_err(|e| ApiError::InvalidParameters(vec![e]))?;
    let after = match query.cursor.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(
            UserId::parse("/query/cursor", raw)
                .map_err(|e| ApiError::InvalidParameters(vec![e]))?,
        ),
    };
    let mut users = state
        .db(move |conn| Ok(db::users::list(conn, principal.org, after, limit + 1)?))
        .await?;
    let more = users.len() as i64 > limit;
    users.truncate(limit as usize);
    let next_cursor = if more {
        users.last().map(|u| u.id.to_string())
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(Page {
        items: users.iter().map(super::view).collect(),
        next_cursor,
    }))
}
