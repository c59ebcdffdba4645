use crate::extract::Json;
use actix_web::post;
use api_types::users::{CreateUser, User};
use db::users::{AgentSettings, NewUser};
use domain::password::NewPassword;
use domain::{text, Email, Role, Violations};

use crate::auth::{passwords, Caller};
use crate::error::ApiError;
use crate::kit::{self, Reply, State};
use crate::openapi::Invalid;

/// Create a staff user.
#[utoipa::path(
    tag = "users",
    request_body = CreateUser,
    responses(
        (status = 201, description = "Created", body = User, headers(("ETag" = String), ("Location" = String))),
        (status = 409, description = "Email already used", body = api_types::Problem, content_type = "application/problem+json"),
        Invalid,
    ),
)]
#[post("/users")]
pub async fn create_user(state: State, caller: Caller, body: Json<CreateUser>) -> Reply {
    let body = body.into_inner();
    let mut v = Violations::new();
    let email = v.check(Email::parse("/email", &body.email));
    let name = v.check(text::required("/name", &body.name, 200));
    let role = v.check(Role::parse("/role", &body.role));
    let password = v.check(NewPassword::parse("/password", &body.password));
    let team_ids = v.check(super::team_ids(&body.team_ids));
    let skills = v.check(super::skills(&body.skills));
    let capacity = v.check_opt(body.capacity, super::capacity);
    let (email, name, role, password, team_ids, skills) = v
        .finish(|| Some((email?, name?, role?, password?, team_ids?, skills?)))
        .map_err(ApiError::from)?;
    let password_hash = passwords::hash_new(&state, password).await?;
    let now = state.now();
    let new = NewUser {
        email,
        name,
        role,
        password_hash,
        team_ids,
        agent: AgentSettings {
            capacity,
            skills,
            ..AgentSettings::default()
        },
    };
    let user = state
        .run(caller, move |conn, p| {
            Ok(db::users::create(conn, p.org, &new, now)?)
        })
        .await?;
    let location = format!("/api/v1/users/{}", user.id);
    Ok(kit::created(location, user.version, &super::view(&user)))
}
