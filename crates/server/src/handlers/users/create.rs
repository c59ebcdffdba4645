use actix_web::{post, web, HttpResponse};
use api_types::users::{CreateUser, User};
use api_types::Problem;
use db::users::NewUser;
use domain::password::NewPassword;
use domain::{text, Email, Role, Violations};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::json_with_etag;
use crate::state::AppState;

/// Create a staff user.
#[utoipa::path(
    tag = "users",
    request_body = CreateUser,
    responses(
        (status = 201, description = "Created", body = User, headers(("ETag" = String))),
        (status = 409, description = "Email already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    principal: Principal,
    body: web::Json<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut v = Violations::new();
    let email = v.check(Email::parse("/email", &body.email));
    let name = v.check(text::required("/name", &body.name, 200));
    let role = v.check(Role::parse("/role", &body.role));
    let password = v.check(NewPassword::parse("/password", &body.password));
    let team_ids = v.check(super::team_ids(&body.team_ids));
    let (email, name, role, password, team_ids) = v
        .finish(|| Some((email?, name?, role?, password?, team_ids?)))
        .map_err(ApiError::from)?;
    let password_hash = super::hash_password(password).await?;
    let now = state.now();
    let new = NewUser {
        email,
        name,
        role,
        password_hash,
        team_ids,
    };
    let user = state
        .db(move |conn| Ok(db::users::create(conn, principal.org, &new, now)?))
        .await?;
    Ok(json_with_etag(
        HttpResponse::Created(),
        user.version,
        &super::view(&user),
    ))
}
