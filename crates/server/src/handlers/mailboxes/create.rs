use actix_web::post;
use api_types::mail::CreateMailbox;
use domain::MailboxId;

use super::{input, view};
use crate::auth::Caller;
use crate::extract::Json;
use crate::kit::{self, Reply, State};
use crate::openapi::Invalid;

/// Create a mailbox.
///
/// The answer's `inbound_path` is where its mail goes: point the mail provider's inbound
/// webhook (or a forwarding script) at it. New tickets join `team_id`'s queue.
#[utoipa::path(
    tag = "mailboxes",
    request_body = CreateMailbox,
    responses(
        (status = 201, description = "Created", body = api_types::mail::Mailbox, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/mailboxes")]
pub async fn create_mailbox(state: State, caller: Caller, body: Json<CreateMailbox>) -> Reply {
    let fields = input::parse(body.into_inner())?;
    let now = state.now();
    let secret = crate::auth::tokens::new_secret();
    let (org, mailbox) = state
        .run(caller, move |conn, p| {
            let mailbox =
                db::mailboxes::create(conn, p.org, (MailboxId::mint(), secret), &fields, now)?;
            Ok((p.org, mailbox))
        })
        .await?;
    let location = format!("/api/v1/mailboxes/{}", mailbox.id);
    Ok(kit::created(
        location,
        mailbox.version,
        &view::mailbox(org, &mailbox),
    ))
}
