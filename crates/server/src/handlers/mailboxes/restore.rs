use actix_web::post;
use actix_web::web::Path;
use db::mailboxes::Mailbox;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Restore a deleted mailbox.
#[utoipa::path(
    tag = "mailboxes",
    params(Id),
    responses((status = 200, description = "The restored mailbox", body = api_types::mail::Mailbox, headers(("ETag" = String)))),
)]
#[post("/mailboxes/{id}/restore")]
pub async fn restore_mailbox(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Mailbox>(&state, caller, &id).await
}
