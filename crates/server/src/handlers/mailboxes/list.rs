use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::mail::Mailbox;
use api_types::{ListQuery, Page};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List the mailboxes, newest first.
#[utoipa::path(
    tag = "mailboxes",
    params(ListQuery),
    responses((status = 200, description = "A page of mailboxes", body = Page<Mailbox>)),
)]
#[get("/mailboxes")]
pub async fn list_mailboxes(state: State, caller: Caller, query: Query<ListQuery>) -> Reply {
    let params = kit::list_params(&query, &db::mailboxes::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            let page = db::mailboxes::list(conn, p.org, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
