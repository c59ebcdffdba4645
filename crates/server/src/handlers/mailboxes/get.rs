use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use db::mailboxes::Mailbox;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a mailbox.
#[utoipa::path(
    tag = "mailboxes",
    params(Id, RecordQuery),
    responses((status = 200, description = "The mailbox", body = api_types::mail::Mailbox, headers(("ETag" = String)))),
)]
#[get("/mailboxes/{id}")]
pub async fn get_mailbox(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Mailbox>(&state, caller, &id, &query).await
}
