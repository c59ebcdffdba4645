use actix_web::post;
use actix_web::web::Path;
use domain::lead::Lead;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Restore a deleted lead.
#[utoipa::path(
    tag = "leads",
    params(Id),
    responses((status = 200, description = "The restored lead", body = api_types::leads::Lead, headers(("ETag" = String)))),
)]
#[post("/leads/{id}/restore")]
pub async fn restore_lead(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Lead>(&state, caller, &id).await
}
