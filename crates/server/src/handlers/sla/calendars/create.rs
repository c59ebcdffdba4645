use crate::extract::Json;
use actix_web::post;
use api_types::sla::{Calendar, CreateCalendar};

use super::super::documents;
use crate::auth::Caller;
use crate::kit::{self, Reply, State, View};
use crate::openapi::{Conflict, Invalid};

/// Create a business calendar.
///
/// The calendar is checked by the SLA engine before it is stored: a known IANA time zone,
/// seven days of non-overlapping ranges (or `always_open`), valid holidays, and some business
/// time left after the holidays.
#[utoipa::path(
    tag = "sla",
    request_body = CreateCalendar,
    responses(
        (status = 201, description = "Created", body = Calendar, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/sla/calendars")]
pub async fn create_calendar(state: State, caller: Caller, body: Json<CreateCalendar>) -> Reply {
    let (name, definition) = documents::created_calendar(body.into_inner())?;
    let now = state.now();
    let (id, version, body) = state
        .run(caller, move |conn, p| {
            let calendar = db::sla::create_calendar(conn, p.org, &name, &definition, now)?;
            let body = db::sla::Calendar::view(conn, p.org, &calendar)?;
            Ok((calendar.id, calendar.version, body))
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/sla/calendars/{id}"),
        version,
        &body,
    ))
}
