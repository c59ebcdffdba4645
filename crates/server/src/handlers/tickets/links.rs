//! `/api/v1/tickets/{id}/links`: the tickets related to a ticket, its follow-ups and merges.

use actix_web::web::Path;
use actix_web::{delete, get, put, HttpResponse};
use api_types::tickets::{TicketLink, TicketLinks};
use db::record::{self, Visibility};
use domain::ticket::Ticket;
use domain::TicketId;

use crate::auth::Caller;
use crate::desk;
use crate::error::ApiError;
use crate::extract::path_id;
use crate::kit::{Reply, State};
use crate::openapi::{Id, Invalid};

/// The ticket and the other one in the path.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct Pair {
    /// The ticket's id (`tkt_…`).
    pub id: String,
    /// The other ticket's id (`tkt_…`).
    pub linked_id: String,
}

fn ids(path: &(String, String)) -> Result<(TicketId, TicketId), ApiError> {
    Ok((path_id(&path.0)?, path_id(&path.1)?))
}

/// The tickets linked to a ticket: related ones, the closed ticket it follows up and its
/// follow-ups, the ticket it was merged into and those merged into it; each once, by number.
#[utoipa::path(
    tag = "tickets",
    params(Id),
    responses((status = 200, description = "The linked tickets", body = TicketLinks)),
)]
#[get("/tickets/{id}/links")]
pub async fn list_ticket_links(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let linked = state
        .run(caller, move |conn, p| {
            let ticket: Ticket = record::get(conn, p.org, id, Visibility::Live)?;
            Ok(db::tickets::links::linked(conn, p.org, &ticket)?)
        })
        .await?;
    let links = linked
        .into_iter()
        .map(|l| TicketLink {
            kind: l.kind.as_str().to_owned(),
            id: l.id.to_string(),
            number: l.number,
            subject: l.subject,
            status: l.status.as_str().to_owned(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(TicketLinks { links }))
}

/// Link two tickets as related (both timelines record it). Answers 201 when linked now, 204
/// when they already were. A ticket holds at most 50 related tickets (422 `too_many_links`).
#[utoipa::path(
    tag = "tickets",
    params(Pair),
    responses(
        (status = 201, description = "Linked"),
        (status = 204, description = "They were already linked"),
        Invalid,
    ),
)]
#[put("/tickets/{id}/links/{linked_id}")]
pub async fn link_ticket(state: State, caller: Caller, path: Path<(String, String)>) -> Reply {
    let (id, other) = ids(&path)?;
    let now = state.now();
    let added = state
        .run(caller, move |conn, p| {
            desk::links::link(conn, &p, id, other, now)
        })
        .await?;
    Ok(if added {
        HttpResponse::Created().finish()
    } else {
        HttpResponse::NoContent().finish()
    })
}

/// Unlink two related tickets (both timelines record it). A follow-up or a merge stays linked
/// (404, as for tickets that are not linked).
#[utoipa::path(
    tag = "tickets",
    params(Pair),
    responses((status = 204, description = "Unlinked"), Invalid),
)]
#[delete("/tickets/{id}/links/{linked_id}")]
pub async fn unlink_ticket(state: State, caller: Caller, path: Path<(String, String)>) -> Reply {
    let (id, other) = ids(&path)?;
    let now = state.now();
    state
        .run(caller, move |conn, p| {
            desk::links::unlink(conn, &p, id, other, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
