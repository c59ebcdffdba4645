use actix_web::{post, web, HttpResponse};
use api_types::sla::{Calendar, CreateCalendar};
use api_types::Problem;

use super::super::documents;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::json_with_etag;
use crate::state::AppState;

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
        (status = 409, description = "Name already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid calendar", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sla/calendars")]
pub async fn create_calendar(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CreateCalendar>,
) -> Result<HttpResponse, ApiError> {
    let (name, definition) = documents::created_calendar(body.into_inner())?;
    let now = state.now();
    let calendar = state
        .db(move |conn| {
            Ok(db::sla::create_calendar(
                conn,
                principal.org,
                &name,
                &definition,
                now,
            )?)
        })
        .await?;
    let mut response = HttpResponse::Created();
    response.insert_header(("Location", format!("/api/v1/sla/calendars/{}", calendar.id)));
    Ok(json_with_etag(
        response,
        calendar.version,
        &super::view(&calendar, 0)?,
    ))
}
