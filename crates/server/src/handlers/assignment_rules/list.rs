use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::assignment::AssignmentRule;
use api_types::{ListQuery, Page};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List the lead assignment rules.
///
/// Sorts: `position` (the default: the order they are tried in), `name`, `created_at`,
/// `updated_at`.
#[utoipa::path(
    tag = "assignment-rules",
    params(ListQuery),
    responses((status = 200, description = "A page of rules", body = Page<AssignmentRule>)),
)]
#[get("/assignment-rules")]
pub async fn list_assignment_rules(state: State, caller: Caller, query: Query<ListQuery>) -> Reply {
    let params = kit::list_params(&query, &db::assignment_rules::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::assignment_rules::list(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
