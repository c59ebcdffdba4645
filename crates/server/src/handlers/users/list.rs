use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::users::User;
use api_types::{Page, PageQuery};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List staff users, oldest first (any signed-in user: the staff directory).
#[utoipa::path(
    tag = "users",
    params(PageQuery),
    responses((status = 200, description = "A page of users", body = Page<User>)),
)]
#[get("/users")]
pub async fn list_users(state: State, caller: Caller, query: Query<PageQuery>) -> Reply {
    let params = kit::page_params(&query, &db::users::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::users::list(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
