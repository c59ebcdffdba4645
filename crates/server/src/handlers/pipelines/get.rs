use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use db::pipelines::Pipeline;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a pipeline.
#[utoipa::path(
    tag = "pipelines",
    params(Id, RecordQuery),
    responses((status = 200, description = "The pipeline", body = api_types::pipelines::Pipeline, headers(("ETag" = String)))),
)]
#[get("/pipelines/{id}")]
pub async fn get_pipeline(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Pipeline>(&state, caller, &id, &query).await
}
