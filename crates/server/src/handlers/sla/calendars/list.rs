use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::sla::Calendar;
use api_types::{ListQuery, Page};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List business calendars.
///
/// Sorts: `name` (the default), `created_at`, `updated_at`.
#[utoipa::path(
    tag = "sla",
    params(ListQuery),
    responses((status = 200, description = "A page of calendars", body = Page<Calendar>)),
)]
#[get("/sla/calendars")]
pub async fn list_calendars(state: State, caller: Caller, query: Query<ListQuery>) -> Reply {
    let params = kit::list_params(&query, &db::sla::CALENDAR_SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::sla::list_calendars(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
