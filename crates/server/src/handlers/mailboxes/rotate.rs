use actix_web::web::Path;
use actix_web::{post, HttpResponse};
use db::mailboxes::Mailbox;
use db::record::{self, Visibility};

use super::view;
use crate::auth::tokens::new_secret;
use crate::auth::Caller;
use crate::extract::{json_with_etag, path_id};
use crate::kit::{Reply, State};
use crate::openapi::Id;

/// Give a mailbox a new inbound URL.
///
/// The old `inbound_path` stops working at once: give the new one to the mail provider.
#[utoipa::path(
    tag = "mailboxes",
    params(Id),
    responses((status = 200, description = "The mailbox with its new `inbound_path`", body = api_types::mail::Mailbox, headers(("ETag" = String)))),
)]
#[post("/mailboxes/{id}/rotate-secret")]
pub async fn rotate_mailbox_secret(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let now = state.now();
    let (org, mailbox) = state
        .run(caller, move |conn, p| {
            let current: Mailbox = record::get(conn, p.org, id, Visibility::Live)?;
            let mailbox = db::mailboxes::rotate_secret(conn, p.org, &current, new_secret(), now)?;
            Ok((p.org, mailbox))
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        mailbox.version,
        &view::mailbox(org, &mailbox),
    ))
}
