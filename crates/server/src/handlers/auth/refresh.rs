use actix_web::{post, web, HttpRequest, HttpResponse};
use api_types::auth::{RefreshRequest, TokenResponse};
use api_types::Problem;
use db::sessions::Rotation;

use super::{new_refresh, presented_refresh, token_reply};
use crate::auth::tokens;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::limits::SignInAttempt;
use crate::state::AppState;

/// Exchange a refresh token for new tokens.
///
/// Each refresh token works once. Presenting one that was already used revokes the whole
/// session, because it means the token was copied. A token that came in the cookie is
/// answered with the next one in the cookie.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse,
            headers(("Set-Cookie" = String, description = "The next refresh token, when it came as a cookie"))),
        (status = 401, description = "Unknown, used, expired or revoked (`invalid_refresh_token`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "This address sent too many sign-in requests (`rate_limited`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    _: SignInAttempt,
    req: HttpRequest,
    state: web::Data<AppState>,
    body: crate::extract::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let (presented, in_cookie) =
        presented_refresh(&req, body.into_inner()).ok_or(ApiError::InvalidRefreshToken)?;
    let org = tokens::refresh_token_org(&presented).ok_or(ApiError::InvalidRefreshToken)?;
    let presented_hash = tokens::hash_refresh_token(&presented);
    let (refresh, refresh_hash) = new_refresh(org);
    let now = state.now();
    let rotation = state
        .db(move |conn| {
            let rotation = db::sessions::rotate(conn, org, &presented_hash, &refresh_hash, now)?;
            // The user must still be active; the new access token carries the current role.
            let Rotation::Rotated {
                user_id,
                session_id,
            } = rotation
            else {
                return Ok(Err(rotation));
            };
            Ok(
                match db::users::session_user(conn, org, user_id, session_id, now)? {
                    Some(user) => Ok(Caller::new(org, user_id, session_id, user.role)),
                    None => Err(Rotation::Invalid),
                },
            )
        })
        .await?;
    match rotation {
        Ok(caller) => token_reply(&req, &state, caller, refresh, in_cookie, now),
        Err(Rotation::Reused) => {
            tracing::warn!(org = %org, "refresh token reused; session revoked");
            Err(ApiError::InvalidRefreshToken)
        }
        Err(_) => Err(ApiError::InvalidRefreshToken),
    }
}
