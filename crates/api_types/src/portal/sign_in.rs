//! Signing in to a partner's portal: with a password, an invitation, a link by mail, the
//! partner's single sign-on, or by signing up.

use serde::{Deserialize, Serialize};

/// A customer's sign-in to a partner's portal.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_key": "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "email": "grace@meier.example", "password": "correct horse battery"})))]
#[serde(deny_unknown_fields)]
pub struct PortalLogin {
    /// The partner's key.
    pub partner_key: String,
    /// The portal user's address.
    pub email: String,
    /// Their password.
    pub password: String,
}

/// Accepting an invitation: the token from it and the password to set.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_key": "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "token": "inv_…", "password": "correct horse battery"})))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    /// The partner's key.
    pub partner_key: String,
    /// The invitation's token.
    pub token: String,
    /// The new password (12 to 128 characters).
    pub password: String,
}

/// An address asking for a link by mail: to choose a new password, or to sign in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_key": "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "email": "grace@meier.example"})))]
#[serde(deny_unknown_fields)]
pub struct PortalLinkRequest {
    /// The partner's key: the link opens its portal.
    pub partner_key: String,
    /// The portal user's address.
    pub email: String,
}

/// A portal refresh token to exchange or revoke.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PortalRefresh {
    /// The refresh token from the last sign-in or refresh.
    pub refresh_token: String,
}

/// Signing in with a link from a mail: its token.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_key": "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "token": "pl_…"})))]
#[serde(deny_unknown_fields)]
pub struct PortalLinkSignIn {
    /// The partner's key.
    pub partner_key: String,
    /// The link's token.
    pub token: String,
}

/// A customer signing themselves up: their address and name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_key": "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "email": "grace@meier.example", "name": "Grace Meier"})))]
#[serde(deny_unknown_fields)]
pub struct PortalSignUp {
    /// The partner's key: the link opens its portal.
    pub partner_key: String,
    /// The customer's address, at their company's domain.
    pub email: String,
    /// Their name (up to 100 characters).
    pub name: String,
}

/// Finishing a sign-up: the token of the link mailed and the password to set.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_key": "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "token": "pl_…", "password": "correct horse battery"})))]
#[serde(deny_unknown_fields)]
pub struct CompletePortalSignUp {
    /// The partner's key.
    pub partner_key: String,
    /// The link's token.
    pub token: String,
    /// The password (12 to 128 characters).
    pub password: String,
}

/// A customer signed in by the partner's backend: its single sign-on token.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"partner_key": "pk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "token": "eyJhbGciOiJIUzI1NiJ9.e30.x"})))]
#[serde(deny_unknown_fields)]
pub struct PortalSso {
    /// The partner's key.
    pub partner_key: String,
    /// A JWT signed with HS256 and the partner's secret, or with the private key of the
    /// partner's registered public key (RS256 and the other RSA algorithms, ES256 or
    /// ES384): `iss` the partner's key, `aud` `rapport-portal`, `email` the customer's
    /// address, `jti` unique, `exp` at most five minutes ahead.
    pub token: String,
}
