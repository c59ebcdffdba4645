//! `/api/v1/auth`: logging in, refreshing and logging out.

pub mod login;
pub mod logout;
pub mod refresh;

use api_types::auth::TokenResponse;
use chrono::{DateTime, Utc};
use domain::OrgId;

use crate::auth::{tokens, Access, Caller, Routes};
use crate::error::ApiError;
use crate::state::AppState;

/// The sign-in routes, open to everyone, and `/me`.
pub fn routes(r: &mut Routes) {
    r.add(login::login, Access::Public)
        .add(refresh::refresh, Access::Public)
        .add(logout::logout, Access::Public)
        .add(super::me::me, Access::Staff);
}

/// The token answer for a session.
pub fn token_response(
    state: &AppState,
    caller: Caller,
    refresh_token: String,
    now: DateTime<Utc>,
) -> Result<TokenResponse, ApiError> {
    Ok(TokenResponse {
        access_token: state.tokens.issue(caller, now)?,
        token_type: "Bearer".to_owned(),
        expires_in: state.tokens.access_seconds,
        refresh_token,
        refresh_expires_in: state.settings.refresh_token_seconds,
    })
}

/// A fresh refresh token for an organization and its stored hash.
pub fn new_refresh(org: OrgId) -> (String, String) {
    let token = tokens::new_refresh_token(org);
    let hash = tokens::hash_refresh_token(&token);
    (token, hash)
}
