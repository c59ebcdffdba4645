use actix_web::{post, web, HttpRequest, HttpResponse};
use api_types::auth::RefreshRequest;
use api_types::Problem;

use super::{forget_cookie, presented_refresh};
use crate::auth::tokens;
use crate::error::ApiError;
use crate::state::AppState;

/// Log out: ends the session of the refresh token (from the body or the cookie), and with it
/// every access token issued for that session; the cookie is deleted.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Logged out (also when the token was already invalid)"),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: crate::extract::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let Some((presented, in_cookie)) = presented_refresh(&req, body.into_inner()) else {
        return Ok(HttpResponse::NoContent().finish());
    };
    if let Some(org) = tokens::refresh_token_org(&presented) {
        let hash = tokens::hash_refresh_token(&presented);
        let now = state.now();
        state
            .db(move |conn| Ok(db::sessions::revoke_by_token(conn, org, &hash, now)?))
            .await?;
    }
    let mut response = HttpResponse::NoContent();
    forget_cookie(&req, &mut response, in_cookie);
    Ok(response.finish())
}
