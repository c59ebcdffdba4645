//! A partner's single sign-on secret: made anew (shown once) or removed.

use actix_web::web::Path;
use actix_web::{delete, post, HttpResponse};
use api_types::portal::PartnerSsoSecret;
use domain::id::kind;

use crate::auth::{tokens, Caller};
use crate::extract::path_id;
use crate::kit::{Reply, State};
use crate::openapi::Id;

/// Make a new single sign-on secret for a partner.
///
/// Its backend signs its customers' sign-in tokens with it (see
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
    let stored = secret.clone();
    let now = state.now();
    state
        .run(caller, move |conn, p| {
            Ok(db::portal::partners::set_sso_secret(
                conn,
                p.org,
                id,
                Some(&stored),
                now,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(PartnerSsoSecret { secret }))
}

/// Turn a partner's single sign-on off: its secret is forgotten.
#[utoipa::path(
    tag = "partners",
    params(Id),
    responses((status = 204, description = "Single sign-on is off")),
)]
#[delete("/partners/{id}/sso-secret")]
pub async fn remove_sso_secret(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id::<kind::Partner>(&id)?;
    let now = state.now();
    state
        .run(caller, move |conn, p| {
            Ok(db::portal::partners::set_sso_secret(
                conn, p.org, id, None, now,
            )?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
