use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::portal::Partner;
use api_types::{ListQuery, Page};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List the partners.
///
/// Sorts: `name` (the default), `created_at`, `updated_at`.
#[utoipa::path(
    tag = "partners",
    params(ListQuery),
    responses((status = 200, description = "A page of partners", body = Page<Partner>)),
)]
#[get("/partners")]
pub async fn list_partners(state: State, caller: Caller, query: Query<ListQuery>) -> Reply {
    let params = kit::list_params(&query, &db::portal::partners::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::portal::partners::list(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
