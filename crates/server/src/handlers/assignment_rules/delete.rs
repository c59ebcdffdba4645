use actix_web::delete;
use actix_web::web::Path;
use db::assignment_rules::AssignmentRule;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete a lead assignment rule (it goes to the trash and can be restored); the rules after
/// it move up one place.
#[utoipa::path(
    tag = "assignment-rules",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/assignment-rules/{id}")]
pub async fn delete_assignment_rule(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<AssignmentRule>(&state, caller, &id, if_match).await
}
