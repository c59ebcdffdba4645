//! Single sign-on: a partner's backend signs a short-lived token saying which customer it
//! has signed in, and the customer lands in the portal signed in.

use actix_web::post;
use api_types::auth::TokenResponse;
use api_types::portal::PortalSso;
use chrono::{DateTime, Utc};
use db::AnyConnection;
use domain::portal::{PortalRole, PortalUserFields};
use domain::{Email, FieldError, OrgId, PortalUserId};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use super::auth::{partner, start_session};
use crate::auth::partner_keys::{public_key, Family};
use crate::auth::tokens::PORTAL_AUDIENCE;
use crate::error::ApiError;
use crate::extract::Json;
use crate::kit::{Reply, State};
use crate::limits::SignInAttempt;

/// The longest a single sign-on token may live, in seconds: it is made for one redirect.
const MOST_SECONDS: i64 = 300;

/// How far clocks may disagree, in seconds.
const LEEWAY: i64 = 5;

/// What a partner's token says.
#[derive(Debug, Deserialize)]
struct SsoClaims {
    email: String,
    jti: String,
    exp: i64,
}

fn refused() -> ApiError {
    ApiError::Unauthenticated("the single sign-on token is not valid, has expired or was used")
}

/// The longest public key (PEM) a partner may register.
const MOST_KEY_CHARS: usize = 10_000;

/// A public key an admin registers for a partner, checked (see [`public_key`]).
pub fn registered_key(raw: &str) -> Result<String, FieldError> {
    let pem = raw.trim();
    if pem.chars().count() > MOST_KEY_CHARS || public_key(pem).is_none() {
        return Err(FieldError::new(
            "/public_key",
            "invalid_key",
            "must be one public key in PEM (-----BEGIN PUBLIC KEY-----), RSA of 2048 to 8192 \
             bits or EC on P-256 or P-384; never a private key",
        ));
    }
    Ok(format!("{pem}\n"))
}

