use actix_web::post;
use actix_web::web::Path;
use db::portal::partners::Partner;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Restore a deleted partner, with the key it had.
#[utoipa::path(
    tag = "partners",
    params(Id),
    responses((status = 200, description = "The restored partner", body = api_types::portal::Partner, headers(("ETag" = String)))),
)]
#[post("/partners/{id}/restore")]
pub async fn restore_partner(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Partner>(&state, caller, &id).await
}
