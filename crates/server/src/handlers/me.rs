//! `GET /api/v1/me`.

use actix_web::{get, web, HttpResponse};
use api_types::auth::Me;
use api_types::Problem;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// The signed-in user and their organization.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The signed-in user", body = Me),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn me(
    state: web::Data<AppState>,
    principal: Principal,
) -> Result<HttpResponse, ApiError> {
    let (user, org_name) = state
        .db(move |conn| {
            Ok((
                db::users::get(conn, principal.org, principal.user)?,
                db::orgs::name(conn, principal.org)?,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Me {
        id: user.id.to_string(),
        email: user.email,
        name: user.name,
        role: user.role.as_str().to_owned(),
        org_id: principal.org.to_string(),
        org_name,
    }))
}
