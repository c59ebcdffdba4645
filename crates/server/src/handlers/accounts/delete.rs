use actix_web::{delete, web, HttpResponse};
use api_types::Problem;
use domain::AccountId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{path_id, IfMatch};
use crate::state::AppState;

/// Delete an account (soft: it can be restored).
#[utoipa::path(
    tag = "accounts",
    params(
        ("id" = String, Path, description = "Account id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/accounts/{id}")]
pub async fn delete_account(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let account_id: AccountId = path_id(&id)?;
    let now = state.now();
    state
        .db(move |conn| {
            Ok(db::accounts::set_deleted(
                conn,
                principal.org,
                account_id,
                if_match.0,
                true,
                now,
            )?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
