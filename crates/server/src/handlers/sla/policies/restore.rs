use actix_web::post;
use actix_web::web::Path;
use api_types::sla::Policy;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id};

/// Restore a deleted SLA policy; it comes last in the evaluation order. Its calendar must be
/// live (409 `calendar_deleted`) and its name not taken meanwhile.
#[utoipa::path(
    tag = "sla",
    params(Id),
    responses(
        (status = 200, description = "The restored policy", body = Policy, headers(("ETag" = String))),
        Conflict,
    ),
)]
#[post("/sla/policies/{id}/restore")]
pub async fn restore_policy(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<db::sla::Policy>(&state, caller, &id).await
}
