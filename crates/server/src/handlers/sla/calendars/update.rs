use actix_web::{patch, web, HttpResponse};
use api_types::sla::{Calendar, UpdateCalendar};
use api_types::Problem;
use domain::SlaCalendarId;

use super::super::documents;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch};
use crate::state::AppState;

/// Change a business calendar.
///
/// The fields given replace the stored ones whole (send the complete `weekly` schedule or
/// `holidays` list). The result is checked like a new calendar. Policies that use the
/// calendar count in the changed one from now on.
#[utoipa::path(
    tag = "sla",
    params(
        ("id" = String, Path, description = "Calendar id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateCalendar,
    responses(
        (status = 200, description = "The changed calendar", body = Calendar, headers(("ETag" = String))),
        (status = 404, description = "No such calendar", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Name already used", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid calendar", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/sla/calendars/{id}")]
pub async fn update_calendar(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: web::Json<UpdateCalendar>,
) -> Result<HttpResponse, ApiError> {
    let calendar_id: SlaCalendarId = path_id(&id)?;
    let patch = body.into_inner();
    let now = state.now();
    let (calendar, used_by) = state
        .db(move |conn| {
            let calendar =
                db::sla::modify_calendar(conn, principal.org, calendar_id, now, |current| {
                    if if_match.0.is_some_and(|v| v != current.version) {
                        return Err(ApiError::VersionMismatch);
                    }
                    documents::patched_calendar(current, patch)
                })?;
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
