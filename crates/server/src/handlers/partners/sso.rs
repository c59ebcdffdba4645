//! A partner's single sign-on keys: a secret made anew (shown once) or removed, and the
//! public key of a private key its backend keeps, registered or removed.

use actix_web::web::Path;
use actix_web::{delete, post, put, HttpResponse};
use api_types::portal::{PartnerSsoPublicKey, PartnerSsoSecret};
use db::portal::partners::SsoKey;
use domain::id::kind;
use domain::PartnerId;

use crate::auth::{tokens, Caller};
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, Json};
use crate::handlers::portal::sso::registered_key;
use crate::kit::{Reply, State, View};
use crate::openapi::{Id, Invalid};

/// Sets or forgets one of partner `id`'s keys for the caller.
async fn set(state: &State, caller: Caller, id: PartnerId, key: SsoKey) -> Reply {
    let now = state.now();
    let (version, partner) = state
        .run(caller, move |conn, p| {
            let partner = db::portal::partners::set_sso_key(conn, p.org, id, &key, now)?;
            let body = db::portal::partners::Partner::view(conn, p.org, &partner)?;
            Ok((partner.version, body))
        })
        .await?;
    Ok(json_with_etag(HttpResponse::Ok(), version, &partner))
}

/// Make a new single sign-on secret for a partner.
///
/// Its backend signs its customers' sign-in tokens with it (HS256; see
/// `POST /api/v1/portal/auth/sso`). Shown only in this answer; it replaces the one before,
/// whose tokens stop working at once.
#[utoipa::path(
    tag = "partners",
    params(Id),
    responses((status = 200, description = "The new secret", body = PartnerSsoSecret)),
)]
#[post("/partners/{id}/sso-secret")]
pub async fn new_sso_secret(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id::<kind::Partner>(&id)?;
    let secret = format!("{}{}", tokens::new_secret(), tokens::new_secret());
    set(&state, caller, id, SsoKey::Secret(Some(secret.clone()))).await?;
    Ok(HttpResponse::Ok().json(PartnerSsoSecret { secret }))
}

/// Forget a partner's single sign-on secret: tokens it signed are refused from now on (a
/// registered public key still works).
#[utoipa::path(
    tag = "partners",
    params(Id),
    responses((status = 204, description = "The secret is forgotten")),
)]
#[delete("/partners/{id}/sso-secret")]
pub async fn remove_sso_secret(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id::<kind::Partner>(&id)?;
    set(&state, caller, id, SsoKey::Secret(None)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Register the public key of a partner's backend.
///
/// The backend keeps the private key and signs its customers' sign-in tokens with it
/// (RS256, RS384, RS512, PS256, PS384 or PS512 with an RSA key; ES256 or ES384 with an EC
/// key): nothing secret is shared. It replaces the key registered before. A private key, or
/// anything but one RSA or EC public key in PEM, is refused (422 at `/public_key`).
#[utoipa::path(
    tag = "partners",
    params(Id),
    request_body = PartnerSsoPublicKey,
    responses(
        (status = 200, description = "The partner, with its key", body = api_types::portal::Partner, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[put("/partners/{id}/sso-public-key")]
pub async fn set_sso_public_key(
    state: State,
    caller: Caller,
    id: Path<String>,
    body: Json<PartnerSsoPublicKey>,
) -> Reply {
    let id = path_id::<kind::Partner>(&id)?;
    let pem = registered_key(&body.public_key).map_err(ApiError::from)?;
    set(&state, caller, id, SsoKey::PublicKey(Some(pem))).await
}

/// Forget a partner's public key: tokens signed with its private key are refused from now on.
#[utoipa::path(
    tag = "partners",
    params(Id),
    responses((status = 204, description = "The public key is forgotten")),
)]
#[delete("/partners/{id}/sso-public-key")]
pub async fn remove_sso_public_key(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id::<kind::Partner>(&id)?;
    set(&state, caller, id, SsoKey::PublicKey(None)).await?;
    Ok(HttpResponse::NoContent().finish())
}
