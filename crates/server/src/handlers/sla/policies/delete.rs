use actix_web::delete;
use actix_web::web::Path;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete an SLA policy (it goes to the trash and can be restored); the policies after it
/// move up one place.
#[utoipa::path(
    tag = "sla",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/sla/policies/{id}")]
pub async fn delete_policy(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<db::sla::Policy>(&state, caller, &id, if_match).await
}
