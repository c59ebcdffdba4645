use actix_web::delete;
use actix_web::web::Path;
use db::pipelines::Pipeline;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id};

/// Delete a pipeline (it goes to the trash and can be restored). A pipeline with live
/// opportunities in it stays (409 `pipeline_in_use`).
#[utoipa::path(
    tag = "pipelines",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted"), Conflict),
)]
#[delete("/pipelines/{id}")]
pub async fn delete_pipeline(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Pipeline>(&state, caller, &id, if_match).await
}
