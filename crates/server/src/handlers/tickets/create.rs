use actix_web::post;
use api_types::tickets::CreateTicket;

use super::{input, view};
use crate::auth::Caller;
use crate::desk;
use crate::extract::Json;
use crate::kit::{self, Reply, State};
use crate::openapi::Invalid;

/// Create a ticket.
///
/// The requester is a contact (`requester_id`) or an email address (`requester_email`): the
/// contact with that address, created when there is none. The account defaults to the
/// requester's. The ticket takes the organization's next number (numbers only grow and are
/// never given twice; a creation refused after taking one leaves a gap), the first SLA policy
/// whose conditions it meets, and that policy's clocks start.
#[utoipa::path(
    tag = "tickets",
    request_body = CreateTicket,
    responses(
        (status = 201, description = "Created", body = api_types::tickets::Ticket, headers(("ETag" = String), ("Location" = String))),
        Invalid,
    ),
)]
#[post("/tickets")]
pub async fn create_ticket(state: State, caller: Caller, body: Json<CreateTicket>) -> Reply {
    let new = input::parse(body.into_inner())?;
    let now = state.now();
    let body = state
        .run(caller, move |conn, p| {
            let rules = desk::Rules::of(conn, p.org)?;
            let (ticket, clocks) = desk::tickets::create(conn, (&p).into(), new, now, rules)?;
            view::full(conn, p.org, &ticket, &clocks)
        })
        .await?;
    let location = format!("/api/v1/tickets/{}", body.id);
    Ok(kit::created(location, body.version, &body))
}
