use actix_web::{delete, web, HttpResponse};
use api_types::Problem;
use domain::SlaCalendarId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{path_id, IfMatch};
use crate::state::AppState;

/// Delete a business calendar (it goes to the trash and can be restored).
///
/// A calendar that a live policy uses cannot be deleted: move the policies to another
/// calendar, or delete them, first.
#[utoipa::path(
    tag = "sla",
    params(
        ("id" = String, Path, description = "Calendar id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such calendar", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A policy uses the calendar", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/sla/calendars/{id}")]
pub async fn delete_calendar(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let calendar_id: SlaCalendarId = path_id(&id)?;
    let now = state.now();
    state
        .db(move |conn| {
            Ok(db::sla::set_calendar_deleted(
                conn,
                principal.org,
                calendar_id,
                if_match.0,
                true,
                now,
            )?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
