use actix_web::{post, web, HttpResponse};
use api_types::accounts::Account;
use api_types::Problem;
use domain::AccountId;

use super::view;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id};
use crate::state::AppState;

/// Restore a deleted account.
#[utoipa::path(
    tag = "accounts",
    params(("id" = String, Path, description = "Account id")),
    responses(
        (status = 200, description = "The restored account", body = Account, headers(("ETag" = String))),
        (status = 404, description = "No deleted account with this id", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/accounts/{id}/restore")]
pub async fn restore_account(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let account_id: AccountId = path_id(&id)?;
    let now = state.now();
    let account = state
        .db(move |conn| {
            Ok(db::accounts::set_deleted(
                conn,
                principal.org,
                account_id,
                None,
                false,
                now,
            )?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        account.version,
        &view::account(&account),
    ))
}
