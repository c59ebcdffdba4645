use actix_web::delete;
use actix_web::web::Path;
use db::teams::Team;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id};

/// Delete a team for good; its members stay, without the team, and its tickets go back to no
/// team. A team with sales quotas stays (409 `team_has_quotas`): remove them first.
#[utoipa::path(
    tag = "teams",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted"), Conflict),
)]
#[delete("/teams/{id}")]
pub async fn delete_team(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
) -> Reply {
    kit::delete::<Team>(&state, caller, &id, if_match).await
}
