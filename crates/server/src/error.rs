//! `ApiError`: the one error type handlers return, and the only `ResponseError` impl.
//!
//! Every error answer is RFC 9457 `application/problem+json` with a stable `code`.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use api_types::{Problem, ProblemFieldError};
use domain::{FieldError, Violations};

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body or parameters broke field rules (422).
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// The body is not JSON of the expected shape, or has unknown fields (400).
    #[error("malformed body: {0}")]
    MalformedBody(String),
    /// Query parameters are not valid (400).
    #[error("invalid parameters")]
    InvalidParameters(Vec<FieldError>),
    /// The body is larger than allowed (413).
    #[error("body too large")]
    PayloadTooLarge(usize),
    /// The body is not of a media type the route takes (415); names those it takes, such as
    /// [`JSON`].
    #[error("unsupported media type")]
    UnsupportedMediaType(&'static str),
    /// The record does not exist for this caller (404).
    #[error("not found")]
    NotFound,
    /// No route matches the path (404).
    #[error("no such route")]
    RouteNotFound,
    /// The route exists but not for this method (405); names the methods it has.
    #[error("method not allowed")]
    MethodNotAllowed(String),
    /// No or invalid credentials (401).
    #[error("unauthenticated: {0}")]
    Unauthenticated(&'static str),
    /// Email or password wrong; the same answer for both (401).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failed logins (429); seconds until the lock ends.
    #[error("login locked")]
    LoginLocked(i64),
    /// Too many requests from one client address (429); seconds until the next is allowed.
    #[error("rate limited")]
    RateLimited(i64),
    /// Refresh token unknown, used, expired or revoked (401).
    #[error("invalid refresh token")]
    InvalidRefreshToken,
    /// Authenticated, but the role does not allow this (403).
    #[error("forbidden")]
    Forbidden,
    /// A capture form's submission from a web page the form does not allow (403).
    #[error("origin not allowed")]
    OriginNotAllowed,
    /// The route declares no access policy, so nobody may call it (403).
    #[error("route not declared")]
    RouteNotDeclared,
    /// `If-Match` named an older version (412).
    #[error("version mismatch")]
    VersionMismatch,
    /// `If-Match` is not a strong ETag this API issued (400).
    #[error("invalid If-Match")]
    InvalidIfMatch,
    /// A uniqueness or consistency rule (409); the code names it.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The database cannot be reached (503).
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// A bug or an unexpected failure (500); the detail is logged, never sent.
    #[error("internal: {0}")]
    Internal(String),
}

/// The media type of JSON bodies, which most routes take.
pub const JSON: &str = "application/json";

impl From<Violations> for ApiError {
    fn from(violations: Violations) -> Self {
        ApiError::Validation(violations.into_errors())
    }
}

impl From<FieldError> for ApiError {
    fn from(error: FieldError) -> Self {
        ApiError::Validation(vec![error])
    }
}

impl From<db::Error> for ApiError {
    fn from(error: db::Error) -> Self {
        match error {
            db::Error::NotFound => ApiError::NotFound,
            db::Error::Conflict(code) => ApiError::Conflict(code),
            db::Error::Stale => ApiError::VersionMismatch,
            db::Error::UnknownReference(field) => ApiError::Validation(vec![FieldError::new(
                format!("/{field}"),
                "unknown_reference",
                "no such record in this organization",
            )]),
            // A query parameter the database layer found wrong (a timeline's cursor) is a bad
            // request, as the handlers' own parameter checks answer.
            db::Error::Invalid(error) if error.pointer.starts_with("/query/") => {
                ApiError::InvalidParameters(vec![error])
            }
            db::Error::Invalid(error) => ApiError::Validation(vec![error]),
            db::Error::Unavailable(detail) => ApiError::Unavailable(detail),
            db::Error::Other(detail) => ApiError::Internal(detail),
        }
    }
}

impl From<db::error::ModifyError<ApiError>> for ApiError {
    fn from(error: db::error::ModifyError<ApiError>) -> Self {
        match error {
            db::error::ModifyError::Db(e) => e.into(),
            db::error::ModifyError::Rejected(e) => e,
        }
    }
}

impl ApiError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::MalformedBody(_) => "malformed_body",
            ApiError::InvalidParameters(_) => "invalid_parameters",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::NotFound => "not_found",
            ApiError::RouteNotFound => "route_not_found",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::Unauthenticated(_) => "unauthenticated",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::LoginLocked(_) => "login_locked",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::InvalidRefreshToken => "invalid_refresh_token",
            ApiError::Forbidden => "forbidden",
            ApiError::OriginNotAllowed => "origin_not_allowed",
            ApiError::RouteNotDeclared => "route_not_declared",
            ApiError::VersionMismatch => "version_mismatch",
            ApiError::InvalidIfMatch => "invalid_if_match",
            ApiError::Conflict(code) => code,
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "The request is not valid",
            ApiError::MalformedBody(_) => "The request body could not be read",
            ApiError::InvalidParameters(_) => "The query parameters are not valid",
            ApiError::PayloadTooLarge(_) => "The request body is too large",
            ApiError::UnsupportedMediaType(JSON) => "The request body must be JSON",
            ApiError::UnsupportedMediaType(_) => {
                "The request body is of a type this route does not take"
            }
            ApiError::NotFound => "Not found",
            ApiError::RouteNotFound => "No such route",
            ApiError::MethodNotAllowed(_) => "Method not allowed",
            ApiError::Unauthenticated(_) => "Authentication required",
            ApiError::InvalidCredentials => "Invalid email or password",
            ApiError::LoginLocked(_) => "Too many failed logins",
            ApiError::RateLimited(_) => "Too many requests",
            ApiError::InvalidRefreshToken => "The refresh token is not valid",
            ApiError::Forbidden | ApiError::OriginNotAllowed => "Not allowed",
            ApiError::RouteNotDeclared => "Not allowed",
            ApiError::VersionMismatch => "The record was changed by someone else",
            ApiError::InvalidIfMatch => "The If-Match header is not valid",
            ApiError::Conflict(_) => "Conflict",
            ApiError::Unavailable(_) => "Service unavailable",
            ApiError::Internal(_) => "Internal error",
        }
    }

    fn detail(&self) -> Option<String> {
        Some(match self {
            ApiError::Validation(errors) | ApiError::InvalidParameters(errors) => {
                match errors.len() {
                    1 => "1 field is not valid".to_owned(),
                    n => format!("{n} fields are not valid"),
                }
            }
            ApiError::MalformedBody(detail) => detail.clone(),
            ApiError::PayloadTooLarge(limit) => format!("the body must be at most {limit} bytes"),
            ApiError::UnsupportedMediaType(accepted) => format!("send Content-Type: {accepted}"),
            ApiError::NotFound => "no such record".to_owned(),
            ApiError::Unauthenticated(why) => (*why).to_owned(),
            ApiError::InvalidCredentials => "the email or the password is wrong".to_owned(),
            ApiError::LoginLocked(seconds) => format!(
                "too many failed logins; try again in {} minutes",
                (seconds + 59) / 60
            ),
            ApiError::RateLimited(seconds) => {
                format!("too many requests from your address; try again in {seconds} seconds")
            }
            ApiError::MethodNotAllowed(allowed) => format!("this route answers {allowed}"),
            ApiError::InvalidRefreshToken => "log in again".to_owned(),
            ApiError::Forbidden => "your role does not allow this".to_owned(),
            ApiError::OriginNotAllowed => {
                "this form takes submissions only from the web sites its admins allowed".to_owned()
            }
            ApiError::RouteNotDeclared => "this route declares no access policy".to_owned(),
            ApiError::VersionMismatch => "reload the record and apply your change again".to_owned(),
            ApiError::InvalidIfMatch => {
                "send the ETag of the record you read, such as \"3\"".to_owned()
            }
            ApiError::Conflict(code) => conflict_detail(code).to_owned(),
            ApiError::Unavailable(_) => {
                "the database cannot be reached; try again shortly".to_owned()
            }
            ApiError::RouteNotFound | ApiError::Internal(_) => return None,
        })
    }

    /// The problem body.
    pub fn problem(&self) -> Problem {
        let errors = match self {
            ApiError::Validation(errors) | ApiError::InvalidParameters(errors) => errors
                .iter()
                .map(|e| ProblemFieldError {
                    pointer: e.pointer.clone(),
                    code: e.code.to_owned(),
                    detail: e.detail.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        Problem {
            type_uri: format!("https://rapport.dev/problems/{}", self.code()),
            title: self.title().to_owned(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            code: self.code().to_owned(),
            errors,
        }
    }
}

fn conflict_detail(code: &str) -> &'static str {
    match code {
        "email_taken" => "a user with this email already exists",
        "portal_email_taken" => "another portal user signs in with this email",
        "contact_has_portal_access" => "this contact has portal access already",
        "ticket_solved" => "the ticket is solved already",
        "ticket_not_solved" => "only a solved ticket can be reopened",
        "not_solved" => "only a solved or closed ticket can be rated",
        "already_rated" => "this ticket has been rated already",
        "not_requester" => "only the customer who asked can rate the ticket",
        "ticket_merged" => "this ticket was merged into another; ask the support team about it",
        "knowledge_base_off" => "this portal has no knowledge base",
        "sign_up_off" => {
            "this portal does not take sign-ups; ask the company you buy from for an invitation"
        }
        "assets_off" => "this portal does not show assets and contracts",
        "ticket_creation_off" => {
            "this portal does not take new tickets; contact support another way"
        }
        "team_name_taken" => "a team with this name already exists",
        "parent_cycle" => "an account cannot be its own ancestor",
        "calendar_name_taken" => "a calendar with this name already exists",
        "policy_name_taken" => "a policy with this name already exists",
        "calendar_in_use" => "a policy uses this calendar; move or delete the policy first",
        "category_in_use" => {
            "articles or categories are filed in this category; move or delete them first"
        }
        "calendar_deleted" => "the policy's calendar is deleted; restore the calendar first",
        "not_deleted" => "the record is not deleted, so there is nothing to restore",
        "ticket_closed" => "the ticket is closed: it takes no more messages",
        "job_not_retryable" => "the job is running or done",
        "job_not_cancellable" => "only a job waiting to run can be cancelled",
        "lead_converted" => "the lead is converted: it no longer changes and converts only once",
        "territory_name_taken" => "a territory with this name already exists",
        "territory_has_children" => "territories sit under this one; move or delete them first",
        "territory_cycle" => "a territory cannot sit under itself or one of its own territories",
        "territory_too_deep" => "territories nest at most 8 levels deep",
        "parent_deleted" => "the parent is in the trash; restore it first",
        "rule_name_taken" => "an assignment rule with this name already exists",
        "team_in_assignment_rule" => {
            "an assignment rule assigns to this team; change or delete the rule first"
        }
        _ => "the request conflicts with the current state",
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MalformedBody(_)
            | ApiError::InvalidParameters(_)
            | ApiError::InvalidIfMatch => StatusCode::BAD_REQUEST,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotFound | ApiError::RouteNotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unauthenticated(_)
            | ApiError::InvalidCredentials
            | ApiError::InvalidRefreshToken => StatusCode::UNAUTHORIZED,
            ApiError::LoginLocked(_) | ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Forbidden | ApiError::OriginNotAllowed | ApiError::RouteNotDeclared => {
                StatusCode::FORBIDDEN
            }
            ApiError::VersionMismatch => StatusCode::PRECONDITION_FAILED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(detail) => tracing::error!(%detail, "internal error"),
            ApiError::Unavailable(detail) => tracing::warn!(%detail, "database unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        if matches!(
            self,
            ApiError::Unauthenticated(_)
                | ApiError::InvalidCredentials
                | ApiError::InvalidRefreshToken
        ) {
            response.insert_header((
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"rapport\""),
            ));
        }
        match self {
            ApiError::LoginLocked(seconds) | ApiError::RateLimited(seconds) => {
                response.insert_header((header::RETRY_AFTER, seconds.to_string()));
            }
            ApiError::MethodNotAllowed(allowed) => {
                response.insert_header((header::ALLOW, allowed.clone()));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_reveal_nothing() {
        let problem = ApiError::Internal("password=hunter2 at db.rs:42".into()).problem();
        let text = serde_json::to_string(&problem).unwrap_or_default();
        assert!(!text.contains("hunter2"), "{text}");
        assert_eq!(problem.status, 500);
    }

    #[test]
    fn unknown_reference_points_at_its_field() {
        let error: ApiError = db::Error::UnknownReference("owner_id").into();
        let problem = error.problem();
        assert_eq!(
            (problem.status, problem.errors[0].pointer.as_str()),
            (422, "/owner_id")
        );
    }
}
