use actix_web::delete;
use actix_web::web::Path;
use db::teams::Team;

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Id};

/// Delete a team for good; its members stay, without the team.
#[utoipa::path(
    tag = "teams",
    params(Id, openapi::IfMatch),
    responses((status = 204, description = "Deleted")),
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
