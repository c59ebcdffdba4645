//! Logging in, refreshing tokens, logging out, and who am I.

use serde::{Deserialize, Serialize};

/// Email and password of a staff user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "admin@northwind.example", "password": "correct horse battery"})))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The user's email address.
    pub email: String,
    /// The user's password.
    pub password: String,
    /// Where the refresh token goes: `body` (the default, for integrators) or `cookie` (for
    /// a browser app: an `HttpOnly`, `SameSite=Strict` cookie only the sign-in routes see).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_in: Option<RefreshTokenIn>,
}

/// Where a refresh token travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefreshTokenIn {
    /// In the JSON bodies of requests and answers.
    Body,
    /// In the `rapport_refresh` cookie, out of the page's reach.
    Cookie,
}

/// Tokens issued at login and refresh.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// A JWT for the `Authorization: Bearer` header.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// An opaque token for `POST /api/v1/auth/refresh`; each can be used once. Absent when it
    /// was set as a cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: i64,
}

/// A refresh token to exchange or revoke.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh; leave it out when it travels in the
    /// `rapport_refresh` cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// The signed-in staff user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The user's id.
    pub id: String,
    /// The user's email address.
    pub email: String,
    /// The user's display name.
    pub name: String,
    /// The user's role.
    pub role: String,
    /// The organization's id.
    pub org_id: String,
    /// The organization's name.
    pub org_name: String,
    /// Whether routing gives the user tickets now: available, away or offline.
    pub availability: String,
}

/// A new password for the signed-in user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"current_password": "correct horse battery", "new_password": "a longer passphrase"})))]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    /// The password in use now.
    pub current_password: String,
    /// The new password, at least 12 characters.
    pub new_password: String,
}
