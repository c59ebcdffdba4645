use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::sla::Policy;
use api_types::RecordQuery;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get an SLA policy.
#[utoipa::path(
    tag = "sla",
    params(Id, RecordQuery),
    responses((status = 200, description = "The policy", body = Policy, headers(("ETag" = String)))),
)]
#[get("/sla/policies/{id}")]
pub async fn get_policy(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<db::sla::Policy>(&state, caller, &id, &query).await
}
