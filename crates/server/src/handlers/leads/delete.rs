use actix_web::delete;
use actix_web::web::Path;
use domain::lead::Lead;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete a lead (soft: it can be restored).
#[utoipa::path(
    tag = "leads",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/leads/{id}")]
pub async fn delete_lead(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Lead>(&state, caller, &id, if_match).await
}
