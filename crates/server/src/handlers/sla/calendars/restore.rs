use actix_web::post;
use actix_web::web::Path;
use api_types::sla::Calendar;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id};

/// Restore a deleted business calendar; its name must not be taken by a live one meanwhile.
#[utoipa::path(
    tag = "sla",
    params(Id),
    responses(
        (status = 200, description = "The restored calendar", body = Calendar, headers(("ETag" = String))),
        Conflict,
    ),
)]
#[post("/sla/calendars/{id}/restore")]
pub async fn restore_calendar(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<db::sla::Calendar>(&state, caller, &id).await
}
