use actix_web::delete;
use actix_web::web::Path;
use domain::ticket::Ticket;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete a ticket (soft: it can be restored).
#[utoipa::path(
    tag = "tickets",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/tickets/{id}")]
pub async fn delete_ticket(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Ticket>(&state, caller, &id, if_match).await
}
