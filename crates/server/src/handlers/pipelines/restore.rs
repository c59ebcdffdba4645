use actix_web::post;
use actix_web::web::Path;
use db::pipelines::Pipeline;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id};

/// Restore a deleted pipeline, unless a live one took its name meanwhile (409
/// `pipeline_name_taken`).
#[utoipa::path(
    tag = "pipelines",
    params(Id),
    responses(
        (status = 200, description = "The restored pipeline", body = api_types::pipelines::Pipeline, headers(("ETag" = String))),
        Conflict,
    ),
)]
#[post("/pipelines/{id}/restore")]
pub async fn restore_pipeline(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<Pipeline>(&state, caller, &id).await
}
