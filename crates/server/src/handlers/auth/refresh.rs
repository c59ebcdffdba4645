use actix_web::{post, web, HttpResponse};
use api_types::auth::{RefreshRequest, TokenResponse};
use api_types::Problem;
use db::sessions::Rotation;

use super::{new_refresh, token_response};
use crate::auth::tokens;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// Exchange a refresh token for new tokens.
///
/// Each refresh token works once. Presenting one that was already used revokes the whole
/// session, because it means the token was copied.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "Unknown, used, expired or revoked", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let presented = body.into_inner().refresh_token;
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
        Ok(caller) => Ok(HttpResponse::Ok().json(token_response(&state, caller, refresh, now)?)),
        Err(Rotation::Reused) => {
            tracing::warn!(org = %org, "refresh token reused; session revoked");
            Err(ApiError::InvalidRefreshToken)
        }
        Err(_) => Err(ApiError::InvalidRefreshToken),
    }
}
