use actix_web::web::{Path, Query};
use actix_web::{get, HttpResponse};
use api_types::RecordQuery;
use db::record;
use domain::ticket::Ticket;

use super::view;
use crate::auth::Caller;
use crate::desk::clocks;
use crate::extract::{json_with_etag, path_id};
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a ticket with its SLA clocks read now.
#[utoipa::path(
    tag = "tickets",
    params(Id, RecordQuery),
    responses((status = 200, description = "The ticket", body = api_types::tickets::Ticket, headers(("ETag" = String)))),
)]
#[get("/tickets/{id}")]
pub async fn get_ticket(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    let id = path_id(&id)?;
    let visibility = kit::visibility(&query);
    let now = state.now();
    let (version, body) = state
        .run(caller, move |conn, p| {
            let ticket: Ticket = record::get(conn, p.org, id, visibility)?;
            let clocks = clocks::read(conn, p.org, &ticket, now)?;
            Ok((ticket.version, view::full(conn, p.org, &ticket, &clocks)?))
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), version, &body))
}
