use actix_web::{post, web, HttpResponse};
use api_types::accounts::{Account, CreateAccount};
use api_types::Problem;

use super::{input, view};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::json_with_etag;
use crate::state::AppState;

/// Create an account.
///
/// The owner defaults to the caller. The answer carries the new account's `ETag` and
/// `Location`.
#[utoipa::path(
    tag = "accounts",
    request_body = CreateAccount,
    responses(
        (status = 201, description = "Created", body = Account, headers(("ETag" = String), ("Location" = String))),
        (status = 400, description = "Malformed body or unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/accounts")]
pub async fn create_account(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CreateAccount>,
) -> Result<HttpResponse, ApiError> {
    let fields = input::parse(body.into_inner(), Some(principal.user))?;
    let now = state.now();
    let account = state
        .db(move |conn| {
            Ok(db::accounts::create(
                conn,
                principal.org,
                db::convert::new_id(),
                &fields,
                now,
            )?)
        })
        .await?;
    let mut response = HttpResponse::Created();
    response.insert_header(("Location", format!("/api/v1/accounts/{}", account.id)));
    Ok(json_with_etag(
        response,
        account.version,
        &view::account(&account),
    ))
}
