use actix_web::delete;
use actix_web::web::Path;
use db::scoring_rules::StoredScoringRule;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete a lead scoring rule (it goes to the trash and can be restored); leads are scored
/// again without it.
#[utoipa::path(
    tag = "scoring-rules",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
)]
#[delete("/scoring-rules/{id}")]
pub async fn delete_scoring_rule(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<StoredScoringRule>(&state, caller, &id, if_match).await
}
