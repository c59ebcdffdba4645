use actix_web::web::Path;
use actix_web::{post, HttpResponse};
use api_types::tickets::CreateMessage;

use super::{input, view};
use crate::auth::Caller;
use crate::desk;
use crate::extract::{path_id, Json};
use crate::kit::{Reply, State};
use crate::openapi::{Conflict, Id, Invalid};

/// Reply to a ticket, or write an internal note.
///
/// `public: true` (the default) is a reply the customer sees: on a new ticket it opens the
/// ticket, the first one meets the first-response clock, and it meets a running
/// next-response clock. `public: false` is a note only staff see. `status` moves the ticket
/// with the message. A closed ticket takes no messages (409 `ticket_closed`).
#[utoipa::path(
    tag = "tickets",
    params(Id),
    request_body = CreateMessage,
    responses(
        (status = 201, description = "Added", body = api_types::tickets::Message, headers(("Location" = String))),
        Invalid,
        Conflict,
    ),
)]
#[post("/tickets/{id}/messages")]
pub async fn add_ticket_message(
    state: State,
    caller: Caller,
    id: Path<String>,
    body: Json<CreateMessage>,
) -> Reply {
    let id = path_id(&id)?;
    let new = input::message(body.into_inner())?;
    let now = state.now();
    let message = state
        .run(caller, move |conn, p| {
            let rules = desk::Rules::of(conn, p.org)?;
            desk::replies::add_message(conn, &p, id, new, now, rules)
        })
        .await?;
    let location = format!("/api/v1/tickets/{}/messages", message.ticket_id);
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .json(view::message(&message)))
}
