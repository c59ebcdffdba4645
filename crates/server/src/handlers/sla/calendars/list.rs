use actix_web::{get, web, HttpResponse};
use api_types::sla::Calendar;
use api_types::Page;

use super::super::TrashQuery;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// List business calendars by name (an organization has few, so one page holds them all).
#[utoipa::path(
    tag = "sla",
    params(TrashQuery),
    responses((status = 200, description = "The calendars", body = Page<Calendar>)),
    security(("bearer" = []))
)]
#[get("/sla/calendars")]
pub async fn list_calendars(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<TrashQuery>,
) -> Result<HttpResponse, ApiError> {
    let deleted = query.deleted.unwrap_or(false);
    let (calendars, counts) = state
        .db(move |conn| {
            Ok((
                db::sla::list_calendars(conn, principal.org, deleted)?,
                db::sla::policy_counts(conn, principal.org)?,
            ))
        })
        .await?;
    let items = calendars
        .iter()
        .map(|calendar| {
            let used_by = counts
                .iter()
                .find_map(|(c, n)| (*c == calendar.id).then_some(*n));
            super::view(calendar, used_by.unwrap_or(0))
        })
        .collect::<Result<_, _>>()?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}
