use actix_web::http::header;
use actix_web::web::Path;
use actix_web::{get, HttpResponse};
use api_types::portal::{PortalBranding, PortalMe};
use db::portal::partners::Partner;
use db::portal::users::PortalUser;
use db::record::{self, Visibility};
use domain::account::Account;
use domain::contact::Contact;
use domain::portal::PartnerFields;

use super::live_partner;
use crate::auth::PortalCaller;
use crate::error::ApiError;
use crate::handlers::partners::features;
use crate::kit::{Reply, State};

/// Who is signed in, and the portal they are in: the partner's name, branding and which
/// parts are on.
#[utoipa::path(
    tag = "portal",
    responses((status = 200, description = "The signed-in customer and their portal", body = PortalMe)),
)]
#[get("/portal/me")]
pub async fn portal_me(state: State, caller: PortalCaller) -> Reply {
    let me = state
        .run_portal(caller, move |conn, p| {
            let user: PortalUser = record::get(conn, p.org, p.user, Visibility::Live)?;
            let contact: Contact = record::get(conn, p.org, p.contact, Visibility::Live)?;
            let account_name = match p.account {
                Some(account) => record::get::<Account>(conn, p.org, account, Visibility::Any)
                    .ok()
                    .map(|a| a.fields.name),
                None => None,
            };
            let partner: Partner = record::get(conn, p.org, p.partner, Visibility::Live)?;
            let self_sign_up = db::orgs::portal_self_sign_up(conn, p.org)?;
            Ok(PortalMe {
                id: user.id.to_string(),
                name: contact.fields.display_name(),
                email: user.fields.email.as_str().to_owned(),
                role: user.fields.role.as_str().to_owned(),
                account_name,
                portal: branding(partner.fields, self_sign_up),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// A partner's portal as its customers see it.
fn branding(f: PartnerFields, self_sign_up: bool) -> PortalBranding {
    PortalBranding {
        name: f.name,
        accent_color: f.accent_color,
        logo_url: f.logo_url,
        language: f.language,
        features: features(f.features),
        allowed_origins: f.allowed_origins,
        self_sign_up,
    }
}

/// How a partner's portal looks, before anyone signs in: the sign-in page wears the
/// partner's name, logo and colour. Unknown (or deleted) partner keys answer 404.
#[utoipa::path(
    tag = "portal",
    params(("partner_key" = String, Path, description = "The partner's key (`pk_…`)")),
    responses(
        (status = 200, description = "The partner's portal", body = PortalBranding),
        (status = 404, description = "No portal has this key", body = api_types::Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/portal/partners/{partner_key}")]
pub async fn portal_branding(state: State, key: Path<String>) -> Reply {
    let (org, partner) = live_partner(&state, &key)
        .await?
        .ok_or(ApiError::NotFound)?;
    let self_sign_up = state
        .db(move |conn| Ok(db::orgs::portal_self_sign_up(conn, org)?))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .json(branding(partner.fields, self_sign_up)))
}
