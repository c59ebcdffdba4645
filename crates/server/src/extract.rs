//! Request plumbing shared by handlers: JSON and query errors as problems, `If-Match`,
//! ETags, path ids and list parameters.

use std::future::{ready, Ready};

use actix_web::error::{JsonPayloadError, QueryPayloadError};
use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder};
use api_types::ListQuery;
use domain::id::{Id, IdKind};
use domain::FieldError;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// JSON body settings: size limit, content type and error shapes.
pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(move |error, _req| {
            match error {
                JsonPayloadError::OverflowKnownLength { .. }
                | JsonPayloadError::Overflow { .. } => ApiError::PayloadTooLarge(limit),
                JsonPayloadError::ContentType => ApiError::UnsupportedMediaType(crate::error::JSON),
                JsonPayloadError::Deserialize(e) => ApiError::MalformedBody(e.to_string()),
                other => ApiError::MalformedBody(other.to_string()),
            }
            .into()
        })
}

/// A JSON body read as `T`. Like `web::Json` (whose settings and errors apply), but only an
/// object is a body: serde would read a struct from an array. And a number written with a
/// zero fraction (`5.0`) counts as an integer, as JSON Schema counts it.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let object = web::Json::<serde_json::Map<String, Value>>::from_request(req, payload);
        Box::pin(async move {
            let mut value = Value::Object(object.await?.into_inner());
            integral_numbers(&mut value);
            serde_json::from_value(value)
                .map(Json)
                .map_err(|e| ApiError::MalformedBody(e.to_string()).into())
        })
    }
}

/// A JSON body that may be left out: an empty one (whatever the headers say), or `null`,
/// reads as `T::default()`; any other must be JSON and is read, and refused, like [`Json`].
#[derive(Debug)]
pub struct OptionalJson<T>(pub T);

/// The longest optional body: such bodies name a choice or two.
const OPTIONAL_BODY_LIMIT: usize = 16 * 1024;

impl<T: DeserializeOwned + Default + 'static> FromRequest for OptionalJson<T> {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = body
                .await
                .map_err(|_| ApiError::PayloadTooLarge(OPTIONAL_BODY_LIMIT))?;
            if bytes.len() > OPTIONAL_BODY_LIMIT {
                return Err(ApiError::PayloadTooLarge(OPTIONAL_BODY_LIMIT).into());
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Ok(OptionalJson(T::default()));
            }
            if !json {
                return Err(ApiError::UnsupportedMediaType(crate::error::JSON).into());
            }
            let mut value: Value = serde_json::from_slice(&bytes)
                .map_err(|e| ApiError::MalformedBody(e.to_string()))?;
            if value.is_null() {
                return Ok(OptionalJson(T::default()));
            }
            if !value.is_object() {
                return Err(
                    ApiError::MalformedBody("the body must be a JSON object".into()).into(),
                );
            }
            integral_numbers(&mut value);
            serde_json::from_value(value)
                .map(OptionalJson)
                .map_err(|e| ApiError::MalformedBody(e.to_string()).into())
        })
    }
}

/// Turns numbers such as `5.0` into the integers they are.
fn integral_numbers(value: &mut Value) {
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15) {
                // Exact: |f| < 2^53, so it converts without loss.
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

/// Query-string settings: errors as problems.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _req| {
        let detail = match error {
            QueryPayloadError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        ApiError::InvalidParameters(vec![FieldError::new("/query", "invalid_query", detail)]).into()
    })
}

/// Path parameter settings: errors as problems.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_error, _req| ApiError::NotFound.into())
}

/// A path id of kind `K`; one that does not parse can name no record, so it is a 404.
pub fn path_id<K: IdKind>(raw: &str) -> Result<Id<K>, ApiError> {
    Id::parse("/id", raw).map_err(|_| ApiError::NotFound)
}

/// The version named by `If-Match`, if the header was sent. `*` means any version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub Option<i64>);

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(parse_if_match(req.headers().get(header::IF_MATCH)))
    }
}

fn parse_if_match(value: Option<&HeaderValue>) -> Result<IfMatch, ApiError> {
    let Some(value) = value else {
        return Ok(IfMatch(None));
    };
    let text = value.to_str().map_err(|_| ApiError::InvalidIfMatch)?.trim();
    if text == "*" {
        return Ok(IfMatch(None));
    }
    // Weak validators never match for a state-changing request (RFC 9110 §13.1.1). The
    // version without its quotes is taken too: clients and proxies strip them.
    let version = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    let version = (!version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()))
        .then(|| version.parse::<i64>().ok())
        .flatten()
        .ok_or(ApiError::InvalidIfMatch)?;
    Ok(IfMatch(Some(version)))
}

