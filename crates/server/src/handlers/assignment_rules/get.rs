use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use db::assignment_rules::AssignmentRule;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a lead assignment rule.
#[utoipa::path(
    tag = "assignment-rules",
    params(Id, RecordQuery),
    responses((status = 200, description = "The rule", body = api_types::assignment::AssignmentRule, headers(("ETag" = String)))),
)]
#[get("/assignment-rules/{id}")]
pub async fn get_assignment_rule(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<AssignmentRule>(&state, caller, &id, &query).await
}
