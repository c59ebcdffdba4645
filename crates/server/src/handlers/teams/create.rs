use crate::extract::Json;
use actix_web::post;
use api_types::users::{Team, TeamBody};

use crate::auth::Caller;
use crate::kit::{self, Reply, State, View};
use crate::openapi::{Conflict, Invalid};

/// Create a team; names are unique in the organization, ignoring case.
#[utoipa::path(
    tag = "teams",
    request_body = TeamBody,
    responses(
        (status = 201, description = "Created", body = Team, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/teams")]
pub async fn create_team(state: State, caller: Caller, body: Json<TeamBody>) -> Reply {
    let fields = super::fields(body.into_inner(), None)?;
    let now = state.now();
    let (id, version, body) = state
        .run(caller, move |conn, p| {
            let team = db::teams::create(conn, p.org, fields, now)?;
            Ok((
                team.id,
                team.version,
                db::teams::Team::view(conn, p.org, &team)?,
            ))
        })
        .await?;
    Ok(kit::created(format!("/api/v1/teams/{id}"), version, &body))
}
