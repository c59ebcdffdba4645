use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::accounts::UpdateAccount;
use domain::account::Account;

use super::input;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id, Invalid};

/// Change an account.
///
/// Fields left out stay as they are; `null` clears a field. Send the `ETag` you read in
/// `If-Match` to be told (412) when someone else changed the account in the meantime.
#[utoipa::path(
    tag = "accounts",
    params(Id, openapi::IfMatch),
    request_body = UpdateAccount,
    responses(
        (status = 200, description = "The changed account", body = api_types::accounts::Account, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[patch("/accounts/{id}")]
pub async fn update_account(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateAccount>,
) -> Reply {
    kit::update::<Account, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
