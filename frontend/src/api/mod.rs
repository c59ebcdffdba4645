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
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;

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

/// A response: status, `ETag` and body text.
struct Reply {
    status: u16,
    etag: Option<String>,
    text: String,
}

fn js_error(error: wasm_bindgen::JsValue) -> ApiError {
    ApiError::Network(format!("{error:?}"))
}

/// One HTTP exchange through the browser's `fetch` (same origin, JSON).
async fn send(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
    if_match: Option<&str>,
) -> Result<Reply, ApiError> {
    let headers = web_sys::Headers::new().map_err(js_error)?;
    headers
        .set("Accept", "application/json")
        .map_err(js_error)?;
    if let Some(token) = token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(js_error)?;
    }
    if let Some(etag) = if_match {
        headers.set("If-Match", etag).map_err(js_error)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(js_error)?;
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(path, &init))
            .await
            .map_err(js_error)?
            .unchecked_into();
    let etag = response.headers().get("ETag").ok().flatten();
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    Ok(Reply {
        status: response.status(),
        etag,
        text,
    })
}

fn problem(reply: &Reply) -> ApiError {
    serde_json::from_str::<Problem>(&reply.text)
        .map(ApiError::Problem)
        .unwrap_or_else(|_| {
            ApiError::Problem(Problem {
                type_uri: "about:blank".into(),
                title: format!("HTTP {}", reply.status),
                status: reply.status,
                detail: None,
                code: "http_error".into(),
                errors: Vec::new(),
            })
        })
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    // An empty body (204) reads as JSON null.
    serde_json::from_str(if text.is_empty() { "null" } else { text })
        .map_err(|e| ApiError::Network(e.to_string()))
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
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
    if_match: Option<&str>,
) -> Result<Answer<T>, ApiError> {
    let body = body
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let mut retried = false;
    loop {
        if session.access_token_fresh().is_none() && !refresh(session).await {
            session.expire();
            return Err(ApiError::SessionExpired);
        }
        let token = session.access_token_fresh();
        let reply = send(method, path, token.as_deref(), body.as_deref(), if_match).await?;
        if reply.status == 401 && !retried {
            retried = true;
            session.forget_access_token();
            continue;
        }
        if !(200..300).contains(&reply.status) {
            return Err(problem(&reply));
        }
        return Ok(Answer {
            body: parse(&reply.text)?,
            etag: reply.etag,
        });
    }
}

/// `GET path`.
pub async fn get<T: DeserializeOwned>(
    session: &Session,
    path: &str,
) -> Result<Answer<T>, ApiError> {
    call(session, "GET", path, None::<&()>, None).await
}

/// Moves a record of `collection` (`accounts`, `contacts`) to the trash.
pub async fn delete(session: &Session, collection: &str, id: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/{collection}/{id}");
    call::<serde_json::Value>(session, "DELETE", &path, None::<&()>, None).await?;
    Ok(())
}

/// Brings a record of `collection` back from the trash.
pub async fn restore(session: &Session, collection: &str, id: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/{collection}/{id}/restore");
    call::<serde_json::Value>(session, "POST", &path, Some(&serde_json::json!({})), None).await?;
    Ok(())
}

/// Adds a note to a record of `collection`.
pub async fn add_note(
    session: &Session,
    collection: &str,
    id: &str,
    body: &str,
) -> Result<api_types::notes::Note, ApiError> {
    let path = format!("/api/v1/{collection}/{id}/notes");
    let note = api_types::notes::CreateNote {
        body: body.to_owned(),
    };
    Ok(call(session, "POST", &path, Some(&note), None).await?.body)
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
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))?;
    let reply = send("POST", path, None, Some(&body), None).await?;
    if !(200..300).contains(&reply.status) {
        return Err(problem(&reply));
    }
    parse(&reply.text)
}
