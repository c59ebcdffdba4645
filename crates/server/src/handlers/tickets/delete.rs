use actix_web::web::Path;
use actix_web::{delete, HttpResponse};

use crate::auth::Caller;
use crate::desk;
use crate::extract::{path_id, IfMatch};
use crate::kit::{Reply, State};
use crate::openapi::{self, Id};

/// Delete a ticket (soft: it can be restored); its timeline records who did it.
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
    let id = path_id(&id)?;
    let now = state.now();
    state
        .run(caller, move |conn, p| {
            desk::tickets::trash(conn, &p, id, if_match.0, true, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
