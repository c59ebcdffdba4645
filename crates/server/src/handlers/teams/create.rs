use actix_web::{post, web, HttpResponse};
use api_types::users::{Team, TeamBody};
use api_types::Problem;
use domain::text;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::json_with_etag;
use crate::state::AppState;

/// Create a team.
#[utoipa::path(
    tag = "teams",
    request_body = TeamBody,
    responses(
        (status = 201, description = "Created", body = Team, headers(("ETag" = String))),
        (status = 409, description = "Name already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/teams")]
pub async fn create_team(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<TeamBody>,
) -> Result<HttpResponse, ApiError> {
    let name = text::required("/name", &body.name, 100)?;
    let now = state.now();
    let team = state
        .db(move |conn| Ok(db::teams::create(conn, principal.org, &name, now)?))
        .await?;
    Ok(json_with_etag(
        HttpResponse::Created(),
        team.version,
        &super::view(&team),
    ))
}
