use actix_web::web::Path;
use actix_web::{post, HttpResponse};
use api_types::tickets::MergeTicket;
use domain::TicketId;

use super::view;
use crate::auth::Caller;
use crate::desk;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, Json};
use crate::kit::{Reply, State};
use crate::openapi::{Id, Invalid};

/// Merge a duplicate ticket into another.
///
/// The duplicate's conversation moves to the other ticket (in time order, with an internal
/// note saying where it came from; as internal notes when another customer asked it); the duplicate closes, linked to it by `merged_into_id`,
/// and its requester is told in a public reply where the request carries on. A closed ticket
/// is not merged (409 `ticket_closed`) nor merged into (422). Answers the ticket that goes on.
#[utoipa::path(
    tag = "tickets",
    params(Id),
    request_body = MergeTicket,
    responses(
        (status = 200, description = "The ticket merged into, with its clocks", body = api_types::tickets::Ticket, headers(("ETag" = String))),
        (status = 409, description = "The ticket is closed (`ticket_closed`)", body = api_types::Problem, content_type = "application/problem+json"),
        Invalid,
    ),
)]
#[post("/tickets/{id}/merge")]
pub async fn merge_ticket(
    state: State,
    caller: Caller,
    id: Path<String>,
    body: Json<MergeTicket>,
) -> Reply {
    let from = path_id(&id)?;
    let into = TicketId::parse("/into_id", &body.into_inner().into_id).map_err(ApiError::from)?;
    let now = state.now();
    let body = state
        .run(caller, move |conn, p| {
            let (ticket, clocks) = desk::merge::merge(conn, &p, from, into, now)?;
            view::full(conn, p.org, &ticket, &clocks)
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), body.version, &body))
}
