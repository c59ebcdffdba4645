use actix_web::{get, web, HttpResponse};
use api_types::sla::Calendar;
use api_types::Problem;
use domain::SlaCalendarId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id};
use crate::state::AppState;

/// Get a business calendar.
#[utoipa::path(
    tag = "sla",
    params(("id" = String, Path, description = "Calendar id (`cal_…`)")),
    responses(
        (status = 200, description = "The calendar", body = Calendar, headers(("ETag" = String))),
        (status = 404, description = "No such calendar", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sla/calendars/{id}")]
pub async fn get_calendar(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let calendar_id: SlaCalendarId = path_id(&id)?;
    let (calendar, used_by) = state
        .db(move |conn| {
            let calendar = db::sla::get_calendar(conn, principal.org, calendar_id, false)?;
            Ok((
                calendar,
                super::policy_count(conn, principal.org, calendar_id)?,
            ))
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        calendar.version,
        &super::view(&calendar, used_by)?,
    ))
}
