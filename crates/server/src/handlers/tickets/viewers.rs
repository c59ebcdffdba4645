//! `/api/v1/tickets/{id}/viewers`: who has the ticket open, so agents do not answer the same
//! customer twice. A ticket page says so when it opens and every few seconds while it stays
//! open; a viewer it stops hearing from drops off after [`PRESENCE`].

use actix_web::web::Path;
use actix_web::{delete, get, put, HttpResponse};
use api_types::live::{TicketViewer, TicketViewers};
use chrono::Duration;
use db::record::{self, Visibility};
use db::tickets::viewers;
use domain::ticket::Ticket;

use crate::auth::Caller;
use crate::extract::path_id;
use crate::kit::{Reply, State};
use crate::openapi::Id;

/// How long a viewer counts as viewing after saying so.
pub const PRESENCE: Duration = Duration::seconds(30);

fn body(list: Vec<viewers::Viewer>) -> TicketViewers {
    TicketViewers {
        viewers: list
            .into_iter()
            .map(|v| TicketViewer {
                user_id: v.user_id.to_string(),
                name: v.name,
                expires_at: v.expires_at,
            })
            .collect(),
    }
}

/// Who has the ticket open.
#[utoipa::path(
    tag = "tickets",
    params(Id),
    responses((status = 200, description = "The viewers, by name", body = TicketViewers)),
)]
#[get("/tickets/{id}/viewers")]
pub async fn list_ticket_viewers(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let now = state.now();
    let list = state
        .run(caller, move |conn, p| {
            record::get::<Ticket>(conn, p.org, id, Visibility::Live)?;
            Ok(viewers::current(conn, p.org, id, now)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body(list)))
}

/// Say that you have the ticket open, for the next 30 seconds; answers who has it open.
#[utoipa::path(
    tag = "tickets",
    params(Id),
    responses((status = 200, description = "The viewers, you among them", body = TicketViewers)),
)]
#[put("/tickets/{id}/viewers/me")]
pub async fn view_ticket(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    let now = state.now();
    let list = state
        .run(caller, move |conn, p| {
            record::get::<Ticket>(conn, p.org, id, Visibility::Live)?;
            viewers::renew(conn, p.org, id, p.user, now, now + PRESENCE)?;
            Ok(viewers::current(conn, p.org, id, now)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body(list)))
}

/// Say that you closed the ticket.
#[utoipa::path(
    tag = "tickets",
    params(Id),
    responses((status = 204, description = "You no longer count as viewing it")),
)]
#[delete("/tickets/{id}/viewers/me")]
pub async fn leave_ticket(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id(&id)?;
    state
        .run(caller, move |conn, p| {
            record::get::<Ticket>(conn, p.org, id, Visibility::Any)?;
            Ok(viewers::leave(conn, p.org, id, p.user)?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
