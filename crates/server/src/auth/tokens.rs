//! Access tokens (JWT, HS256 pinned) and refresh tokens (opaque, stored hashed).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use domain::portal::PortalRole;
use domain::{OrgId, PartnerId, PortalSessionId, PortalUserId, Role, SessionId, UserId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::distributions::Alphanumeric;
use rand::{Rng, RngCore};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::portal::PortalCaller;
use crate::auth::principal::Caller;
use crate::error::ApiError;

/// The audience of staff access tokens.
pub const STAFF_AUDIENCE: &str = "rapport-staff";

/// The audience of portal access tokens, which are also signed with a key of their own.
pub const PORTAL_AUDIENCE: &str = "rapport-portal";

/// The `typ` header of access tokens (RFC 9068).
pub const ACCESS_TOKEN_TYPE: &str = "at+jwt";

/// What a staff access token says.
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

/// What a portal access token says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PortalClaims {
    /// Issuer.
    pub iss: String,
    /// Audience: always [`PORTAL_AUDIENCE`].
    pub aud: String,
    /// The portal user.
    pub sub: String,
    /// Their organization.
    pub org: String,
    /// The portal session.
    pub sid: String,
    /// The partner signed in through.
    pub ptn: String,
    /// The portal role when the token was issued.
    pub role: String,
    /// Issued at (seconds since the epoch).
    pub iat: i64,
    /// Not before.
    pub nbf: i64,
    /// Expires.
    pub exp: i64,
}

/// Claims whose validity in time the application's clock checks.
trait Timed {
    fn window(&self) -> (i64, i64);
}

impl Timed for Claims {
    fn window(&self) -> (i64, i64) {
        (self.nbf, self.exp)
    }
}

impl Timed for PortalClaims {
    fn window(&self) -> (i64, i64) {
        (self.nbf, self.exp)
    }
}

/// One signing key, both ways.
struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Keys {
    fn new(secret: &[u8]) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }
}

/// Signing and checking keys: one for staff tokens, another (derived from the same secret)
/// for portal tokens, so neither kind's signature ever checks out as the other's.
pub struct TokenKeys {
    staff: Keys,
    portal: Keys,
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
        // The portal's key: SHA-256 of a label and the secret, so that it differs from the
        // staff key and neither can be told from the other.
        let portal = Sha256::new()
            .chain_update(b"rapport portal access tokens\0")
            .chain_update(&secret)
            .finalize()
            .to_vec();
        Self {
            staff: Keys::new(&secret),
            portal: Keys::new(&portal),
            issuer: issuer.to_owned(),
            access_seconds,
        }
    }

    fn sign(&self, claims: &impl Serialize, keys: &Keys) -> Result<String, ApiError> {
        let header = Header {
            typ: Some(ACCESS_TOKEN_TYPE.to_owned()),
            ..Header::new(Algorithm::HS256)
        };
        jsonwebtoken::encode(&header, claims, &keys.encoding)
            .map_err(|e| ApiError::Internal(e.to_string()))
    }

    /// Checks signature, algorithm, type, issuer, audience, and expiry and not-before against
    /// `now` (the application's clock, with five seconds of leeway).
    fn check<C: DeserializeOwned + Timed>(
        &self,
        token: &str,
        (keys, audience): (&Keys, &str),
        now: DateTime<Utc>,
    ) -> Result<C, ApiError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        let data =
            jsonwebtoken::decode::<C>(token, &keys.decoding, &validation).map_err(|_| invalid())?;
        // Only access tokens (RFC 9068), never another kind of JWT signed with the same key.
        if data.header.typ.as_deref() != Some(ACCESS_TOKEN_TYPE) {
            return Err(invalid());
        }
        const LEEWAY: i64 = 5;
        let now = now.timestamp();
        let (nbf, exp) = data.claims.window();
        if exp + LEEWAY <= now || nbf - LEEWAY > now {
            return Err(invalid());
        }
        Ok(data.claims)
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
        self.sign(&claims, &self.staff)
    }

    /// The staff caller a staff access token names.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Caller, ApiError> {
        let claims: Claims = self.check(token, (&self.staff, STAFF_AUDIENCE), now)?;
        let bad = |_| invalid();
        Ok(Caller {
            org: OrgId::parse("", &claims.org).map_err(bad)?,
            user: UserId::parse("", &claims.sub).map_err(bad)?,
            session: SessionId::parse("", &claims.sid).map_err(bad)?,
            role: Role::parse("", &claims.role).map_err(bad)?,
        })
    }

    /// Signs a portal access token for a portal user's session.
    pub fn issue_portal(
        &self,
        caller: PortalCaller,
        now: DateTime<Utc>,
    ) -> Result<String, ApiError> {
        let claims = PortalClaims {
            iss: self.issuer.clone(),
            aud: PORTAL_AUDIENCE.to_owned(),
            sub: caller.user.to_string(),
            org: caller.org.to_string(),
            sid: caller.session.to_string(),
            ptn: caller.partner.to_string(),
            role: caller.role.as_str().to_owned(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: now.timestamp() + self.access_seconds,
        };
        self.sign(&claims, &self.portal)
    }

    /// The portal caller a portal access token names.
    pub fn verify_portal(&self, token: &str, now: DateTime<Utc>) -> Result<PortalCaller, ApiError> {
        let claims: PortalClaims = self.check(token, (&self.portal, PORTAL_AUDIENCE), now)?;
        let bad = |_| invalid();
        Ok(PortalCaller {
            org: OrgId::parse("", &claims.org).map_err(bad)?,
            user: PortalUserId::parse("", &claims.sub).map_err(bad)?,
            session: PortalSessionId::parse("", &claims.sid).map_err(bad)?,
            partner: PartnerId::parse("", &claims.ptn).map_err(bad)?,
            role: PortalRole::parse("", &claims.role).map_err(bad)?,
        })
    }
}

