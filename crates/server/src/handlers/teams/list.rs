use actix_web::{get, web, HttpResponse};
use api_types::users::Team;
use api_types::Page;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// List all teams, by name.
#[utoipa::path(
    tag = "teams",
    responses((status = 200, description = "Every team (an organization has few)", body = Page<Team>)),
    security(("bearer" = []))
)]
#[get("/teams")]
pub async fn list_teams(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    let teams = state
        .db(move |conn| Ok(db::teams::list(conn, principal.org)?))
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items: teams.iter().map(super::view).collect(),
        next_cursor: None,
    }))
}
