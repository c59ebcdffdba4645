use actix_web::{post, HttpResponse};
use api_types::jobs::{MarkRead, Marked};
use domain::{FieldError, NotificationId, Violations};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::extract::Json;
use crate::kit::{Reply, State};
use crate::openapi::Invalid;

/// Mark notifications read: those named in `ids`, or `all` of yours.
#[utoipa::path(
    tag = "notifications",
    request_body = MarkRead,
    responses(
        (status = 200, description = "How many were marked", body = Marked),
        Invalid,
    ),
)]
#[post("/notifications/read")]
pub async fn mark_notifications_read(state: State, caller: Caller, body: Json<MarkRead>) -> Reply {
    let body = body.into_inner();
    let mut v = Violations::new();
    if body.ids.len() > 100 {
        v.push(FieldError::new("/ids", "too_many", "at most 100 ids"));
    }
    // Exactly one of the two.
    if body.all != body.ids.is_empty() {
        v.push(FieldError::new(
            "/ids",
            "ids_or_all",
            "give ids, or all: true, not both",
        ));
    }
    let ids: Vec<NotificationId> = body
        .ids
        .iter()
        .enumerate()
        .filter_map(|(i, raw)| v.check(NotificationId::parse(&format!("/ids/{i}"), raw)))
        .collect();
    if !v.is_empty() {
        return Err(ApiError::from(v));
    }
    let now = state.now();
    let marked = state
        .run(caller, move |conn, p| {
            let ids = (!body.all).then_some(ids.as_slice());
            Ok(db::notifications::mark_read(conn, p.org, p.user, ids, now)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Marked {
        marked: marked as u64,
    }))
}
