use actix_web::post;
use actix_web::web::Path;

use crate::auth::Caller;
use crate::kit::{Reply, State};
use crate::openapi::{Conflict, Id};

/// Cancel a job that has not run yet, or waits for its next attempt.
///
/// A job that is running, done, dead or cancelled answers 409 `job_not_cancellable`.
#[utoipa::path(
    tag = "jobs",
    params(Id),
    responses((status = 200, description = "The cancelled job", body = api_types::jobs::Job), Conflict),
)]
#[post("/admin/jobs/{id}/cancel")]
pub async fn cancel_job(state: State, caller: Caller, id: Path<String>) -> Reply {
    super::set(&state, caller, &id, db::jobs::cancel).await
}
