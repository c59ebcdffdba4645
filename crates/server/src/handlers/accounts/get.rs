use actix_web::{get, web, HttpResponse};
use api_types::accounts::Account;
use api_types::Problem;
use domain::AccountId;

use super::view;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id};
use crate::state::AppState;

/// Get an account.
#[utoipa::path(
    tag = "accounts",
    params(("id" = String, Path, description = "Account id (`acc_…`)")),
    responses(
        (status = 200, description = "The account", body = Account, headers(("ETag" = String))),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/accounts/{id}")]
pub async fn get_account(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let account_id: AccountId = path_id(&id)?;
    let account = state
        .db(move |conn| Ok(db::accounts::get(conn, principal.org, account_id, false)?))
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        account.version,
        &view::account(&account),
    ))
}
