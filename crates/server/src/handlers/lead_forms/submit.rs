//! The public route of capture forms: a web page's form posts here, with no sign-in. Only the
//! pages of the form's allowed origins may (CORS answers them alone); each client address
//! has its share of submissions per minute; a body is at most 16 KiB.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::{Path, Payload};
use actix_web::{options, post, HttpMessage, HttpRequest, HttpResponse, ResponseError};
use api_types::lead_forms::{SubmissionBody, SubmissionReceived};
use api_types::Problem;
use domain::lead_form::parse_public_key;

use crate::error::ApiError;
use crate::kit::{Reply, State};
use crate::openapi::Invalid;
use crate::sales::capture;

/// The largest submission body, in bytes.
pub const MAX_SUBMISSION_BYTES: usize = 16 * 1024;

/// The prefix of the public form routes.
const FORMS: &str = "/api/v1/forms/";

/// The web page a request to a form came from (its `Origin`).
#[derive(Debug, Clone)]
struct PageOrigin(String);

/// Middleware: takes the CORS headers (`Origin` and a preflight's requests) off requests to
/// the public form routes, so the API's own CORS (for staff web clients) does not judge
/// them: each form's allowed origins do, in the handlers below.
pub async fn take_origin(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.path().starts_with(FORMS) {
        let origin = req.headers().get(header::ORIGIN).cloned();
        if let Some(origin) = origin {
            let mut req = req;
            let headers = req.headers_mut();
            headers.remove(header::ORIGIN);
            headers.remove(header::ACCESS_CONTROL_REQUEST_METHOD);
            headers.remove(header::ACCESS_CONTROL_REQUEST_HEADERS);
            let origin = origin.to_str().unwrap_or("invalid").to_ascii_lowercase();
            req.extensions_mut().insert(PageOrigin(origin));
            return next.call(req).await;
        }
    }
    next.call(req).await
}

fn page_origin(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<PageOrigin>().map(|o| o.0.clone())
}

/// `response` with the CORS headers that let the page at `origin` read it.
fn for_page(mut response: HttpResponse, origin: Option<&str>) -> HttpResponse {
    if let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// How a submission's body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Json,
    HtmlForm,
}

fn encoding(req: &HttpRequest) -> Result<Encoding, ApiError> {
    match req.content_type() {
        "application/json" => Ok(Encoding::Json),
        "application/x-www-form-urlencoded" => Ok(Encoding::HtmlForm),
        _ => Err(ApiError::UnsupportedMediaType(
            "application/json or application/x-www-form-urlencoded",
        )),
    }
}

/// The body's name–value pairs, in order.
fn pairs(encoding: Encoding, body: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    match encoding {
        Encoding::HtmlForm => serde_urlencoded::from_bytes(body)
            .map_err(|e| ApiError::MalformedBody(format!("the form body cannot be read: {e}"))),
        Encoding::Json => {
            let object: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body)
                .map_err(|e| {
                ApiError::MalformedBody(format!("the body must be a JSON object: {e}"))
            })?;
            let mut pairs = Vec::with_capacity(object.len());
            let mut errors = Vec::new();
            for (name, value) in object {
                match value {
                    serde_json::Value::String(text) => pairs.push((name, text)),
                    serde_json::Value::Null => {}
                    _ => errors.push(domain::FieldError::new(
                        format!("/{}", name.chars().take(100).collect::<String>()),
                        "invalid_type",
                        "must be text",
                    )),
                }
            }
            if errors.is_empty() {
                Ok(pairs)
            } else {
                Err(ApiError::Validation(errors))
            }
        }
    }
}

