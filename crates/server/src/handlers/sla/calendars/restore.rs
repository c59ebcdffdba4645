use actix_web::{post, web, HttpResponse};
use api_types::sla::Calendar;
use api_types::Problem;
use domain::SlaCalendarId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id};
use crate::state::AppState;

/// Restore a deleted business calendar.
#[utoipa::path(
    tag = "sla",
    params(("id" = String, Path, description = "Calendar id")),
    responses(
        (status = 200, description = "The restored calendar", body = Calendar, headers(("ETag" = String))),
        (status = 404, description = "No deleted calendar with this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A live calendar has its name now", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sla/calendars/{id}/restore")]
pub async fn restore_calendar(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let calendar_id: SlaCalendarId = path_id(&id)?;
    let now = state.now();
    let calendar = state
        .db(move |conn| {
            Ok(db::sla::set_calendar_deleted(
                conn,
                principal.org,
                calendar_id,
                None,
                false,
                now,
            )?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        calendar.version,
        &super::view(&calendar, 0)?,
    ))
}
