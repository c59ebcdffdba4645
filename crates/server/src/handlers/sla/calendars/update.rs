use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::sla::{Calendar, UpdateCalendar};

use super::super::documents;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Change a business calendar.
///
/// The fields given replace the stored ones whole (send the complete `weekly` schedule or
/// `holidays` list). The result is checked like a new calendar. Policies that use the
/// calendar count in the changed one from now on.
#[utoipa::path(
    tag = "sla",
    params(Id, openapi::IfMatch),
    request_body = UpdateCalendar,
    responses(
        (status = 200, description = "The changed calendar", body = Calendar, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/sla/calendars/{id}")]
pub async fn update_calendar(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateCalendar>,
) -> Reply {
    let patch = body.into_inner();
    kit::update::<db::sla::Calendar, _>(
        &state,
        caller,
        &id,
        if_match,
        patch,
        documents::patched_calendar,
    )
    .await
}
