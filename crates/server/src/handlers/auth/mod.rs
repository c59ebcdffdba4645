//! `/api/v1/auth`: logging in, refreshing and logging out.

pub mod login;
pub mod logout;
pub mod refresh;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use api_types::auth::{RefreshRequest, TokenResponse};
use chrono::{DateTime, Utc};
use domain::OrgId;

use crate::auth::{tokens, Access, Access::Permission as Can, Caller, Routes};
use crate::error::ApiError;
use crate::state::AppState;
use domain::Permission::WriteTickets;

/// The sign-in routes, open to everyone, and `/me`.
pub fn routes(r: &mut Routes) {
    r.add(login::login, Access::Public)
        .add(refresh::refresh, Access::Public)
        .add(logout::logout, Access::Public)
        .add(super::me::me, Access::Staff)
        .add(super::me::change_password, Access::Staff)
        .add(super::me::get_email_notifications, Access::Staff)
        .add(super::me::set_email_notifications, Access::Staff)
        .add(super::me::set_availability, Can(WriteTickets));
}

/// The cookie that carries a browser app's refresh token.
pub const REFRESH_COOKIE: &str = "rapport_refresh";

/// Where the cookie is sent: the sign-in routes only, never to the rest of the API.
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

/// The refresh token a request presents: from the body, or else from the cookie (then
/// `true`, and the answer sets the next one as a cookie too).
pub fn presented_refresh(req: &HttpRequest, body: RefreshRequest) -> Option<(String, bool)> {
    if let Some(token) = body.refresh_token {
        return Some((token, false));
    }
    req.headers()
        .get_all(header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == REFRESH_COOKIE)
        .map(|(_, value)| (value.to_owned(), true))
}

/// A `Set-Cookie` value for the refresh token (or, with `None`, one that deletes it).
fn refresh_cookie(req: &HttpRequest, token: Option<&str>, max_age: i64) -> String {
    let secure = if req.connection_info().scheme() == "https" {
        "; Secure"
    } else {
        ""
    };
    let (value, max_age) = token.map_or(("", 0), |t| (t, max_age));
    format!(
        "{REFRESH_COOKIE}={value}; Path={REFRESH_COOKIE_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    )
}

/// An answer that deletes the refresh cookie, if the request used one.
pub fn forget_cookie(req: &HttpRequest, response: &mut HttpResponseBuilder, in_cookie: bool) {
    if in_cookie {
        response.insert_header((header::SET_COOKIE, refresh_cookie(req, None, 0)));
    }
}

/// The token answer for a session: the refresh token in the body, or as the cookie.
pub fn token_reply(
    req: &HttpRequest,
    state: &AppState,
    caller: Caller,
    refresh_token: String,
    in_cookie: bool,
    now: DateTime<Utc>,
) -> Result<HttpResponse, ApiError> {
    let seconds = state.settings.refresh_token_seconds;
    let body = TokenResponse {
        access_token: state.tokens.issue(caller, now)?,
        token_type: "Bearer".to_owned(),
        expires_in: state.tokens.access_seconds,
        refresh_token: (!in_cookie).then(|| refresh_token.clone()),
        refresh_expires_in: seconds,
    };
    let mut response = HttpResponse::Ok();
    if in_cookie {
        response.insert_header((
            header::SET_COOKIE,
            refresh_cookie(req, Some(&refresh_token), seconds),
        ));
    }
    Ok(response.json(body))
}

/// A fresh refresh token for an organization and its stored hash.
pub fn new_refresh(org: OrgId) -> (String, String) {
    let token = tokens::new_refresh_token(org);
    let hash = tokens::hash_refresh_token(&token);
    (token, hash)
}
