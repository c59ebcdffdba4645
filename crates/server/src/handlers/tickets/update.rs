use actix_web::web::Path;
use actix_web::{patch, HttpResponse};
use api_types::tickets::UpdateTicket;

use super::{input, view};
use crate::auth::Caller;
use crate::desk;
use crate::extract::{json_with_etag, path_id, IfMatch, Json};
use crate::kit::{Reply, State};
use crate::openapi::{self, Id, Invalid};

/// Change a ticket.
///
/// Fields left out stay as they are; `null` clears a field. A status the ticket cannot move
/// to answers 422 naming the ones it can. A priority change retargets the running SLA clocks,
/// keeping the business time already spent; statuses the policy pauses on stop them. Send the
/// `ETag` you read in `If-Match` to be told (412) when someone else changed the ticket.
#[utoipa::path(
    tag = "tickets",
    params(Id, openapi::IfMatch),
    request_body = UpdateTicket,
    responses(
        (status = 200, description = "The changed ticket with its clocks", body = api_types::tickets::Ticket, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[patch("/tickets/{id}")]
pub async fn update_ticket(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateTicket>,
) -> Reply {
    let id = path_id(&id)?;
    let patch = body.into_inner();
    let now = state.now();
    let body = state
        .run(caller, move |conn, p| {
            let rules = desk::Rules::of(conn, p.org)?;
            let (ticket, clocks) = desk::tickets::change(
                conn,
                &p,
                id,
                if_match,
                |t| input::merge(t, patch),
                now,
                rules,
            )?;
            view::full(conn, p.org, &ticket, &clocks)
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), body.version, &body))
}
