use actix_web::web::Path;
use actix_web::{post, HttpResponse};
use db::record::{self, Visibility};
use domain::ticket::Ticket;

use super::view;
use crate::auth::Caller;
use crate::desk::{self, clocks};
use crate::extract::{json_with_etag, path_id};
use crate::kit::{Reply, State};
use crate::openapi::Id;

/// Restore a deleted ticket; its timeline records who did it.
#[utoipa::path(
    tag = "tickets",
    params(Id),
    responses((status = 200, description = "The restored ticket with its clocks", body = api_types::tickets::Ticket, headers(("ETag" = String)))),
)]
#[post("/tickets/{id}/restore")]
pub async fn restore_ticket(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let now = state.now();
    let (version, body) = state
        .run(caller, move |conn, p| {
            desk::tickets::trash(conn, &p, id, None, false, now)?;
            let ticket: Ticket = record::get(conn, p.org, id, Visibility::Live)?;
            let clocks = clocks::read(conn, p.org, &ticket, now)?;
            Ok((ticket.version, view::full(conn, p.org, &ticket, &clocks)?))
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), version, &body))
}
