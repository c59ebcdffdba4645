//! Signing in to the portal: with a password, by accepting an invitation, and refreshing
//! and ending a portal session. Each names the partner whose portal the customer is in.

use actix_web::{post, HttpResponse};
use api_types::auth::TokenResponse;
use api_types::portal::{AcceptInvitation, PortalLogin, PortalRefresh};
use api_types::Problem;
use chrono::{DateTime, Duration, Utc};
use db::portal::partners::Partner;
use db::portal::sessions::Rotation;
use domain::password::NewPassword;
use domain::{Email, OrgId, PartnerId, PortalUserId};

use crate::auth::{passwords, tokens, PortalCaller};
use crate::error::ApiError;
use crate::extract::Json;
use crate::kit::{Reply, State};
use crate::limits::SignInAttempt;
use crate::openapi::Invalid;
use crate::state::AppState;

/// A sign-in through a portal that does not exist (or no longer): 401, like any sign-in
/// whose credentials do not hold.
fn unknown_partner() -> ApiError {
    ApiError::Unauthenticated("no portal has this partner key")
}

/// The live partner a key names.
pub(super) async fn partner(state: &AppState, key: &str) -> Result<(OrgId, Partner), ApiError> {
    super::live_partner(state, key)
        .await?
        .ok_or_else(unknown_partner)
}

/// Starts a session for a portal user through a partner and answers its tokens.
pub(super) async fn start_session(
    state: &AppState,
    org: OrgId,
    (user, partner): (PortalUserId, PartnerId),
    now: DateTime<Utc>,
) -> Reply {
    let (refresh, refresh_hash) = new_refresh(org);
    let expires = now + Duration::seconds(state.settings.refresh_token_seconds);
    let role = state
        .db(move |conn| {
            let user = db::record::get::<db::portal::users::PortalUser>(
                conn,
                org,
                user,
                db::record::Visibility::Live,
            )?;
            Ok(user.fields.role)
        })
        .await?;
    let session = state
        .db(move |conn| {
            Ok(db::portal::sessions::create(
                conn,
                org,
                (user, partner),
                &refresh_hash,
                now,
                expires,
            )?)
        })
        .await?;
    let caller = PortalCaller::new(org, (user, session), partner, role);
    token_reply(state, caller, refresh, now)
}

fn new_refresh(org: OrgId) -> (String, String) {
    let token = tokens::new_portal_refresh_token(org);
    let hash = tokens::hash_refresh_token(&token);
    (token, hash)
}

fn token_reply(
    state: &AppState,
    caller: PortalCaller,
    refresh: String,
    now: DateTime<Utc>,
) -> Reply {
    Ok(HttpResponse::Ok().json(TokenResponse {
        access_token: state.tokens.issue_portal(caller, now)?,
        token_type: "Bearer".to_owned(),
        expires_in: state.tokens.access_seconds,
        refresh_token: Some(refresh),
        refresh_expires_in: state.settings.refresh_token_seconds,
    }))
}

/// Sign in to a partner's portal with email and password.
///
/// The same rules as staff sign-ins: an unknown email and a wrong password get the same
/// answer; after `login_max_failures` failures in a row an email is locked for
/// `login_lock_seconds`; each client address may send `sign_in_per_minute` sign-in requests
/// a minute. A portal user who has not accepted their invitation has no password yet.
#[utoipa::path(
    tag = "portal",
    request_body = PortalLogin,
    responses(
        (status = 200, description = "Signed in: a portal access token and a refresh token", body = TokenResponse),
        (status = 401, description = "Wrong email or password (`invalid_credentials`), or no portal has the partner key (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The email is locked after too many failures (`login_locked`), or this address sent too many requests (`rate_limited`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    )
)]
#[post("/portal/auth/login")]
pub async fn portal_login(_: SignInAttempt, state: State, body: Json<PortalLogin>) -> Reply {
    let PortalLogin {
        partner_key,
        email,
        password,
    } = body.into_inner();
    let (org, partner) = partner(&state, &partner_key).await?;
    let Ok(email) = Email::parse("/email", &email) else {
        passwords::check(&state, password, None).await?;
        return Err(ApiError::InvalidCredentials);
    };
    let now = state.now();
    let lookup = email.clone();
    let (found, locked) = state
        .db(move |conn| {
            Ok((
                db::portal::passwords::credentials(conn, org, &lookup)?,
                db::login_throttle::locked_until(
                    conn,
                    &db::login_throttle::portal(org, &lookup),
                    now,
                )?,
            ))
        })
        .await?;
    passwords::refuse_if_locked(locked, now)?;
    let hash = found.as_ref().and_then(|c| c.password_hash.clone());
    let matches = passwords::check(&state, password, hash.map(|h| vec![h])).await?;
    let user = found.filter(|c| c.active && matches.first() == Some(&true));
    let Some(user) = user else {
        passwords::count_failure(&state, db::login_throttle::portal(org, &email), now).await?;
        return Err(ApiError::InvalidCredentials);
    };
    state
        .db(move |conn| {
            Ok(db::login_throttle::clear(
                conn,
                &db::login_throttle::portal(org, &email),
            )?)
        })
        .await?;
    start_session(&state, org, (user.id, partner.id), now).await
}

