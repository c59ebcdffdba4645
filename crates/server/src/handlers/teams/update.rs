use actix_web::patch;
use actix_web::web::Path;

use crate::extract::Json;
use api_types::users::{Team, TeamBody};

use crate::auth::Caller;
use crate::extract::IfMatch;
use crate::kit::{self, Reply, State};
use crate::openapi::{self, Conflict, Id, Invalid};

/// Rename a team, change how it routes or who leads it.
#[utoipa::path(
    tag = "teams",
    params(Id, openapi::IfMatch),
    request_body = TeamBody,
    responses(
        (status = 200, description = "The renamed team", body = Team, headers(("ETag" = String))),
        Conflict,
        Invalid,
    ),
)]
#[patch("/teams/{id}")]
pub async fn update_team(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<TeamBody>,
) -> Reply {
    kit::update::<db::teams::Team, _>(
        &state,
        caller,
        &id,
        if_match,
        body.into_inner(),
        |current, body, _| super::fields(body, Some(&current.fields)),
    )
    .await
}
