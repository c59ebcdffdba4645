use actix_web::get;
use actix_web::web::Path;
use api_types::sla::Policy;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get an SLA policy.
#[utoipa::path(
    tag = "sla",
    params(Id),
    responses((status = 200, description = "The policy", body = Policy, headers(("ETag" = String)))),
)]
#[get("/sla/policies/{id}")]
pub async fn get_policy(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::get::<db::sla::Policy>(&state, caller, &id).await
}
