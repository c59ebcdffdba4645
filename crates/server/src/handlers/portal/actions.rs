//! A customer's own moves on their ticket: marking it solved, reopening it, rating it.

use actix_web::web::Path;
use actix_web::{post, HttpResponse};
use api_types::portal::{CreatePortalRating, PortalTicket};
use domain::portal::Rating;
use domain::ticket::Status;

use crate::auth::PortalCaller;
use crate::desk::self_service::FromStatus;
use crate::desk::{self, Actor};
use crate::error::ApiError;
use crate::extract::{path_id, Json};
use crate::kit::{Reply, State};
use crate::openapi::{Conflict, Id, Invalid};

/// Moves a ticket the caller sees to `status`, if `from` allows a move from where it is,
/// and answers it as they see it.
async fn move_to(
    state: &State,
    caller: PortalCaller,
    raw_id: &str,
    (status, from): (Status, FromStatus),
) -> Reply {
    let id = path_id(raw_id)?;
    let now = state.now();
    let ticket = state
        .run_portal(caller, move |conn, p| {
            super::visible_ticket(conn, &p, id)?;
            let rules = desk::Rules::of(conn, p.org)?;
            let actor = Actor::from(&p);
            let (ticket, _) =
                desk::self_service::set_status(conn, actor, id, (status, from), now, rules)?;
            super::tickets::one(conn, &p, &ticket)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ticket))
}

/// Mark a ticket solved: your problem is solved.
///
/// It closes by itself after the organization's auto-close time, as when an agent solves
/// it; replying within the reopen window brings it back. A ticket solved or closed already
/// is 409 `ticket_solved`.
#[utoipa::path(
    tag = "portal",
    params(Id),
    responses(
        (status = 200, description = "The solved ticket", body = PortalTicket),
        Conflict,
    ),
)]
#[post("/portal/tickets/{id}/close")]
pub async fn close_portal_ticket(state: State, caller: PortalCaller, id: Path<String>) -> Reply {
    let from = |status| match status {
        Status::Solved | Status::Closed => Err(ApiError::Conflict("ticket_solved")),
        _ => Ok(()),
    };
    move_to(&state, caller, &id, (Status::Solved, from)).await
}

/// Reopen a solved ticket: it goes back to the support team.
///
/// Only within the organization's reopen window after it was solved (422 with the reason
/// after it); a closed ticket stays closed (409 `ticket_closed`): reply on it to open a
/// follow-up instead. A ticket not solved is 409 `ticket_not_solved`.
#[utoipa::path(
    tag = "portal",
    params(Id),
    responses(
        (status = 200, description = "The reopened ticket", body = PortalTicket),
        Conflict,
        Invalid,
    ),
)]
#[post("/portal/tickets/{id}/reopen")]
pub async fn reopen_portal_ticket(state: State, caller: PortalCaller, id: Path<String>) -> Reply {
    let from = |status| match status {
        Status::Solved => Ok(()),
        Status::Closed => Err(ApiError::Conflict("ticket_closed")),
        _ => Err(ApiError::Conflict("ticket_not_solved")),
    };
    move_to(&state, caller, &id, (Status::Open, from)).await
}

/// Rate a solved ticket: a score from 1 (very unhappy) to 5 (very happy) and a comment.
///
/// The requester rates it, once (409 `already_rated` after); only a solved or closed ticket
/// (409 `not_solved`). An account admin reads colleagues' ratings but does not give them
/// (409 `not_requester`).
#[utoipa::path(
    tag = "portal",
    params(Id),
    request_body = CreatePortalRating,
    responses(
        (status = 201, description = "Rated", body = PortalTicket, headers(("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/portal/tickets/{id}/rating")]
pub async fn rate_portal_ticket(
    state: State,
    caller: PortalCaller,
    id: Path<String>,
    body: Json<CreatePortalRating>,
) -> Reply {
    let id = path_id(&id)?;
    let body = body.into_inner();
    let rating = Rating::parse(body.score, body.comment.as_deref())?;
    let now = state.now();
    let ticket = state
        .run_portal(caller, move |conn, p| {
            let ticket = super::visible_ticket(conn, &p, id)?;
            if ticket.fields.requester_id != p.contact {
                return Err(ApiError::Conflict("not_requester"));
            }
            let actor = Actor::from(&p);
            desk::self_service::rate(conn, actor, (id, p.contact), &rating, now)?;
            super::tickets::one(conn, &p, &ticket)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/portal/tickets/{}", ticket.id),
        ))
        .json(ticket))
}
