use actix_web::get;
use actix_web::web::Path;
use api_types::sla::Calendar;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a business calendar.
#[utoipa::path(
    tag = "sla",
    params(Id),
    responses((status = 200, description = "The calendar", body = Calendar, headers(("ETag" = String)))),
)]
#[get("/sla/calendars/{id}")]
pub async fn get_calendar(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::get::<db::sla::Calendar>(&state, caller, &id).await
}
