use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::jobs::{Notification, NotificationQuery};
use api_types::{Page, PageQuery};

use crate::auth::Caller;
use crate::kit::{self, Reply, State};

/// List your notifications, newest first.
///
/// `unread=true&count=true&limit=1` answers the unread count in `total`.
#[utoipa::path(
    tag = "notifications",
    params(NotificationQuery),
    responses((status = 200, description = "A page of notifications", body = Page<Notification>)),
)]
#[get("/notifications")]
pub async fn list_notifications(
    state: State,
    caller: Caller,
    query: Query<NotificationQuery>,
) -> Reply {
    let query = query.into_inner();
    let paging = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    };
    let mut params = kit::page_params(&paging, &db::notifications::SORTS)?;
    params.count = query.count.unwrap_or(false);
    let unread = query.unread.unwrap_or(false);
    let page = state
        .run(caller, move |conn, p| {
            let page = db::notifications::list(conn, p.org, p.user, unread, &params)?;
            kit::page(conn, p.org, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
