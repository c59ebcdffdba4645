use actix_web::{get, HttpResponse};
use api_types::portal::{PortalBranding, PortalMe};
use db::portal::partners::Partner;
use db::portal::users::PortalUser;
use db::record::{self, Visibility};
use domain::account::Account;
use domain::contact::Contact;

use crate::auth::PortalCaller;
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
            let f = partner.fields;
            Ok(PortalMe {
                id: user.id.to_string(),
                name: contact.fields.display_name(),
                email: user.fields.email.as_str().to_owned(),
                role: user.fields.role.as_str().to_owned(),
                account_name,
                portal: PortalBranding {
                    name: f.name,
                    accent_color: f.accent_color,
                    logo_url: f.logo_url,
                    language: f.language,
                    features: features(f.features),
                },
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}
