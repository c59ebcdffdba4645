use actix_web::post;
use actix_web::web::Path;
use db::scoring_rules::StoredScoringRule;

use crate::auth::Caller;
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id};

/// Restore a deleted lead scoring rule (its name must not be taken meanwhile); leads are
/// scored again.
#[utoipa::path(
    tag = "scoring-rules",
    params(Id),
    responses(
        (status = 200, description = "The restored rule", body = api_types::scoring::ScoringRule, headers(("ETag" = String))),
        Conflict,
    ),
)]
#[post("/scoring-rules/{id}/restore")]
pub async fn restore_scoring_rule(state: State, caller: Caller, id: Path<String>) -> Reply {
    kit::restore::<StoredScoringRule>(&state, caller, &id).await
}
