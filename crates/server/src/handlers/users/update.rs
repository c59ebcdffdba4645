use actix_web::web::Path;

use crate::extract::Json;
use actix_web::{patch, HttpResponse};
use api_types::patch::Patch;
use api_types::users::{UpdateUser, User};
use db::users::UserChanges;
use domain::password::NewPassword;
use domain::routing::Availability;
use domain::{text, Role, UserId, Violations};

use crate::auth::{passwords, Caller};
use crate::extract::{json_with_etag, path_id, IfMatch};
use crate::handlers::me::confirm_own_password;
use crate::kit::{Reply, State, View};
use crate::openapi::{self, Id, Invalid};

/// Change a staff user: name, role, teams, routing (availability, capacity, skills),
/// password, or deactivate.
///
/// Deactivating a user or setting a new password ends all their sessions at once. Admins
/// cannot deactivate themselves or take away their own admin role; to set their own password
/// they give `current_password`, and their other sessions end.
#[utoipa::path(
    tag = "users",
    params(Id, openapi::IfMatch),
    request_body = UpdateUser,
    responses(
        (status = 200, description = "The changed user", body = User, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: State,
    caller: Caller,
    id: Path<String>,
    if_match: IfMatch,
    body: Json<UpdateUser>,
) -> Reply {
    let user_id: UserId = path_id(&id)?;
    let body = body.into_inner();
    let mut v = Violations::new();
    let name = v.check_opt(body.name, |n| text::required("/name", &n, 200));
    let role = v.check_opt(body.role, |r| Role::parse("/role", &r));
    let team_ids = v.check_opt(body.team_ids, |t| super::team_ids(&t));
    let password = v.check_opt(body.password, |p| NewPassword::parse("/password", &p));
    let availability = v.check_opt(body.availability, |a| {
        Availability::parse("/availability", &a)
    });
    let skills = v.check_opt(body.skills, |s| super::skills(&s));
    let capacity = match body.capacity {
        Patch::Absent => None,
        Patch::Null => Some(None),
        Patch::Value(c) => v.check(super::capacity(c)).map(Some),
    };
    // The session is confirmed below, in the same trip as the change.
    if user_id == caller.user() {
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
    let own_password = user_id == caller.user() && password.is_some();
    if own_password {
        confirm_own_password(&state, caller, "/current_password", body.current_password).await?;
    }
    let password_hash = match password {
        Some(p) => Some(passwords::hash_new(&state, p).await?),
        None => None,
    };
    let changes = UserChanges {
        name,
        role,
        active: body.active,
        team_ids,
        availability,
        capacity,
        skills,
        password_hash,
        keep_session: None,
    };
    let now = state.now();
    let (version, body) = state
        .run(caller, move |conn, p| {
            let changes = UserChanges {
                keep_session: own_password.then_some(p.session),
                ..changes
            };
            let user = db::users::update(conn, p.org, user_id, if_match.0, &changes, now)?;
            Ok((user.version, db::users::User::view(conn, p.org, &user)?))
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), version, &body))
}
