use actix_web::{get, web, HttpResponse};
use api_types::users::User;
use api_types::Problem;
use domain::UserId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id};
use crate::state::AppState;

/// Get a staff user.
#[utoipa::path(
    tag = "users",
    params(("id" = String, Path, description = "User id (`usr_…`)")),
    responses(
        (status = 200, description = "The user", body = User, headers(("ETag" = String))),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let user_id: UserId = path_id(&id)?;
    let user = state
        .db(move |conn| Ok(db::users::get(conn, principal.org, user_id)?))
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        user.version,
        &super::view(&user),
    ))
}
