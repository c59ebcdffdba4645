//! Calling the API from the browser: one exchange through `fetch`, its answer or the
//! problem (RFC 9457) the server reports, and, for a signed-in caller, the access token kept
//! fresh. Concurrent requests share one refresh, because the server treats a refresh token
//! used twice as stolen and ends the session.

use std::cell::RefCell;

use api_types::Problem;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;

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

    /// A sentence for the user: what happened and, where there is one, what to do.
    pub fn message(&self) -> String {
        match self {
            ApiError::SessionExpired => "Your session has ended. Please log in again.".into(),
            ApiError::Network(_) => {
                "Rapport cannot be reached. Check your connection and try again.".into()
            }
            ApiError::Problem(p) => match (p.status, p.code.as_str()) {
                (404, _) => "This record does not exist, or it was deleted for good.".into(),
                (403, _) => "Your role does not allow this. An administrator can change that.".into(),
                (429 | 503, _) => sentence(p.detail.as_deref().unwrap_or("too many requests; wait a moment and try again")),
                (500..=599, _) => "Rapport could not finish this because of a problem on its side. Try again in a moment; if it keeps happening, tell your administrator.".into(),
                _ => sentence(p.detail.as_deref().unwrap_or(&p.title)),
            },
        }
    }

    /// Whether trying the same request again may succeed (the network, a busy server).
    pub fn retryable(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Problem(p) => p.status >= 500 || p.status == 429,
            ApiError::SessionExpired => false,
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

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

/// A successful answer: the body and, for single records, the `ETag`.
pub struct Answer<T> {
    /// The body.
    pub body: T,
    /// The `ETag` header, if any.
    pub etag: Option<String>,
}

/// A response: status, `ETag` and body text.
pub struct Reply {
    pub status: u16,
    pub etag: Option<String>,
    pub text: String,
}

pub fn js_error(error: wasm_bindgen::JsValue) -> ApiError {
    ApiError::Network(format!("{error:?}"))
}

/// What a request carries: JSON, or a file as it is.
#[derive(Clone, Copy)]
pub enum Payload<'a> {
    Json(&'a str),
    File(&'a web_sys::Blob, &'a str),
}

/// One HTTP exchange through the browser's `fetch` (same origin).
pub async fn fetch(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Payload<'_>>,
    if_match: Option<&str>,
) -> Result<web_sys::Response, ApiError> {
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
    match body {
        Some(Payload::Json(text)) => {
            headers
                .set("Content-Type", "application/json")
                .map_err(js_error)?;
            init.set_body(&wasm_bindgen::JsValue::from_str(text));
        }
        Some(Payload::File(blob, media_type)) => {
            headers.set("Content-Type", media_type).map_err(js_error)?;
            init.set_body(blob);
        }
        None => {}
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    Ok(
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(path, &init))
            .await
            .map_err(js_error)?
            .unchecked_into(),
    )
}

/// A response's status, `ETag` and body text.
pub async fn read(response: web_sys::Response) -> Result<Reply, ApiError> {
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

pub fn problem(reply: &Reply) -> ApiError {
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

pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    // An empty body (204) reads as JSON null.
    serde_json::from_str(if text.is_empty() { "null" } else { text })
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// The answer of `response`: its body read as `T`, or the problem it reports.
pub async fn answer<T: DeserializeOwned>(
    response: web_sys::Response,
) -> Result<Answer<T>, ApiError> {
    let reply = success(response).await?;
    Ok(Answer {
        body: parse(&reply.text)?,
        etag: reply.etag,
    })
}

/// `response` read whole if it succeeded; the problem it reports otherwise. Not generic:
/// only the parsing of the body is made once per type (which keeps the apps small).
async fn success(response: web_sys::Response) -> Result<Reply, ApiError> {
    let reply = read(response).await?;
    if (200..300).contains(&reply.status) {
        Ok(reply)
    } else {
        Err(problem(&reply))
    }
}

/// The server's short phrases ("the email or the password is wrong") as sentences.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// A field's error as a sentence naming the field: "must not be empty" under Name reads
/// "Name must not be empty."
pub fn field_sentence(label: &str, detail: &str) -> String {
    if detail.starts_with("must ") || detail.starts_with("is ") {
        sentence(&format!("{label} {detail}"))
    } else {
        sentence(detail)
    }
}

/// `?a=1&b=x` from serializable parts (the shared list query and a list's filters), leaving
/// out what is empty: the names the server reads.
pub fn query_string(list: &impl Serialize, filters: &impl Serialize) -> String {
    let mut pairs = Vec::new();
    for part in [serde_json::to_value(list), serde_json::to_value(filters)] {
        let Ok(serde_json::Value::Object(map)) = part else {
            continue;
        };
        for (key, value) in map {
            let text = match value {
                serde_json::Value::String(s) => s,
                serde_json::Value::Null => continue,
                other => other.to_string(),
            };
            if !text.trim().is_empty() {
                pairs.push(format!("{key}={}", js_sys::encode_uri_component(&text)));
            }
        }
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// A signed-in caller's tokens, as each app keeps them.
pub trait Tokens: Copy + 'static {
    /// The access token, unless it is missing or about to expire.
    fn access_token(&self) -> Option<String>;
    /// Drops the access token (the server refused it).
    fn forget_access_token(&self);
    /// Gets a new access token with the refresh token; `false` when the session is over.
    fn refresh(self) -> LocalBoxFuture<'static, bool>;
    /// The session is over: forget it and tell the user.
    fn expire(&self);
}

type Refresh = Shared<LocalBoxFuture<'static, bool>>;

thread_local! {
    static REFRESHING: RefCell<Option<Refresh>> = const { RefCell::new(None) };
}

/// Refreshes the access token once for everyone waiting; `false` when the session is over.
pub async fn refresh(tokens: impl Tokens) -> bool {
    let shared = REFRESHING.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                async move {
                    let ok = tokens.refresh().await;
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

/// One exchange as the signed-in caller: refreshes the access token first when it is old,
/// and once more when the server no longer takes it.
pub async fn signed_in(
    tokens: impl Tokens,
    method: &str,
    path: &str,
    body: Option<Payload<'_>>,
    if_match: Option<&str>,
) -> Result<web_sys::Response, ApiError> {
    let mut retried = false;
    loop {
        if tokens.access_token().is_none() && !refresh(tokens).await {
            tokens.expire();
            return Err(ApiError::SessionExpired);
        }
        let token = tokens.access_token();
        let response = fetch(method, path, token.as_deref(), body, if_match).await?;
        if response.status() == 401 && !retried {
            retried = true;
            tokens.forget_access_token();
            continue;
        }
        return Ok(response);
    }
}

/// Calls the API as the signed-in caller.
pub async fn call<T: DeserializeOwned>(
    tokens: impl Tokens,
    method: &str,
    path: &str,
    body: Option<&impl Serialize>,
    if_match: Option<&str>,
) -> Result<Answer<T>, ApiError> {
    let body = body
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let reply = exchange(tokens, method, path, body, if_match).await?;
    Ok(Answer {
        body: parse(&reply.text)?,
        etag: reply.etag,
    })
}

/// The part of [`call`] that does not depend on the answer's type.
async fn exchange(
    tokens: impl Tokens,
    method: &str,
    path: &str,
    body: Option<String>,
    if_match: Option<&str>,
) -> Result<Reply, ApiError> {
    let payload = body.as_deref().map(Payload::Json);
    success(signed_in(tokens, method, path, payload, if_match).await?).await
}

/// A `POST` that needs no session (signing in, refreshing, signing out).
pub async fn public<T: DeserializeOwned>(path: &str, body: &impl Serialize) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))?;
    parse(&public_exchange("POST", path, Some(body)).await?.text)
}

/// A `GET` that needs no session.
pub async fn public_get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    parse(&public_exchange("GET", path, None).await?.text)
}

async fn public_exchange(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<Reply, ApiError> {
    let payload = body.as_deref().map(Payload::Json);
    success(fetch(method, path, None, payload, None).await?).await
}

/// Uploads `file` to `path` (such as `/api/v1/attachments`), named by its `filename` and
/// sent as its own media type, as the signed-in caller.
pub async fn upload<T: DeserializeOwned>(
    tokens: impl Tokens,
    path: &str,
    file: &web_sys::File,
) -> Result<T, ApiError> {
    let path = format!(
        "{path}?filename={}",
        String::from(js_sys::encode_uri_component(&file.name()))
    );
    let media_type = match file.type_() {
        known if !known.is_empty() => known,
        _ => "application/octet-stream".to_owned(),
    };
    let payload = Payload::File(file, &media_type);
    let reply = success(signed_in(tokens, "POST", &path, Some(payload), None).await?).await?;
    parse(&reply.text)
}

/// `GET path` as a file, which the browser saves as `filename`.
pub async fn save_file(tokens: impl Tokens, path: &str, filename: &str) -> Result<(), ApiError> {
    let response = signed_in(tokens, "GET", path, None, None).await?;
    if !response.ok() {
        return Err(problem(&read(response).await?));
    }
    let blob: web_sys::Blob =
        wasm_bindgen_futures::JsFuture::from(response.blob().map_err(js_error)?)
            .await
            .map_err(js_error)?
            .unchecked_into();
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| ApiError::Network("no document".into()))?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_error)?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(filename);
    link.click();
    // Some browsers read the address after the click returns: it goes a minute later.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    web_sys::window()
        .ok_or_else(|| ApiError::Network("no window".into()))?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)
        .map_err(js_error)?;
    Ok(())
}
