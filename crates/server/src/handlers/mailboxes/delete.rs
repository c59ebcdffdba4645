use actix_web::delete;
use actix_web::web::Path;
use db::mailboxes::Mailbox;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete a mailbox (soft: it can be restored; meanwhile its mail is refused with 404, so
/// the provider keeps it and tries again).
#[utoipa::path(
    tag = "mailboxes",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/mailboxes/{id}")]
pub async fn delete_mailbox(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Mailbox>(&state, caller, &id, if_match).await
}
