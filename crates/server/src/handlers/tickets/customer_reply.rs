use actix_web::web::Path;
use actix_web::{post, HttpResponse};
use api_types::tickets::CreateCustomerReply;

use super::{input, view};
use crate::auth::Caller;
use crate::desk;
use crate::extract::{path_id, Json};
use crate::kit::{Reply, State};
use crate::openapi::{Conflict, Id, Invalid};

/// Record the requester's own reply (an email that arrived, a chat, a call).
///
/// It joins the conversation as the requester's public message. A pending, on-hold or
/// recently solved ticket comes back to the agents (open), a next-response clock starts, and
/// the assignee is told. On a closed ticket, or one solved longer ago than the organization's
/// reopen window, it opens a follow-up (`follow_up_of_id`, the same requester, account,
/// channel, priority, category, team and tags, routed afresh) whose first message it is: the
/// answer's `ticket_id` and `Location` name that ticket; a second reply joins that follow-up
/// while it is being worked on. A reply to a merged duplicate goes to the ticket it was merged
/// into. A requester deleted since opens nothing (409 `requester_deleted`).
#[utoipa::path(
    tag = "tickets",
    params(Id),
    request_body = CreateCustomerReply,
    responses(
        (status = 201, description = "Recorded", body = api_types::tickets::Message, headers(("Location" = String))),
        Invalid,
        Conflict,
    ),
)]
#[post("/tickets/{id}/customer-replies")]
pub async fn add_customer_reply(
    state: State,
    caller: Caller,
    id: Path<String>,
    body: Json<CreateCustomerReply>,
) -> Reply {
    let id = path_id(&id)?;
    let said = input::customer_reply(body.into_inner())?;
    let now = state.now();
    let message = state
        .run(caller, move |conn, p| {
            let rules = desk::Rules::of(conn, p.org)?;
            desk::customer::reply(conn, (&p).into(), id, said, now, rules)
        })
        .await?;
    let location = format!("/api/v1/tickets/{}/messages", message.ticket_id);
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .json(view::message(&message)))
}
