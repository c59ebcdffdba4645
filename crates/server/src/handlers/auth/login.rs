use actix_web::{post, web, HttpRequest, HttpResponse};
use api_types::auth::{LoginRequest, RefreshTokenIn, TokenResponse};
use api_types::Problem;
use chrono::Duration;
use domain::Email;

use super::{new_refresh, token_reply};
use crate::auth::passwords;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::limits::SignInAttempt;
use crate::state::AppState;

/// Log in with email and password.
///
/// An unknown email and a wrong password get the same answer. After `login_max_failures`
/// failures in a row an email is locked for `login_lock_seconds`, whether or not a user has
/// it, so a lock reveals nothing; a locked email is refused before its password is checked.
/// Each client address may send `sign_in_per_minute` login and refresh requests a minute.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse,
            headers(("Set-Cookie" = String, description = "The refresh token, when asked for as a cookie"))),
        (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The email is locked after too many failures (`login_locked`), or this address sent too many requests (`rate_limited`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    _: SignInAttempt,
    req: HttpRequest,
    state: web::Data<AppState>,
    body: crate::extract::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest {
        email,
        password,
        refresh_token_in,
    } = body.into_inner();
    let in_cookie = refresh_token_in == Some(RefreshTokenIn::Cookie);
    // A malformed email cannot belong to anyone: answer like any other unknown email.
    let Ok(email) = Email::parse("/email", &email) else {
        passwords::check(&state, password, None).await?;
        return Err(ApiError::InvalidCredentials);
    };
    let now = state.now();
    let lookup = email.clone();
    let (candidates, locked) = state
        .db(move |conn| {
            Ok((
                db::users::credentials_by_email(conn, &lookup)?,
                db::login_throttle::locked_until(conn, &db::login_throttle::staff(&lookup), now)?,
            ))
        })
        .await?;
    passwords::refuse_if_locked(locked, now)?;
    let hashes = candidates.iter().map(|c| c.password_hash.clone()).collect();
    let matches = passwords::check(&state, password, Some(hashes)).await?;
    let user = candidates
        .into_iter()
        .zip(matches)
        .find_map(|(c, ok)| (ok && c.active).then_some(c));
    let Some(user) = user else {
        passwords::count_failure(&state, db::login_throttle::staff(&email), now).await?;
        return Err(ApiError::InvalidCredentials);
    };
    let (org, user_id, role) = (user.org_id, user.user_id, user.role);
    let (refresh, refresh_hash) = new_refresh(org);
    let expires = now + Duration::seconds(state.settings.refresh_token_seconds);
    let session = state
        .db(move |conn| {
            db::login_throttle::clear(conn, &db::login_throttle::staff(&email))?;
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
    token_reply(&req, &state, caller, refresh, in_cookie, now)
}
