use actix_web::web::Path;
use actix_web::{post, HttpResponse};
use domain::MessageId;

use super::view;
use crate::auth::Caller;
use crate::desk;
use crate::extract::path_id;
use crate::kit::{Reply, State};

/// The ticket and one of its messages in the path.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MessagePath {
    /// The ticket's id (`tkt_…`).
    pub id: String,
    /// The message's id (`msg_…`).
    pub message_id: String,
}

/// Redact a message (admins).
///
/// Its text is blanked and its attachments deleted for good, for a password or a card
/// number that should never have been written; the message stays in its place with `redacted_at` and `redacted_by`, and the
/// ticket's timeline records it. A message redacted before is answered as it is.
#[utoipa::path(
    tag = "tickets",
    params(MessagePath),
    responses((status = 200, description = "The redacted message", body = api_types::tickets::Message)),
)]
#[post("/tickets/{id}/messages/{message_id}/redact")]
pub async fn redact_message(state: State, caller: Caller, path: Path<(String, String)>) -> Reply {
    let ticket = path_id(&path.0)?;
    let message: MessageId = path_id(&path.1)?;
    let now = state.now();
    let files = state.files.clone();
    let redacted = state
        .run(caller, move |conn, p| {
            let (redacted, released) = desk::redaction::redact(conn, &p, ticket, message, now)?;
            files.release(conn, p.org, &released);
            Ok(redacted)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view::message(&redacted)))
}
