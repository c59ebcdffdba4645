use crate::extract::Json;
use actix_web::post;
use api_types::pipelines::{CreatePipeline, Pipeline};

use super::input;
use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Invalid};

/// Create a pipeline.
///
/// Stages are listed in board order, without ids (each gets one); at least one open, one won
/// and one lost. Won stages are certain (probability 100) and lost ones hopeless (0). Closing
/// a deal asks for one of the pipeline's won or lost reasons. A live pipeline's name is its
/// own (409 `pipeline_name_taken`).
#[utoipa::path(
    tag = "pipelines",
    request_body = CreatePipeline,
    responses(
        (status = 201, description = "Created", body = Pipeline, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/pipelines")]
pub async fn create_pipeline(state: State, caller: Caller, body: Json<CreatePipeline>) -> Reply {
    let fields = input::create(body.into_inner())?;
    let now = state.now();
    let pipeline = state
        .run(caller, move |conn, p| {
            Ok(db::pipelines::create(conn, p.org, &fields, now)?)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/pipelines/{}", pipeline.id),
        pipeline.version,
        &super::body(&pipeline),
    ))
}