fn invalid() -> ApiError {
    ApiError::Unauthenticated("the access token is invalid or expired")
}

/// A secret that names its organization, so it can be looked up within the tenant:
/// `prefix` then base64url of the org id and `random` random bytes.
fn org_token(prefix: &str, org: OrgId, random: usize) -> String {
    let mut bytes = org.as_bytes().to_vec();
    let mut secret = vec![0u8; random];
    rand::thread_rng().fill_bytes(&mut secret);
    bytes.extend_from_slice(&secret);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// The organization an [`org_token`] names, if it is well-formed.
fn token_org(prefix: &str, token: &str, random: usize) -> Option<OrgId> {
    let bytes = URL_SAFE_NO_PAD.decode(token.strip_prefix(prefix)?).ok()?;
    (bytes.len() == 16 + random)
        .then(|| OrgId::from_bytes(&bytes[..16]))
        .flatten()
}

/// A new refresh token for an organization: the org id followed by 32 random bytes.
pub fn new_refresh_token(org: OrgId) -> String {
    org_token("rt_", org, 32)
}

/// The organization a refresh token belongs to, if it is well-formed.
pub fn refresh_token_org(token: &str) -> Option<OrgId> {
    token_org("rt_", token, 32)
}

/// A new portal session's refresh token (its own prefix, so the two kinds are told apart
/// in logs and by secret scanners).
pub fn new_portal_refresh_token(org: OrgId) -> String {
    org_token("prt_", org, 32)
}

/// The organization a portal refresh token belongs to, if it is well-formed.
pub fn portal_refresh_token_org(token: &str) -> Option<OrgId> {
    token_org("prt_", token, 32)
}

/// A new portal invitation's one-time token.
pub fn new_invitation_token(org: OrgId) -> String {
    org_token("inv_", org, 32)
}

/// The organization an invitation token belongs to, if it is well-formed.
pub fn invitation_token_org(token: &str) -> Option<OrgId> {
    token_org("inv_", token, 32)
}

/// A new one-time link's token: a sign-in link's or a self sign-up's.
pub fn new_link_token(org: OrgId) -> String {
    org_token("pl_", org, 32)
}

/// The organization a link's token belongs to, if it is well-formed.
pub fn link_token_org(token: &str) -> Option<OrgId> {
    token_org("pl_", token, 32)
}

/// A new partner's key, public: it names the portal in URLs.
pub fn new_partner_key(org: OrgId) -> String {
    org_token("pk_", org, 12)
}

/// The organization a partner key belongs to, if it is well-formed.
pub fn partner_key_org(key: &str) -> Option<OrgId> {
    token_org("pk_", key, 12)
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
    fn staff_and_portal_tokens_never_pass_as_each_other() -> Result<(), ApiError> {
        let keys = TokenKeys::new("0123456789abcdef0123456789abcdef", "rapport", 900);
        let portal = PortalCaller {
            org: OrgId::mint(),
            user: PortalUserId::mint(),
            session: PortalSessionId::mint(),
            partner: PartnerId::mint(),
            role: PortalRole::User,
        };
        let portal_token = keys.issue_portal(portal, Utc::now())?;
        assert_eq!(keys.verify_portal(&portal_token, Utc::now())?, portal);
        assert!(keys.verify(&portal_token, Utc::now()).is_err());
        let staff_token = keys.issue(caller(), Utc::now())?;
        assert!(keys.verify_portal(&staff_token, Utc::now()).is_err());
        Ok(())
    }

    #[test]
    fn refresh_tokens_carry_their_organization() {
        let org = OrgId::mint();
        let token = new_refresh_token(org);
        assert_eq!(refresh_token_org(&token), Some(org));
        assert_eq!(refresh_token_org("rt_garbage"), None);
        let key = new_partner_key(org);
        assert_eq!(partner_key_org(&key), Some(org));
        assert_eq!(refresh_token_org(&key), None);
        assert_eq!(invitation_token_org(&new_invitation_token(org)), Some(org));
        assert_ne!(
            hash_refresh_token(&token),
            hash_refresh_token(&new_refresh_token(org))
        );
    }
}
