use actix_web::post;
use actix_web::web::Path;
use domain::ticket::Ticket;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Restore a deleted ticket.
#[utoipa::path(
    tag = "tickets",
    params(Id),
    responses((status = 200, description = "The restored ticket (read it for its clocks)", body = api_types::tickets::Ticket, headers(("ETag" = String)))),
)]
#[post("/tickets/{id}/restore")]
pub async fn restore_ticket(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Ticket>(&state, caller, &id).await
}
