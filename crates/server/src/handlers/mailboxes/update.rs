use actix_web::patch;
use actix_web::web::Path;
use api_types::mail::UpdateMailbox;
use db::mailboxes::Mailbox;

use super::input;
use crate::auth::Caller;
use crate::extract::{IfMatch, Json};
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id, Invalid};

/// Change a mailbox.
///
/// Fields left out stay as they are; `null` clears a field. Send the `ETag` you read in
/// `If-Match` to be told (412) when someone else changed it in the meantime.
#[utoipa::path(
    tag = "mailboxes",
    params(Id, openapi::IfMatch),
    request_body = UpdateMailbox,
    responses(
        (status = 200, description = "The changed mailbox", body = api_types::mail::Mailbox, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[patch("/mailboxes/{id}")]
pub async fn update_mailbox(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateMailbox>,
) -> Reply {
    kit::update::<Mailbox, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
