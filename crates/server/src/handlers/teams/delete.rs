use actix_web::{delete, web, HttpResponse};
use api_types::Problem;
use domain::TeamId;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{path_id, IfMatch};
use crate::state::AppState;

/// Delete a team; its members stay, without the team.
#[utoipa::path(
    tag = "teams",
    params(
        ("id" = String, Path, description = "Team id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such team", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/teams/{id}")]
pub async fn delete_team(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let team_id: TeamId = path_id(&id)?;
    state
        .db(move |conn| Ok(db::teams::delete(conn, principal.org, team_id, if_match.0)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
