use actix_web::delete;
use actix_web::web::Path;
use db::territories::Territory;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id};

/// Delete a territory (it goes to the trash and can be restored); its accounts are placed
/// again. A territory with live territories under it stays (409 `territory_has_children`).
#[utoipa::path(
    tag = "territories",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted"), Conflict),
)]
#[delete("/territories/{id}")]
pub async fn delete_territory(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Territory>(&state, caller, &id, if_match).await
}