/// Send a submission to a capture form.
///
/// Public: no sign-in. Takes the fields the form asks for as JSON (answered 201) or as an
/// HTML form's body (answered 303 to the form's thank-you page, or 201 when it has none).
/// A field the form does not ask for, a required field left blank or a value a lead would
/// refuse answers 422, each at its field. A web page may send only when its origin is one
/// the form allows (403 `origin_not_allowed`). Each client address may send 20 a minute
/// (429). The lead gets the form's source, campaign and owner, who is notified; a message
/// becomes a note on it.
#[utoipa::path(
    tag = "lead-forms",
    params(("key" = String, Path, description = "The form's key, from its `submission_path`")),
    request_body(content(
        (SubmissionBody = "application/json"),
        (SubmissionBody = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 201, description = "Received", body = SubmissionReceived),
        (status = 303, description = "Received; on to the thank-you page", headers(("Location" = String))),
        (status = 403, description = "The page's origin is not one the form allows (`origin_not_allowed`)", body = Problem, content_type = "application/problem+json"),
        Invalid,
        (status = 429, description = "This address sent too many submissions (`rate_limited`)", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = i64))),
    ),
    security(()),
)]
#[post("/forms/{key}/submissions")]
pub async fn submit_to_form(
    state: State,
    req: HttpRequest,
    key: Path<String>,
    body: Payload,
) -> Reply {
    let origin = page_origin(&req);
    let outcome = receive(&state, &req, &key, body, origin.clone()).await;
    Ok(match outcome {
        Ok((encoding, received)) => {
            let response = match (encoding, received.thank_you_url) {
                (Encoding::HtmlForm, Some(url)) => HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, url))
                    .finish(),
                _ => HttpResponse::Created().json(SubmissionReceived { received: true }),
            };
            for_page(response, origin.as_deref())
        }
        Err((error, readable)) => for_page(
            error.error_response(),
            origin.as_deref().filter(|_| readable),
        ),
    })
}

/// The submission's encoding and what became of it; on failure, the error and whether the
/// page may read it (only a page the form allows may).
async fn receive(
    state: &State,
    req: &HttpRequest,
    key: &str,
    body: Payload,
    origin: Option<String>,
) -> Result<(Encoding, capture::Received), (ApiError, bool)> {
    let hidden = |e| (e, false);
    if let Some(client) = state.limits.client_address(req) {
        state.limits.submission(client).map_err(hidden)?;
    }
    let (org, form) = parse_public_key(key).ok_or(hidden(ApiError::NotFound))?;
    let body = match body.to_bytes_limited(MAX_SUBMISSION_BYTES).await {
        Ok(Ok(body)) => body,
        Ok(Err(e)) => return Err(hidden(ApiError::MalformedBody(e.to_string()))),
        Err(_) => return Err(hidden(ApiError::PayloadTooLarge(MAX_SUBMISSION_BYTES))),
    };
    let encoding = encoding(req).map_err(hidden)?;
    let pairs = pairs(encoding, &body);
    let now = state.now();
    let outcome = state
        .db(move |conn| {
            let form = capture::open_form(conn, org, form, origin.as_deref())?;
            Ok(pairs.and_then(|pairs| capture::receive(conn, org, &form, &pairs, now)))
        })
        .await;
    match outcome {
        Ok(Ok(received)) => Ok((encoding, received)),
        Ok(Err(error)) => Err((error, true)),
        Err(error) => Err(hidden(error)),
    }
}

/// Ask whether a web page may send submissions (CORS preflight).
///
/// Answers 204 with the CORS headers when the page's origin is one the form allows, 403
/// otherwise.
#[utoipa::path(
    tag = "lead-forms",
    params(("key" = String, Path, description = "The form's key, from its `submission_path`")),
    responses(
        (status = 204, description = "The page may send submissions"),
        (status = 403, description = "The page's origin is not one the form allows (`origin_not_allowed`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(()),
)]
#[options("/forms/{key}/submissions")]
pub async fn submission_preflight(state: State, req: HttpRequest, key: Path<String>) -> Reply {
    let origin = page_origin(&req);
    let (org, form) = parse_public_key(&key).ok_or(ApiError::NotFound)?;
    let checked = origin.clone();
    state
        .db(move |conn| capture::open_form(conn, org, form, checked.as_deref()).map(|_| ()))
        .await?;
    let response = HttpResponse::NoContent()
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "POST"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type"))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"))
        .finish();
    Ok(for_page(response, origin.as_deref()))
}
