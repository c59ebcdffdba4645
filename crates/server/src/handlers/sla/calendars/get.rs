use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::sla::Calendar;
use api_types::RecordQuery;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a business calendar.
#[utoipa::path(
    tag = "sla",
    params(Id, RecordQuery),
    responses((status = 200, description = "The calendar", body = Calendar, headers(("ETag" = String)))),
)]
#[get("/sla/calendars/{id}")]
pub async fn get_calendar(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<db::sla::Calendar>(&state, caller, &id, &query).await
}
