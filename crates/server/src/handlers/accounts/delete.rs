use actix_web::delete;
use actix_web::web::Path;
use domain::account::Account;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete an account (soft: it can be restored).
#[utoipa::path(
    tag = "accounts",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/accounts/{id}")]
pub async fn delete_account(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Account>(&state, caller, &id, if_match).await
}
