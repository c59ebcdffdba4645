use actix_web::http::header;
use actix_web::web::Path;
use actix_web::{get, patch, HttpResponse};
use api_types::portal::{PortalBranding, PortalMailPreferences, PortalMe, UpdatePortalMe};
use db::portal::partners::Partner;
use db::portal::preferences::MailPreferences;
use db::portal::users::PortalUser;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::account::Account;
use domain::contact::{Contact, ContactFields};
use domain::portal::PartnerFields;
use domain::{text, Violations};

use super::live_partner;
use crate::auth::{PortalCaller, PortalPrincipal};
use crate::error::ApiError;
use crate::extract::Json;
use crate::handlers::partners::features;
use crate::kit::{Reply, State};
use crate::openapi::Invalid;

/// The signed-in customer as the portal shows them.
fn me(conn: &mut AnyConnection, p: &PortalPrincipal) -> Result<PortalMe, ApiError> {
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
    let mail = db::portal::preferences::of_user(conn, p.org, p.user)?;
    Ok(PortalMe {
        id: user.id.to_string(),
        name: contact.fields.display_name(),
        email: user.fields.email.as_str().to_owned(),
        role: user.fields.role.as_str().to_owned(),
        account_name,
        title: contact.fields.title,
        mail: PortalMailPreferences {
            replies: mail.replies,
            updates: mail.updates,
        },
        portal: branding(partner.fields, self_sign_up),
    })
}

/// Who is signed in, and the portal they are in: the partner's name, branding and which
/// parts are on.
#[utoipa::path(
    tag = "portal",
    responses((status = 200, description = "The signed-in customer and their portal", body = PortalMe)),
)]
#[get("/portal/me")]
pub async fn portal_me(state: State, caller: PortalCaller) -> Reply {
    let me = state.run_portal(caller, |conn, p| me(conn, &p)).await?;
    Ok(HttpResponse::Ok().json(me))
}

/// Change your name, job title or which mail you get.
///
/// The name and title are your contact's, as the company you buy from sees them too. Mail
/// about your tickets: `replies` (agents' answers; without them, read them here) and
/// `updates` (a ticket received or solved).
#[utoipa::path(
    tag = "portal",
    request_body = UpdatePortalMe,
    responses(
        (status = 200, description = "The changed profile", body = PortalMe),
        Invalid,
    ),
)]
#[patch("/portal/me")]
pub async fn update_portal_me(
    state: State,
    caller: PortalCaller,
    body: Json<UpdatePortalMe>,
) -> Reply {
    let UpdatePortalMe { name, title, mail } = body.into_inner();
    let mut v = Violations::new();
    let name = v.check_opt(name.as_deref(), |raw| text::one_line("/name", raw, 100));
    let title = v.check_opt(title.as_deref(), |t| text::optional_line("/title", t, 200));
    v.finish(|| Some(()))?;
    let change = Profile { name, title };
    let now = state.now();
    let me = state
        .run_portal(caller, move |conn, p| {
            record::in_transaction(conn, |conn| {
                // Only what changes is written: a staff member editing the contact is not
                // told it changed when it did not.
                let contact: Contact = record::get(conn, p.org, p.contact, Visibility::Live)?;
                if change.applied_to(&contact.fields) != contact.fields {
                    record::modify::<Contact, ApiError>(conn, p.org, p.contact, now, |c| {
                        Ok(change.applied_to(&c.fields))
                    })?;
                }
                let choice = mail.map(|m| MailPreferences {
                    replies: m.replies,
                    updates: m.updates,
                });
                let current = db::portal::preferences::of_user(conn, p.org, p.user)?;
                if let Some(choice) = choice.filter(|c| *c != current) {
                    db::portal::preferences::set(conn, p.org, p.user, choice, now)?;
                }
                me(conn, &p)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// A customer's change to their contact, checked.
struct Profile {
    name: Option<String>,
    title: Option<Option<String>>,
}

impl Profile {
    /// The contact's fields with the change made. A name written as the contact's already
    /// reads keeps how it is split (`Ludwig` `van Beethoven` stays so).
    fn applied_to(&self, current: &ContactFields) -> ContactFields {
        let mut fields = current.clone();
        if let Some(name) = self.name.as_ref().filter(|n| **n != current.display_name()) {
            (fields.first_name, fields.last_name) = match domain::contact::split_name(name) {
                (first, Some(last)) => (first, last),
                // Not a name as names go (it holds an @): kept whole.
                _ => (None, name.clone()),
            };
        }
        if let Some(title) = &self.title {
            fields.title.clone_from(title);
        }
        fields
    }
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
        ticket_categories: f.ticket_categories,
        ticket_fields: f
            .ticket_fields
            .iter()
            .map(crate::handlers::partners::input::ticket_field_body)
            .collect(),
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
