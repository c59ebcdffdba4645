use actix_web::{patch, web, HttpResponse};
use api_types::accounts::{Account, UpdateAccount};
use api_types::Problem;
use domain::AccountId;

use super::{input, view};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch};
use crate::state::AppState;

/// Change an account.
///
/// Fields left out stay as they are; `null` clears a field. Send the `ETag` you read in
/// `If-Match` to be told (412) when someone else changed the account in the meantime.
#[utoipa::path(
    tag = "accounts",
    params(
        ("id" = String, Path, description = "Account id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateAccount,
    responses(
        (status = 200, description = "The changed account", body = Account, headers(("ETag" = String))),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/accounts/{id}")]
pub async fn update_account(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: web::Json<UpdateAccount>,
) -> Result<HttpResponse, ApiError> {
    let account_id: AccountId = path_id(&id)?;
    let patch = body.into_inner();
    let now = state.now();
    let account = state
        .db(move |conn| {
            Ok(db::accounts::modify(
                conn,
                principal.org,
                account_id,
                now,
                |current| {
                    if if_match.0.is_some_and(|v| v != current.version) {
                        return Err(ApiError::VersionMismatch);
                    }
                    input::parse(input::merge(&current.fields, patch), None)
                },
            )?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        account.version,
        &view::account(&account),
    ))
}
