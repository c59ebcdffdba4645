use crate::extract::Json;
use actix_web::post;
use api_types::accounts::CreateAccount;
use domain::AccountId;

use super::{input, view};
use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Invalid;

/// Create an account.
///
/// The owner defaults to the caller. The answer carries the new account's `ETag` and
/// `Location`.
#[utoipa::path(
    tag = "accounts",
    request_body = CreateAccount,
    responses(
        (status = 201, description = "Created", body = api_types::accounts::Account, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/accounts")]
pub async fn create_account(state: State, caller: Caller, body: Json<CreateAccount>) -> Reply {
    let body = body.into_inner();
    let now = state.now();
    let account = state
        .run(caller, move |conn, p| {
            let fields = input::parse(body, Some(p.user))?;
            Ok(db::accounts::create(
                conn,
                p.org,
                AccountId::mint(),
                &fields,
                now,
            )?)
        })
        .await?;
    let location = format!("/api/v1/accounts/{}", account.id);
    Ok(kit::created(
        location,
        account.version,
        &view::account(&account),
    ))
}
