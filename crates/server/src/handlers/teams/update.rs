use actix_web::{patch, web, HttpResponse};
use api_types::users::{Team, TeamBody};
use api_types::Problem;
use domain::{text, TeamId};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch};
use crate::state::AppState;

/// Rename a team.
#[utoipa::path(
    tag = "teams",
    params(
        ("id" = String, Path, description = "Team id (`team_…`)"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body = TeamBody,
    responses(
        (status = 200, description = "The renamed team", body = Team, headers(("ETag" = String))),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Name already used", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/teams/{id}")]
pub async fn update_team(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: web::Json<TeamBody>,
) -> Result<HttpResponse, ApiError> {
    let team_id: TeamId = path_id(&id)?;
    let name = text::required("/name", &body.name, 100)?;
    let now = state.now();
    let team = state
        .db(move |conn| {
            Ok(db::teams::rename(
                conn,
                principal.org,
                team_id,
                if_match.0,
                &name,
                now,
            )?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        team.version,
        &super::view(&team),
    ))
}
