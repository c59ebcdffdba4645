use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::sla::Policy;
use api_types::{ListQuery, Page};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List SLA policies.
///
/// Sorts: `position` (the default: the evaluation order, first evaluated first), `name`,
/// `created_at`, `updated_at`.
#[utoipa::path(
    tag = "sla",
    params(ListQuery),
    responses((status = 200, description = "A page of policies", body = Page<Policy>)),
)]
#[get("/sla/policies")]
pub async fn list_policies(state: State, caller: Caller, query: Query<ListQuery>) -> Reply {
    let params = kit::list_params(&query, &db::sla::POLICY_SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::sla::list_policies(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
