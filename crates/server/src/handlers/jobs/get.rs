use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use db::jobs::Job;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a background job.
#[utoipa::path(
    tag = "jobs",
    params(Id, RecordQuery),
    responses((status = 200, description = "The job", body = api_types::jobs::Job, headers(("ETag" = String)))),
)]
#[get("/admin/jobs/{id}")]
pub async fn get_job(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<Job>(&state, caller, &id, &query).await
}
