use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::pipelines::Pipeline;
use api_types::{ListQuery, Page};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List the pipelines.
///
/// Sorts: `name` (the default), `created_at`, `updated_at`. Each comes with its stages in
/// board order.
#[utoipa::path(
    tag = "pipelines",
    params(ListQuery),
    responses((status = 200, description = "A page of pipelines", body = Page<Pipeline>)),
)]
#[get("/pipelines")]
pub async fn list_pipelines(state: State, caller: Caller, query: Query<ListQuery>) -> Reply {
    let params = kit::list_params(&query, &db::pipelines::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::pipelines::list(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
