//! Access tokens (JWT, HS256 pinned) and refresh tokens (opaque, stored hashed).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use domain::{OrgId, Role, SessionId, UserId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::distributions::Alphanumeric;
use rand::{Rng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::principal::Caller;
use crate::error::ApiError;

/// The audience of staff access tokens; portal tokens will have their own.
pub const STAFF_AUDIENCE: &str = "rapport-staff";

/// The `typ` header of access tokens (RFC 9068).
pub const ACCESS_TOKEN_TYPE: &str = "at+jwt";

/// What an access token says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// The user.
    pub sub: String,
    /// The user's organization.
    pub org: String,
    /// The session (refresh-token family) the token belongs to.
    pub sid: String,
    /// The user's role when the token was issued.
    pub role: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Not before.
    pub nbf: i64,
    /// Expires.
    pub exp: i64,
}

/// Signing and checking keys.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    /// Access-token lifetime in seconds.
    pub access_seconds: i64,
}

impl TokenKeys {
    /// Keys from a secret; an empty secret makes a random one.
    pub fn new(secret: &str, issuer: &str, access_seconds: i64) -> Self {
        let secret: Vec<u8> = if secret.is_empty() {
            let mut random = vec![0u8; 64];
            rand::thread_rng().fill_bytes(&mut random);
            random
        } else {
            secret.as_bytes().to_vec()
        };
        Self {
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
            issuer: issuer.to_owned(),
            access_seconds,
        }
    }

    /// Signs an access token for a user's session.
    pub fn issue(&self, caller: Caller, now: DateTime<Utc>) -> Result<String, ApiError> {
        let Caller {
            org,
            user,
            session,
            role,
        } = caller;
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: STAFF_AUDIENCE.to_owned(),
            sub: user.to_string(),
            org: org.to_string(),
            sid: session.to_string(),
            role: role.as_str().to_owned(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: now.timestamp() + self.access_seconds,
        };
        let header = Header {
            typ: Some(ACCESS_TOKEN_TYPE.to_owned()),
            ..Header::new(Algorithm::HS256)
        };
        jsonwebtoken::encode(&header, &claims, &self.encoding)
            .map_err(|e| ApiError::Internal(e.to_string()))
    }

    /// Checks signature, algorithm, issuer, audience, and expiry and not-before against `now`
    /// (the application's clock, with five seconds of leeway).
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Caller, ApiError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[STAFF_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        let invalid = || ApiError::Unauthenticated("the access token is invalid or expired");
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| invalid())?;
        // Only access tokens (RFC 9068), never another kind of JWT signed with the same key.
        if data.header.typ.as_deref() != Some(ACCESS_TOKEN_TYPE) {
            return Err(invalid());
        }
        const LEEWAY: i64 = 5;
        let now = now.timestamp();
        if data.claims.exp + LEEWAY <= now || data.claims.nbf - LEEWAY > now {
            return Err(invalid());
        }
        let bad = |_| invalid();
        Ok(Caller {
            org: OrgId::parse("", &data.claims.org).map_err(bad)?,
            user: UserId::parse("", &data.claims.sub).map_err(bad)?,
            session: SessionId::parse("", &data.claims.sid).map_err(bad)?,
            role: Role::parse("", &data.claims.role).map_err(bad)?,
        })
    }
}

/// A new refresh token for an organization: the org id (so it can be looked up within the
/// tenant) followed by 32 random bytes, base64url.
pub fn new_refresh_token(org: OrgId) -> String {
    let mut bytes = org.as_bytes().to_vec();
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    bytes.extend_from_slice(&secret);
    format!("rt_{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The organization a refresh token belongs to, if it is well-formed.
pub fn refresh_token_org(token: &str) -> Option<OrgId> {
    let bytes = URL_SAFE_NO_PAD.decode(token.strip_prefix("rt_")?).ok()?;
    (bytes.len() == 48)
        .then(|| OrgId::from_bytes(&bytes[..16]))
        .flatten()
}

/// What is stored for a refresh token: its SHA-256, hex. The token has 256 random bits, so a
/// fast hash is enough.
pub fn hash_refresh_token(token: &str) -> String {
    hash_secret(token)
}

/// A new shared secret (an inbound URL's, a provider's signing key): 32 letters and digits (about 190 bits).
pub fn new_secret() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(32)
        .map(char::from)
        .collect()
}

/// Whether two secrets are equal, in a time that does not tell how much of them matched.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |d, (x, y)| d | (x ^ y)) == 0
}

/// What is stored for a secret token of 256 random bits (a refresh token, a calendar feed's):
/// its SHA-256, hex, which a fast hash makes safe enough.
pub fn hash_secret(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller() -> Caller {
        Caller {
            org: OrgId::mint(),
            user: UserId::mint(),
            session: SessionId::mint(),
            role: Role::Agent,
        }
    }

    #[test]
    fn issued_tokens_verify_and_tampered_ones_do_not() -> Result<(), ApiError> {
        let keys = TokenKeys::new("0123456789abcdef0123456789abcdef", "rapport", 900);
        let caller = caller();
        let token = keys.issue(caller, Utc::now())?;
        assert_eq!(keys.verify(&token, Utc::now())?, caller);
        let other = TokenKeys::new("another secret that is long enough!!", "rapport", 900);
        assert!(other.verify(&token, Utc::now()).is_err());
        Ok(())
    }

    #[test]
    fn expired_tokens_and_unsigned_tokens_are_refused() -> Result<(), ApiError> {
        let keys = TokenKeys::new("0123456789abcdef0123456789abcdef", "rapport", 900);
        let caller = caller();
        let old = keys.issue(caller, Utc::now() - chrono::Duration::seconds(1000))?;
        assert!(keys.verify(&old, Utc::now()).is_err());
        // alg=none with the same claims.
        let token = keys.issue(caller, Utc::now())?;
        let payload = token.split('.').nth(1).unwrap_or_default();
        let none = format!(
            "{}.{payload}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#)
        );
        assert!(keys.verify(&none, Utc::now()).is_err());
        Ok(())
    }

    #[test]
    fn refresh_tokens_carry_their_organization() {
        let org = OrgId::mint();
        let token = new_refresh_token(org);
        assert_eq!(refresh_token_org(&token), Some(org));
        assert_eq!(refresh_token_org("rt_garbage"), None);
        assert_ne!(
            hash_refresh_token(&token),
            hash_refresh_token(&new_refresh_token(org))
        );
    }
}
