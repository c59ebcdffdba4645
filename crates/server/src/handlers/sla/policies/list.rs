use actix_web::{get, web, HttpResponse};
use api_types::sla::Policy;
use api_types::Page;

use super::super::TrashQuery;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// List SLA policies in evaluation order (an organization has few, so one page holds them all).
#[utoipa::path(
    tag = "sla",
    params(TrashQuery),
    responses((status = 200, description = "The policies, first evaluated first", body = Page<Policy>)),
    security(("bearer" = []))
)]
#[get("/sla/policies")]
pub async fn list_policies(
    state: web::Data<AppState>,
    principal: Principal,
    query: web::Query<TrashQuery>,
) -> Result<HttpResponse, ApiError> {
    let deleted = query.deleted.unwrap_or(false);
    let policies = state
        .db(move |conn| Ok(db::sla::list_policies(conn, principal.org, deleted)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items: policies.iter().map(super::view).collect::<Result<_, _>>()?,
        next_cursor: None,
    }))
}
