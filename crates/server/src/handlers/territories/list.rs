use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::territories::Territory;
use api_types::{ListQuery, Page};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List the territories.
///
/// Sorts: `name` (the default), `created_at`, `updated_at`. Each names its `parent_id`, so a
/// client builds the tree from one or two pages.
#[utoipa::path(
    tag = "territories",
    params(ListQuery),
    responses((status = 200, description = "A page of territories", body = Page<Territory>)),
)]
#[get("/territories")]
pub async fn list_territories(state: State, caller: Caller, query: Query<ListQuery>) -> Reply {
    let params = kit::list_params(&query, &db::territories::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::territories::list(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
