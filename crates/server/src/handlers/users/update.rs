use actix_web::{patch, web, HttpResponse};
use api_types::users::{UpdateUser, User};
use api_types::Problem;
use db::users::UserChanges;
use domain::password::NewPassword;
use domain::{text, Role, UserId, Violations};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, IfMatch};
use crate::state::AppState;

/// Change a staff user: name, role, teams, password, or deactivate.
///
/// Deactivating a user or setting a new password ends all their sessions at once. Admins
/// cannot deactivate themselves or take away their own admin role.
#[utoipa::path(
    tag = "users",
    params(
        ("id" = String, Path, description = "User id"),
        ("If-Match" = Option<String>, Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateUser,
    responses(
        (status = 200, description = "The changed user", body = User, headers(("ETag" = String))),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<String>,
    if_match: IfMatch,
    body: web::Json<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    let user_id: UserId = path_id(&id)?;
    let body = body.into_inner();
    let mut v = Violations::new();
    let name = v.check_opt(body.name, |n| text::required("/name", &n, 200));
    let role = v.check_opt(body.role, |r| Role::parse("/role", &r));
    let team_ids = v.check_opt(body.team_ids, |t| super::team_ids(&t));
    let password = v.check_opt(body.password, |p| NewPassword::parse("/password", &p));
    if user_id == principal.user {
        if body.active == Some(false) {
            v.push(domain::FieldError::new(
                "/active",
                "cannot_deactivate_self",
                "you cannot deactivate yourself",
            ));
        }
        if role.is_some_and(|r| r != Role::Admin) {
            v.push(domain::FieldError::new(
                "/role",
                "cannot_demote_self",
                "you cannot take away your own admin role",
            ));
        }
    }
    if !v.is_empty() {
        return Err(v.into());
    }
    let password_hash = match password {
        Some(p) => Some(super::hash_password(p).await?),
        None => None,
    };
    let changes = UserChanges {
        name,
        role,
        active: body.active,
        team_ids,
        password_hash,
    };
    let now = state.now();
    let user = state
        .db(move |conn| {
            Ok(db::users::update(
                conn,
                principal.org,
                user_id,
                if_match.0,
                &changes,
                now,
            )?)
        })
        .await?;
    Ok(json_with_etag(
        HttpResponse::Ok(),
        user.version,
        &super::view(&user),
    ))
}
