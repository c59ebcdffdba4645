//! The only place that talks HTTP: the REST API under `/api/v1`, with the caller's tokens.
//!
//! The access token lives in memory; the refresh token in `localStorage`, so a reload keeps
//! the session. A request whose access token is missing, about to expire or refused (401)
//! refreshes once, transparently; concurrent requests share that one refresh, because the
//! server treats a refresh token used twice as stolen and ends the session.

pub mod accounts;
pub mod contacts;
pub mod session;

use std::cell::RefCell;

use api_types::Problem;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use session::Session;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem (RFC 9457).
    Problem(Problem),
    /// The session is over (refresh refused); the user must log in again.
    SessionExpired,
    /// The server could not be reached or answered something unreadable.
    Network(String),
}

impl ApiError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(p) => Some(p.status),
            _ => None,
        }
    }

    /// A sentence for the user.
    pub fn message(&self) -> String {
        match self {
            ApiError::Problem(p) => p.detail.clone().unwrap_or_else(|| p.title.clone()),
            ApiError::SessionExpired => "Your session has ended. Please log in again.".into(),
            ApiError::Network(_) => {
                "Rapport cannot be reached. Check your connection and try again.".into()
            }
        }
    }

    /// Whether someone else changed the record since it was read (412).
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(412)
    }

    /// The field errors, as (JSON pointer, message).
    pub fn field_errors(&self) -> Vec<(String, String)> {
        match self {
            ApiError::Problem(p) => p
                .errors
                .iter()
                .map(|e| (e.pointer.clone(), e.detail.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A successful answer: the body and, for single records, the `ETag`.
pub struct Answer<T> {
    /// The body.
    pub body: T,
    /// The `ETag` header, if any.
    pub etag: Option<String>,
}

type Refresh = Shared<LocalBoxFuture<'static, bool>>;

thread_local! {
    static REFRESHING: RefCell<Option<Refresh>> = const { RefCell::new(None) };
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

async fn send(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&serde_json::Value>,
    if_match: Option<&str>,
) -> Result<reqwest::Response, ApiError> {
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", origin()));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(etag) = if_match {
        request = request.header("If-Match", etag);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

async fn problem(response: reqwest::Response) -> ApiError {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Problem(Problem {
            type_uri: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: None,
            code: "http_error".into(),
            errors: Vec::new(),
        }),
    }
}

/// Refreshes the access token once for everyone waiting; `false` when the session is over.
async fn refresh(session: &Session) -> bool {
    let shared = REFRESHING.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                let session = *session;
                async move {
                    let ok = session.refresh().await;
                    REFRESHING.with(|cell| cell.borrow_mut().take());
                    ok
                }
                .boxed_local()
                .shared()
            })
            .clone()
    });
    shared.await
}

/// Calls the API as the signed-in user.
pub async fn call<T: DeserializeOwned>(
    session: &Session,
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
    if_match: Option<&str>,
) -> Result<Answer<T>, ApiError> {
    let body = body
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let mut retried = false;
    loop {
        if session.access_token_fresh().is_none() && !refresh(session).await {
            session.expire();
            return Err(ApiError::SessionExpired);
        }
        let token = session.access_token_fresh();
        let response = send(
            method.clone(),
            path,
            token.as_deref(),
            body.as_ref(),
            if_match,
        )
        .await?;
        if response.status() == StatusCode::UNAUTHORIZED && !retried {
            retried = true;
            session.forget_access_token();
            continue;
        }
        if !response.status().is_success() {
            return Err(problem(response).await);
        }
        let etag = response
            .headers()
            .get("ETag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = if response.status() == StatusCode::NO_CONTENT {
            serde_json::from_value(serde_json::Value::Null)
        } else {
            response
                .json::<serde_json::Value>()
                .await
                .map_err(|e| ApiError::Network(e.to_string()))
                .map(serde_json::from_value)?
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        return Ok(Answer { body, etag });
    }
}

/// `GET path`.
pub async fn get<T: DeserializeOwned>(
    session: &Session,
    path: &str,
) -> Result<Answer<T>, ApiError> {
    call(session, Method::GET, path, None::<&()>, None).await
}

/// A query string from pairs, leaving out empty values.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// Shared by the calls that do not need a session (login, refresh, logout).
pub(crate) async fn public<T: DeserializeOwned>(
    path: &str,
    body: &impl Serialize,
) -> Result<Option<T>, ApiError> {
    let body = serde_json::to_value(body).map_err(|e| ApiError::Network(e.to_string()))?;
    let response = send(Method::POST, path, None, Some(&body), None).await?;
    if !response.status().is_success() {
        return Err(problem(response).await);
    }
    if response.status() == StatusCode::NO_CONTENT {
        return Ok(None);
    }
    response
        .json::<T>()
        .await
        .map(Some)
        .map_err(|e| ApiError::Network(e.to_string()))
}
