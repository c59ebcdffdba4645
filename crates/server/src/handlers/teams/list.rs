use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::users::Team;
use api_types::{Page, PageQuery};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List teams, by name.
#[utoipa::path(
    tag = "teams",
    params(PageQuery),
    responses((status = 200, description = "A page of teams", body = Page<Team>)),
)]
#[get("/teams")]
pub async fn list_teams(state: State, caller: Caller, query: Query<PageQuery>) -> Reply {
    let params = kit::page_params(&query, &db::teams::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::teams::list(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
