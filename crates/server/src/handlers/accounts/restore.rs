use actix_web::post;
use actix_web::web::Path;
use domain::account::Account;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Restore a deleted account.
#[utoipa::path(
    tag = "accounts",
    params(Id),
    responses((status = 200, description = "The restored account", body = api_types::accounts::Account, headers(("ETag" = String)))),
)]
#[post("/accounts/{id}/restore")]
pub async fn restore_account(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Account>(&state, caller, &id).await
}
