use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::scoring::ScoringRule;
use api_types::{ListQuery, Page};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List the lead scoring rules.
///
/// Sorts: `name` (the default), `created_at`, `updated_at`.
#[utoipa::path(
    tag = "scoring-rules",
    params(ListQuery),
    responses((status = 200, description = "A page of rules", body = Page<ScoringRule>)),
)]
#[get("/scoring-rules")]
pub async fn list_scoring_rules(state: State, caller: Caller, query: Query<ListQuery>) -> Reply {
    let params = kit::list_params(&query, &db::scoring_rules::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::scoring_rules::list(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
