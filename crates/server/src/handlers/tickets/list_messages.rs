use actix_web::web::{Path, Query};
use actix_web::{get, HttpResponse};
use api_types::tickets::Message;
use api_types::{Page, PageQuery};
use db::record::{self, Visibility};
use domain::ticket::Ticket;

use crate::auth::Caller;
use crate::extract::path_id;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// List a ticket's conversation, oldest first: public replies and internal notes.
#[utoipa::path(
    tag = "tickets",
    params(Id, PageQuery),
    responses((status = 200, description = "A page of messages", body = Page<Message>)),
)]
#[get("/tickets/{id}/messages")]
pub async fn list_ticket_messages(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<PageQuery>,
) -> Reply {
    let id = path_id(&id)?;
    let params = kit::page_params(&query, &db::tickets::messages::SORTS)?;
    let page = state
        .run(caller, move |conn, p| {
            // The ticket must be one the caller can see.
            record::get::<Ticket>(conn, p.org, id, Visibility::Live)?;
            let page = db::tickets::messages::list(conn, p.org, id, false, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
