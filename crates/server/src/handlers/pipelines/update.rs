use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::pipelines::UpdatePipeline;
use db::pipelines::Pipeline;

use super::input;
use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Change a pipeline.
///
/// Fields left out stay; lists given replace the stored ones. In `stages`, a stage with its
/// `id` is kept (renamed, moved, given a new probability that its open deals take at once),
/// one without is new, and one left out leaves the pipeline. A stage with live deals in it
/// neither leaves nor changes its kind (409 `stage_in_use`).
#[utoipa::path(
    tag = "pipelines",
    params(Id, openapi::IfMatch),
    request_body = UpdatePipeline,
    responses(
        (status = 200, description = "The changed pipeline", body = api_types::pipelines::Pipeline, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/pipelines/{id}")]
pub async fn update_pipeline(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdatePipeline>,
) -> Reply {
    kit::update::<Pipeline, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        input::merge,
    )
    .await
}
