use actix_web::post;
use actix_web::web::Path;
use db::territories::Territory;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id};

/// Restore a deleted territory; its parent must be live (409 `parent_deleted`) and its name
/// not taken meanwhile.
#[utoipa::path(
    tag = "territories",
    params(Id),
    responses(
        (status = 200, description = "The restored territory", body = api_types::territories::Territory, headers(("ETag" = String))),
        Conflict,
    ),
)]
#[post("/territories/{id}/restore")]
pub async fn restore_territory(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Territory>(&state, caller, &id).await
}
