use actix_web::get;
use actix_web::web::{Path, Query};
use api_types::RecordQuery;
use db::scoring_rules::StoredScoringRule;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::Id;

/// Get a lead scoring rule.
#[utoipa::path(
    tag = "scoring-rules",
    params(Id, RecordQuery),
    responses((status = 200, description = "The rule", body = api_types::scoring::ScoringRule, headers(("ETag" = String)))),
)]
#[get("/scoring-rules/{id}")]
pub async fn get_scoring_rule(
    state: State,
    caller: Caller,
    id: Path<String>,
    query: Query<RecordQuery>,
) -> Reply {
    kit::get::<StoredScoringRule>(&state, caller, &id, &query).await
}