/// The strong ETag of a record version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// A 200 (or other) response carrying the record's ETag.
pub fn with_etag(mut builder: HttpResponseBuilder, version: i64) -> HttpResponseBuilder {
    builder.insert_header((header::ETAG, etag(version)));
    builder
}

/// A JSON answer with the record's ETag.
pub fn json_with_etag<T: serde::Serialize>(
    builder: HttpResponseBuilder,
    version: i64,
    body: &T,
) -> HttpResponse {
    with_etag(builder, version).json(body)
}

/// A list's query string: the shared [`ListQuery`] and the list's own filters `F`, each with
/// its unknown parameters refused.
#[derive(Debug, Clone)]
pub struct Listing<F> {
    /// Paging, order, time ranges, trash.
    pub list: ListQuery,
    /// The list's own filters.
    pub filters: F,
}

impl<F: DeserializeOwned> FromRequest for Listing<F> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(listing(req.query_string()))
    }
}

fn invalid_query(detail: String) -> ApiError {
    ApiError::InvalidParameters(vec![FieldError::new("/query", "invalid_query", detail)])
}

/// The query string's pairs, each value checked by [`plain_value`].
fn plain_pairs(query: &str) -> Result<Vec<(String, String)>, ApiError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query).map_err(|e| invalid_query(e.to_string()))?;
    let refused: Vec<FieldError> = pairs
        .iter()
        .filter_map(|(k, v)| plain_value(k, v))
        .collect();
    if refused.is_empty() {
        Ok(pairs)
    } else {
        Err(ApiError::InvalidParameters(refused))
    }
}

fn listing<F: DeserializeOwned>(query: &str) -> Result<Listing<F>, ApiError> {
    let invalid = invalid_query;
    let pairs = plain_pairs(query)?;
    let (shared, own): (Vec<_>, Vec<_>) = pairs
        .into_iter()
        .partition(|(key, _)| ListQuery::FIELDS.contains(&key.as_str()));
    // Each part is read as a query string of its own, so numbers and times parse as usual.
    let part = |pairs: Vec<(String, String)>| {
        serde_urlencoded::to_string(pairs).map_err(|e| invalid(e.to_string()))
    };
    Ok(Listing {
        list: serde_urlencoded::from_str(&part(shared)?).map_err(|e| invalid(e.to_string()))?,
        filters: serde_urlencoded::from_str(&part(own)?).map_err(|e| invalid(e.to_string()))?,
    })
}

/// A query string read as `T` after the checks every list's parameters get (no control
/// characters, at most [`MAX_PARAMETER_CHARS`] each), for queries that are not lists.
#[derive(Debug, Clone)]
pub struct PlainQuery<T>(pub T);

impl<T: DeserializeOwned> FromRequest for PlainQuery<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        ready(plain_query(req.query_string()))
    }
}

fn plain_query<T: DeserializeOwned>(query: &str) -> Result<PlainQuery<T>, ApiError> {
    plain_pairs(query)?;
    serde_urlencoded::from_str(query)
        .map(PlainQuery)
        .map_err(|e| invalid_query(e.to_string()))
}

/// The longest query parameter value any list takes.
pub const MAX_PARAMETER_CHARS: usize = 500;

/// Refuses a parameter value no list takes: control characters (a NUL would break the
/// database's text handling) or more than [`MAX_PARAMETER_CHARS`] characters.
fn plain_value(key: &str, value: &str) -> Option<FieldError> {
    let pointer = format!("/query/{key}");
    if value.chars().any(char::is_control) {
        Some(FieldError::new(
            pointer,
            "invalid_characters",
            "must not contain control characters",
        ))
    } else if value.chars().count() > MAX_PARAMETER_CHARS {
        Some(FieldError::new(
            pointer,
            "too_long",
            format!("must be at most {MAX_PARAMETER_CHARS} characters"),
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_takes_strong_etags_only() {
        let parse = |v: &'static str| parse_if_match(Some(&HeaderValue::from_static(v)));
        assert_eq!(parse("\"4\"").ok(), Some(IfMatch(Some(4))));
        assert_eq!(parse("*").ok(), Some(IfMatch(None)));
        assert!(parse("W/\"4\"").is_err());
        assert_eq!(parse("4").ok(), Some(IfMatch(Some(4))));
        assert!(parse("\"-4\"").is_err() && parse("\"4").is_err() && parse("").is_err());
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Filters {
        tier: Option<String>,
    }

    #[test]
    fn listings_split_shared_and_own_parameters() {
        let both = listing::<Filters>("limit=5&tier=gold&sort=-name");
        let both = both.map(|l| (l.list.limit, l.list.sort, l.filters.tier));
        assert_eq!(
            both.ok(),
            Some((Some(5), Some("-name".into()), Some("gold".into())))
        );
        assert!(listing::<Filters>("colour=red").is_err());
        assert!(listing::<Filters>("limit=many").is_err());
    }
}
