use actix_web::post;
use actix_web::web::Path;
use db::assignment_rules::AssignmentRule;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id};

/// Restore a deleted lead assignment rule; it comes last in the order, and its name must not
/// be taken meanwhile.
#[utoipa::path(
    tag = "assignment-rules",
    params(Id),
    responses(
        (status = 200, description = "The restored rule", body = api_types::assignment::AssignmentRule, headers(("ETag" = String))),
        Conflict,
    ),
)]
#[post("/assignment-rules/{id}/restore")]
pub async fn restore_assignment_rule(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<AssignmentRule>(&state, caller, &id).await
}