/// Accept a portal invitation: set a password and sign in.
///
/// The invitation's token works once and until it expires (401 after, as for an unknown
/// partner key). It also ends a lockout of the address after too many wrong passwords.
#[utoipa::path(
    tag = "portal",
    request_body = AcceptInvitation,
    responses(
        (status = 200, description = "The password is set and the customer signed in", body = TokenResponse),
        (status = 401, description = "The invitation was used or has expired, or no portal has the partner key (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        Invalid,
        (status = 429, description = "This address sent too many sign-in requests (`rate_limited`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    )
)]
#[post("/portal/auth/invitation")]
pub async fn accept_invitation(
    _: SignInAttempt,
    state: State,
    body: Json<AcceptInvitation>,
) -> Reply {
    let AcceptInvitation {
        partner_key,
        token,
        password,
    } = body.into_inner();
    let (org, partner) = partner(&state, &partner_key).await?;
    let password = NewPassword::parse("/password", &password)?;
    let invalid = || {
        ApiError::Unauthenticated("this invitation has been used or has expired; ask for a new one")
    };
    if tokens::invitation_token_org(&token) != Some(org) {
        return Err(invalid());
    }
    let token_hash = tokens::hash_secret(&token);
    let now = state.now();
    // The token first: only a pending invitation costs the server a password hash.
    let lookup = token_hash.clone();
    let pending = state
        .db(move |conn| {
            Ok(db::portal::passwords::invitation_pending(
                conn, org, &lookup, now,
            )?)
        })
        .await?;
    if !pending {
        return Err(invalid());
    }
    let password_hash = passwords::hash_new(&state, password).await?;
    let user = state
        .db(move |conn| {
            let Some(user) = db::portal::passwords::accept_invitation(
                conn,
                org,
                &token_hash,
                &password_hash,
                now,
            )?
            else {
                return Ok(None);
            };
            // A new password ends a lockout earned by guesses at the old one.
            let found: db::portal::users::PortalUser =
                db::record::get(conn, org, user, db::record::Visibility::Live)?;
            db::login_throttle::clear(conn, &db::login_throttle::portal(org, &found.fields.email))?;
            Ok(Some(user))
        })
        .await?
        .ok_or_else(invalid)?;
    start_session(&state, org, (user, partner.id), now).await
}

/// Exchange a portal refresh token for new tokens.
///
/// Each refresh token works once; presenting one that was already exchanged ends the
/// session, because it means the token was copied.
#[utoipa::path(
    tag = "portal",
    request_body = PortalRefresh,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "Unknown, used, expired or revoked (`invalid_refresh_token`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "This address sent too many sign-in requests (`rate_limited`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    )
)]
#[post("/portal/auth/refresh")]
pub async fn portal_refresh(_: SignInAttempt, state: State, body: Json<PortalRefresh>) -> Reply {
    let presented = body.into_inner().refresh_token;
    let org = tokens::portal_refresh_token_org(&presented).ok_or(ApiError::InvalidRefreshToken)?;
    let presented_hash = tokens::hash_refresh_token(&presented);
    let (refresh, refresh_hash) = new_refresh(org);
    let now = state.now();
    let caller = state
        .db(move |conn| {
            let rotation =
                db::portal::sessions::rotate(conn, org, &presented_hash, &refresh_hash, now)?;
            let Rotation::Rotated {
                user,
                session,
                partner,
            } = rotation
            else {
                if rotation == Rotation::Reused {
                    tracing::warn!(org = %org, "portal refresh token reused; session revoked");
                }
                return Ok(None);
            };
            // The new access token carries the role as it is now.
            let found = db::portal::users::session_user(conn, org, (user, session, partner), now)?;
            Ok(found.map(|u| PortalCaller::new(org, (user, session), partner, u.role)))
        })
        .await?
        .ok_or(ApiError::InvalidRefreshToken)?;
    token_reply(&state, caller, refresh, now)
}

/// End a portal session.
///
/// Its refresh token stops working at once; access tokens already issued stop at their
/// next request, which confirms the session. Unknown tokens are ignored.
#[utoipa::path(
    tag = "portal",
    request_body = PortalRefresh,
    responses((status = 204, description = "Signed out")),
)]
#[post("/portal/auth/logout")]
pub async fn portal_logout(state: State, body: Json<PortalRefresh>) -> Reply {
    let presented = body.into_inner().refresh_token;
    if let Some(org) = tokens::portal_refresh_token_org(&presented) {
        let hash = tokens::hash_refresh_token(&presented);
        let now = state.now();
        state
            .db(move |conn| Ok(db::portal::sessions::revoke(conn, org, &hash, now)?))
            .await?;
    }
    Ok(HttpResponse::NoContent().finish())
}
