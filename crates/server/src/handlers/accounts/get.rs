use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use domain::account::Account;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get an account.
#[utoipa::path(
    tag = "accounts",
    params(Id, RecordQuery),
    responses((status = 200, description = "The account", body = api_types::accounts::Account, headers(("ETag" = String)))),
)]
#[get("/accounts/{id}")]
pub async fn get_account(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Account>(&state, caller, &id, &query).await
}
