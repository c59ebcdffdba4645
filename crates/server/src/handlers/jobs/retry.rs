use actix_web::post;
use actix_web::web::Path;

use crate::auth::Caller;
use crate::kit::{Reply, State};
use crate::openapi::{Conflict, Id};

/// Run a dead, cancelled or waiting job again now, with a fresh set of attempts.
///
/// A job that is running or done answers 409 `job_not_retryable`.
#[utoipa::path(
    tag = "jobs",
    params(Id),
    responses((status = 200, description = "The queued job", body = api_types::jobs::Job), Conflict),
)]
#[post("/admin/jobs/{id}/retry")]
pub async fn retry_job(state: State, caller: Caller, id: Path<String>) -> Reply {
    super::set(&state, caller, &id, db::jobs::retry).await
}
