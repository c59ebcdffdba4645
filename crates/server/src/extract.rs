//! Request plumbing shared by handlers: JSON and query errors as problems, `If-Match`,
//! ETags, path ids and list parameters.

use std::future::{ready, Ready};

use actix_web::error::{JsonPayloadError, QueryPayloadError};
use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use db::list::{ListParams, TimeRanges};
use db::{After, SortKey};
use domain::id::{Id, IdKind};
use domain::FieldError;

use crate::error::ApiError;

/// JSON body settings: size limit, content type and error shapes.
pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(move |error, _req| {
            match error {
                JsonPayloadError::OverflowKnownLength { .. }
                | JsonPayloadError::Overflow { .. } => ApiError::PayloadTooLarge(limit),
                JsonPayloadError::ContentType => ApiError::UnsupportedMediaType,
                JsonPayloadError::Deserialize(e) => ApiError::MalformedBody(e.to_string()),
                other => ApiError::MalformedBody(other.to_string()),
            }
            .into()
        })
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
    // Weak validators never match for a state-changing request (RFC 9110 §13.1.1).
    let version = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .and_then(|t| t.parse::<i64>().ok())
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

/// Page size when `limit` is not given.
pub const DEFAULT_PAGE_SIZE: i64 = 25;

/// The page size of any list: `limit`, 1 to 100, default 25.
pub fn page_size(limit: Option<i64>) -> Result<i64, FieldError> {
    let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if (1..=100).contains(&limit) {
        Ok(limit)
    } else {
        Err(FieldError::new(
            "/query/limit",
            "out_of_range",
            "must be between 1 and 100",
        ))
    }
}

/// The list parameters every list takes.
#[derive(Debug, Clone, Default)]
pub struct ListInput<'a> {
    /// Page size.
    pub limit: Option<i64>,
    /// Position to continue after.
    pub cursor: Option<&'a str>,
    /// Sort field, `-` for descending.
    pub sort: Option<&'a str>,
    /// Search text.
    pub q: Option<&'a str>,
    /// Created at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Created before.
    pub created_to: Option<DateTime<Utc>>,
    /// Updated at or after.
    pub updated_from: Option<DateTime<Utc>>,
    /// Updated before.
    pub updated_to: Option<DateTime<Utc>>,
    /// The trash instead of live records.
    pub deleted: bool,
}

/// Parses the shared list parameters: `limit`, `cursor`, `sort`, `q` and time ranges.
pub fn list_params(input: ListInput<'_>) -> Result<ListParams, ApiError> {
    let ListInput {
        limit,
        cursor,
        sort,
        q,
        created_from,
        created_to,
        updated_from,
        updated_to,
        deleted,
    } = input;
    let mut errors = Vec::new();
    let limit = match page_size(limit) {
        Ok(limit) => limit,
        Err(error) => {
            errors.push(error);
            DEFAULT_PAGE_SIZE
        }
    };
    let (sort_key, descending) = match sort.unwrap_or("-created_at") {
        "created_at" => (SortKey::Created, false),
        "-created_at" => (SortKey::Created, true),
        "name" => (SortKey::Name, false),
        "-name" => (SortKey::Name, true),
        "updated_at" => (SortKey::Updated, false),
        "-updated_at" => (SortKey::Updated, true),
        _ => {
            errors.push(FieldError::new(
                "/query/sort",
                "invalid_sort",
                "must be one of created_at, name, updated_at, optionally with a leading -",
            ));
            (SortKey::Created, true)
        }
    };
    let after = match cursor {
        None | Some("") => None,
        Some(raw) => match decode_cursor(raw) {
            Some(after) if cursor_fits(&after, sort_key) => Some(after),
            _ => {
                errors.push(FieldError::new(
                    "/query/cursor",
                    "invalid_cursor",
                    "use a next_cursor from a list with the same sort",
                ));
                None
            }
        },
    };
    let words = q.map(domain::text::query_words).unwrap_or_default();
    if !errors.is_empty() {
        return Err(ApiError::InvalidParameters(errors));
    }
    Ok(ListParams {
        sort: sort_key,
        descending,
        after,
        // One row more than asked tells whether another page follows.
        limit: limit + 1,
        words,
        times: TimeRanges {
            created_from: created_from.map(db::convert::to_db),
            created_to: created_to.map(db::convert::to_db),
            updated_from: updated_from.map(db::convert::to_db),
            updated_to: updated_to.map(db::convert::to_db),
        },
        deleted,
    })
}

fn cursor_fits(after: &After, sort: SortKey) -> bool {
    matches!(
        (after, sort),
        (After::Id(_), SortKey::Created)
            | (After::Name(..), SortKey::Name)
            | (After::Updated(..), SortKey::Updated)
    )
}

/// An opaque cursor for a list position.
pub fn encode_cursor(after: &After) -> String {
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let text = match after {
        After::Id(id) => format!("c|{}", hex(id)),
        After::Name(key, id) => format!("n|{}|{key}", hex(id)),
        After::Updated(at, id) => format!("u|{}|{}", hex(id), at.and_utc().timestamp_micros()),
    };
    URL_SAFE_NO_PAD.encode(text)
}

fn decode_cursor(raw: &str) -> Option<After> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(raw).ok()?).ok()?;
    let mut parts = text.splitn(3, '|');
    let kind = parts.next()?;
    let id_hex = parts.next()?;
    if id_hex.len() != 32 {
        return None;
    }
    let id: Vec<u8> = (0..16)
        .map(|i| u8::from_str_radix(id_hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    match kind {
        "c" => Some(After::Id(id)),
        "n" => Some(After::Name(parts.next()?.to_owned(), id)),
        "u" => {
            let micros: i64 = parts.next()?.parse().ok()?;
            Some(After::Updated(
                DateTime::from_timestamp_micros(micros)?.naive_utc(),
                id,
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let id = vec![7u8; 16];
        for after in [
            After::Id(id.clone()),
            After::Name("acme | corp".into(), id.clone()),
            After::Updated(
                DateTime::from_timestamp_micros(1_700_000_000_123_456)
                    .map(|d| d.naive_utc())
                    .unwrap_or_default(),
                id.clone(),
            ),
        ] {
            assert_eq!(decode_cursor(&encode_cursor(&after)), Some(after));
        }
        assert_eq!(decode_cursor("not-a-cursor"), None);
    }

    #[test]
    fn if_match_takes_strong_etags_only() {
        let parse = |v: &'static str| parse_if_match(Some(&HeaderValue::from_static(v)));
        assert_eq!(parse("\"4\"").ok(), Some(IfMatch(Some(4))));
        assert_eq!(parse("*").ok(), Some(IfMatch(None)));
        assert!(parse("W/\"4\"").is_err());
        assert!(parse("4").is_err());
    }

    #[test]
    fn limits_outside_1_to_100_are_refused() {
        assert!(list_params(ListInput {
            limit: Some(0),
            ..ListInput::default()
        })
        .is_err());
        assert!(list_params(ListInput {
            limit: Some(101),
            ..ListInput::default()
        })
        .is_err());
        assert!(list_params(ListInput {
            limit: Some(100),
            sort: Some("-name"),
            ..ListInput::default()
        })
        .is_ok());
    }
}
