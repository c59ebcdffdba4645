//! `/api/v1/me`: the signed-in user, and changing one's own password.

use actix_web::{get, post, put, HttpResponse};
use api_types::auth::{ChangePassword, Me};
use api_types::outbound::EmailNotifications;
use api_types::users::AvailabilityBody;
use db::record::{self, Visibility};
use db::users::{User, UserChanges};
use domain::password::NewPassword;
use domain::routing::Availability;
use domain::{Email, FieldError};

use crate::auth::{passwords, Caller};
use crate::error::ApiError;
use crate::kit::{Reply, State};
use crate::openapi::Invalid;
use crate::state::AppState;

/// The signed-in user and their organization.
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The signed-in user", body = Me)),
)]
#[get("/me")]
pub async fn me(state: State, caller: Caller) -> Reply {
    let (user, org_name, org) = state
        .run(caller, move |conn, p| {
            let user: User = record::get(conn, p.org, p.user, Visibility::Live)?;
            Ok((user, db::orgs::name(conn, p.org)?, p.org))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Me {
        id: user.id.to_string(),
        email: user.email,
        name: user.name,
        role: user.role.as_str().to_owned(),
        org_id: org.to_string(),
        org_name,
        availability: user.agent.availability.as_str().to_owned(),
    }))
}

/// Change one's own password.
///
/// The current password is checked first; wrong guesses count towards the same lock as
/// failed logins. Every other session of the user ends; this one goes on.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePassword,
    responses(
        (status = 204, description = "Changed"),
        (status = 429, description = "Too many wrong current passwords (`login_locked`)", body = api_types::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
        Invalid,
    ),
)]
#[post("/me/password")]
pub async fn change_password(
    state: State,
    caller: Caller,
    body: crate::extract::Json<ChangePassword>,
) -> Reply {
    let ChangePassword {
        current_password,
        new_password,
    } = body.into_inner();
    let new_password =
        NewPassword::parse("/new_password", &new_password).map_err(ApiError::from)?;
    confirm_own_password(&state, caller, "/current_password", Some(current_password)).await?;
    let hash = passwords::hash_new(&state, new_password).await?;
    let now = state.now();
    state
        .run(caller, move |conn, p| {
            let changes = UserChanges {
                password_hash: Some(hash),
                keep_session: Some(p.session),
                ..UserChanges::default()
            };
            db::users::update(conn, p.org, p.user, None, &changes, now)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Checks the caller's own current password before it is replaced: 422 at `pointer` when it
/// is missing or wrong, 429 while their email is locked. Wrong guesses count like failed
/// logins, so a stolen access token cannot be used to find the password.
pub async fn confirm_own_password(
    state: &AppState,
    caller: Caller,
    pointer: &'static str,
    current: Option<String>,
) -> Result<(), ApiError> {
    let Some(current) = current.filter(|c| !c.is_empty()) else {
        return Err(FieldError::new(
            pointer,
            "required",
            "give your current password to set a new one",
        )
        .into());
    };
    let now = state.now();
    let (hash, email, locked) = state
        .run(caller, move |conn, p| {
            let user: User = record::get(conn, p.org, p.user, Visibility::Live)?;
            let email = Email::parse("/email", &user.email)?;
            let locked =
                db::login_throttle::locked_until(conn, &db::login_throttle::staff(&email), now)?;
            Ok((
                db::users::password_hash(conn, p.org, p.user)?,
                email,
                locked,
            ))
        })
        .await?;
    passwords::refuse_if_locked(locked, now)?;
    if passwords::check(state, current, Some(vec![hash]))
        .await?
        .first()
        .copied()
        .unwrap_or(false)
    {
        return Ok(());
    }
    passwords::count_failure(state, db::login_throttle::staff(&email), now).await?;
    Err(FieldError::new(
        pointer,
        "wrong_password",
        "the current password is not right",
    )
    .into())
}

/// Set one's availability for routing.
///
/// Only available agents receive tickets from their teams' queues; becoming available
/// takes the tickets waiting there at once, up to one's capacity.
#[utoipa::path(
    tag = "auth",
    request_body = AvailabilityBody,
    responses(
        (status = 200, description = "The availability now", body = AvailabilityBody),
        Invalid,
    ),
)]
#[put("/me/availability")]
pub async fn set_availability(
    state: State,
    caller: Caller,
    body: crate::extract::Json<AvailabilityBody>,
) -> Reply {
    let availability =
        Availability::parse("/availability", &body.availability).map_err(ApiError::from)?;
    let now = state.now();
    state
        .run(caller, move |conn, p| {
            let changes = UserChanges {
                availability: Some(availability),
                ..UserChanges::default()
            };
            let user = db::users::update(conn, p.org, p.user, None, &changes, now)?;
            // Separate transactions, after the change: routing locks a queue before an agent.
            // The change stands whatever happens here; a queue missed now is drained by the
            // workers' next pass.
            if availability == Availability::Available {
                for team in user.team_ids {
                    if let Err(e) = crate::desk::routing::drain(conn, p.org, team, now) {
                        tracing::warn!(error = %e, "routing on becoming available failed");
                    }
                }
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Ok().json(AvailabilityBody {
        availability: availability.as_str().to_owned(),
    }))
}

/// The notifications you also get by email (when your organization sends mail).
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "The kinds emailed", body = EmailNotifications)),
)]
#[get("/me/email-notifications")]
pub async fn get_email_notifications(state: State, caller: Caller) -> Reply {
    let kinds = state
        .run(caller, |conn, p| {
            Ok(db::users::email_notifications(conn, p.org, p.user)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(EmailNotifications { kinds }))
}

/// Choose the notifications you also get by email; an empty list turns email off. Each is
/// still shown in the app.
#[utoipa::path(
    tag = "auth",
    request_body = EmailNotifications,
    responses((status = 200, description = "The kinds emailed", body = EmailNotifications), Invalid),
)]
#[put("/me/email-notifications")]
pub async fn set_email_notifications(
    state: State,
    caller: Caller,
    body: crate::extract::Json<EmailNotifications>,
) -> Reply {
    let kinds = domain::outbound::email_notifications("/kinds", &body.into_inner().kinds)
        .map_err(ApiError::from)?;
    let saved = kinds.clone();
    state
        .run(caller, move |conn, p| {
            Ok(db::users::set_email_notifications(
                conn, p.org, p.user, &saved,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(EmailNotifications { kinds }))
}