/// The claims of `token`, if the partner signed it for this portal (`iss` the partner's key,
/// `aud` `rapport-portal`) and it is live at `now` and short. It is signed with the
/// partner's secret (HS256), or with the private key of its registered public key (the RSA
/// algorithms for an RSA key, ES256 or ES384 for an EC key); a public key never serves as a
/// secret, nor a key for another family's algorithm.
fn check(
    token: &str,
    (secret, public): (Option<&str>, Option<&str>),
    key: &str,
    now: DateTime<Utc>,
) -> Result<SsoClaims, ApiError> {
    let algorithm = jsonwebtoken::decode_header(token)
        .map_err(|_| refused())?
        .alg;
    let family = match algorithm {
        Algorithm::HS256 => None,
        Algorithm::RS256
        | Algorithm::RS384
        | Algorithm::RS512
        | Algorithm::PS256
        | Algorithm::PS384
        | Algorithm::PS512 => Some(Family::Rsa),
        Algorithm::ES256 | Algorithm::ES384 => Some(Family::Ec),
        _ => return Err(refused()),
    };
    let checking = match family {
        None => DecodingKey::from_secret(secret.ok_or_else(refused)?.as_bytes()),
        Some(wanted) => match public.and_then(public_key) {
            Some((found, key)) if found == wanted => key,
            _ => return Err(refused()),
        },
    };
    let mut validation = Validation::new(algorithm);
    validation.set_issuer(&[key]);
    validation.set_audience(&[PORTAL_AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    // Time is checked below, against the application's clock.
    validation.validate_exp = false;
    let claims = jsonwebtoken::decode::<SsoClaims>(token, &checking, &validation)
        .map_err(|_| refused())?
        .claims;
    let now = now.timestamp();
    let live = claims.exp.saturating_add(LEEWAY) > now && claims.exp <= now + MOST_SECONDS + LEEWAY;
    let jti_ok = !claims.jti.trim().is_empty() && claims.jti.len() <= 200;
    if live && jti_ok {
        Ok(claims)
    } else {
        Err(refused())
    }
}

/// The portal user a partner signed in: the one with the address, else one made for the
/// one live contact with it (a customer the partner knows needs no invitation). None for an
/// address no contact has or several share, a portal user switched off, or a contact whose
/// portal access an admin took away (deleted): single sign-on never gives it back.
fn customer(
    conn: &mut AnyConnection,
    org: OrgId,
    email: &Email,
    now: DateTime<Utc>,
) -> Result<Option<PortalUserId>, ApiError> {
    if let Some(found) = db::portal::passwords::credentials(conn, org, email)? {
        return Ok(found.active.then_some(found.id));
    }
    let Some(contact) = db::portal::users::only_contact_with(conn, org, email)? else {
        return Ok(None);
    };
    match db::portal::users::access_of(conn, org, contact)? {
        db::portal::users::Access::Live(user, active) => Ok(active.then_some(user)),
        db::portal::users::Access::TakenAway => Ok(None),
        db::portal::users::Access::Never => {
            let fields = PortalUserFields {
                contact_id: contact,
                email: email.clone(),
                role: PortalRole::User,
                active: true,
            };
            let made = db::portal::users::create(conn, org, &fields, None, now);
            match made {
                Ok(user) => Ok(Some(user.id)),
                // Two first sign-ins at once: the other one made it.
                Err(db::Error::Conflict(_)) => {
                    match db::portal::users::access_of(conn, org, contact)? {
                        db::portal::users::Access::Live(user, true) => Ok(Some(user)),
                        _ => Ok(None),
                    }
                }
                Err(other) => Err(other.into()),
            }
        }
    }
}

/// Sign a customer in with a partner's single sign-on token.
///
/// The partner's backend, which has signed its customer in, signs a JWT with HS256 and the
/// partner's secret (`POST /api/v1/partners/{id}/sso-secret`), or with its own private key
/// whose public key is registered (`PUT /api/v1/partners/{id}/sso-public-key`; RS256 and
/// the other RSA algorithms, ES256 or ES384): `iss` the partner's key,
/// `aud` `rapport-portal`, `email` the customer's address, `jti` unique, `exp` at most five
/// minutes ahead. Each token works once. The customer is the portal user with that address,
/// or the one contact with it, who gets portal access then (unless an admin took it away).
/// A partner's secret can sign in any customer of the organization: give it only to a
/// partner's backend you trust with all of them. Anything else (a wrong signature,
/// issuer, audience or expiry, a token used before, a partner without single sign-on, an
/// unknown address) answers 401.
#[utoipa::path(
    tag = "portal",
    request_body = PortalSso,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "The token or the partner does not hold (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 429, description = "This address sent too many sign-in requests (`rate_limited`)", body = api_types::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    ),
)]
#[post("/portal/auth/sso")]
pub async fn portal_sso(_: SignInAttempt, state: State, body: Json<PortalSso>) -> Reply {
    let PortalSso { partner_key, token } = body.into_inner();
    let (org, partner) = partner(&state, &partner_key).await?;
    let now = state.now();
    let partner_id = partner.id;
    let user = state
        .db(move |conn| {
            let (secret, public) = db::portal::partners::sso_keys(conn, org, partner_id)?;
            let keys = (secret.as_deref(), public.as_deref());
            let claims = check(&token, keys, &partner_key, now)?;
            let email = Email::parse("/email", &claims.email).map_err(|_| refused())?;
            // Remembered for as long as it would pass, leeway included.
            let expires = DateTime::from_timestamp(claims.exp.saturating_add(LEEWAY), 0)
                .ok_or_else(refused)?;
            if !db::portal::sso::use_once(conn, org, partner_id, (&claims.jti, expires), now)? {
                return Err(refused());
            }
            customer(conn, org, &email, now)?.ok_or_else(refused)
        })
        .await?;
    start_session(&state, org, (user, partner.id), now).await
}
