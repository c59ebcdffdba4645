use actix_web::{post, web, HttpResponse};
use api_types::auth::{LoginRequest, TokenResponse};
use api_types::Problem;
use chrono::Duration;
use domain::Email;

use super::{new_refresh, token_response};
use crate::auth::passwords;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// Log in with email and password.
///
/// An unknown email and a wrong password get the same answer. After
/// `login_max_failures` failures in a row the user is locked for `login_lock_seconds`; an
/// email without a user is locked the same way, so a lock reveals nothing.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong email or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Locked after too many failures", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.into_inner();
    // A malformed email cannot belong to anyone: answer like any other unknown email.
    let Ok(email) = Email::parse("/email", &email) else {
        passwords::verify(&password, passwords::decoy_hash());
        return Err(ApiError::InvalidCredentials);
    };
    let now = state.now();
    let settings = state.settings.clone();
    let lookup = email.clone();
    let (candidates, unknown_locked) = state
        .db(move |conn| {
            let candidates = db::users::credentials_by_email(conn, &lookup)?;
            let locked = if candidates.is_empty() {
                db::login_throttle::locked_until(conn, &lookup, now)?
            } else {
                None
            };
            Ok((candidates, locked))
        })
        .await?;
    let password_check = password.clone();
    // Argon2 is deliberately slow: run it off the async workers.
    let verdicts = web::block(move || {
        if candidates.is_empty() {
            passwords::verify(&password_check, passwords::decoy_hash());
        }
        candidates
            .into_iter()
            .map(|c| (passwords::verify(&password_check, &c.password_hash), c))
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;

    if let Some(locked) = verdicts
        .iter()
        .find_map(|(_, c)| c.locked_until.filter(|until| *until > now))
        .or(unknown_locked)
    {
        return Err(ApiError::LoginLocked((locked - now).num_seconds().max(1)));
    }
    let Some((_, user)) = verdicts.iter().find(|(ok, c)| *ok && c.active) else {
        let failed: Vec<_> = verdicts.into_iter().map(|(_, c)| c).collect();
        state
            .db(move |conn| {
                if failed.is_empty() {
                    // No such user: count and lock the email all the same.
                    db::login_throttle::record_failure(
                        conn,
                        &email,
                        settings.login_max_failures,
                        Duration::seconds(settings.login_lock_seconds),
                        now,
                    )?;
                }
                for c in failed {
                    let failures = c.failed_logins + 1;
                    let lock = (failures >= settings.login_max_failures)
                        .then(|| now + Duration::seconds(settings.login_lock_seconds));
                    db::users::record_failed_login(
                        conn,
                        c.org_id,
                        c.user_id,
                        if lock.is_some() { 0 } else { failures },
                        lock,
                    )?;
                }
                Ok(())
            })
            .await?;
        return Err(ApiError::InvalidCredentials);
    };
    let (org, user_id, role) = (user.org_id, user.user_id, user.role);
    let (refresh, refresh_hash) = new_refresh(org);
    let expires = now + Duration::seconds(state.settings.refresh_token_seconds);
    let session = state
        .db(move |conn| {
            db::users::record_successful_login(conn, org, user_id)?;
            Ok(db::sessions::create(
                conn,
                org,
                user_id,
                &refresh_hash,
                now,
                expires,
            )?)
        })
        .await?;
    let caller = Caller::new(org, user_id, session, role);
    Ok(HttpResponse::Ok().json(token_response(&state, caller, refresh, now)?))
}
