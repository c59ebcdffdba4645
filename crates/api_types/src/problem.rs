//! RFC 9457 problem details, the body of every error answer.

use serde::{Deserialize, Serialize};

/// An error answer (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "https://rapport.dev/problems/validation_failed",
    "title": "The request is not valid",
    "status": 422,
    "detail": "2 fields are not valid",
    "code": "validation_failed",
    "errors": [{"pointer": "/email", "code": "invalid_email", "detail": "must be an email address such as jane@example.com"}]
})))]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A stable machine-readable code, e.g. `not_found`.
    pub code: String,
    /// Each invalid field of the request, when the problem is a validation failure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemFieldError>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemFieldError {
    /// JSON pointer to the field in the request body (or `/query/<name>` for parameters).
    pub pointer: String,
    /// A stable machine-readable code, e.g. `too_long`.
    pub code: String,
    /// What is wrong, for people.
    pub detail: String,
}
