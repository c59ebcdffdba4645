//! Proving an address by mail instead of by password: a link that signs a portal user in,
//! and customers giving themselves portal access (when the organization allows it) at the
//! domain of a known account. Asking is answered the same whether the address has access or
//! not, so nobody learns who has.

use actix_web::{post, HttpResponse};
use api_types::auth::TokenResponse;
use api_types::portal::{CompletePortalSignUp, PortalLinkRequest, PortalLinkSignIn, PortalSignUp};
use api_types::Problem;
use chrono::{DateTime, Duration, Utc};
use db::portal::links::{Link, Purpose};
use db::portal::users::Access;
use db::AnyConnection;
use domain::contact::ContactFields;
use domain::outbound::TemplateKind;
use domain::password::NewPassword;
use domain::portal::{PortalRole, PortalUserFields};
use domain::{text, Email, OrgId, PartnerId, PortalUserId, Violations};

use super::auth::{partner, start_session};
use crate::auth::{passwords, tokens};
use crate::error::ApiError;
use crate::extract::Json;
use crate::kit::{Reply, State};
use crate::limits::SignInAttempt;
use crate::openapi::Invalid;

/// How long a sign-in link works.
const SIGN_IN_MINUTES: i64 = 15;
/// How long a sign-up's link works.
const SIGN_UP_HOURS: i64 = 24;
/// The longest name a customer signing up gives.
const MAX_NAME: usize = 100;

fn used() -> ApiError {
    ApiError::Unauthenticated("this link has been used or has expired; ask for a new one")
}

/// Keeps `link` and queues its mail of `kind`, both or neither; nothing when enough links
/// wait at the address already.
fn mail_link(
    conn: &mut AnyConnection,
    org: OrgId,
    (kind, link): (TemplateKind, Link),
    now: DateTime<Utc>,
) -> Result<(), db::Error> {
    let token = tokens::new_link_token(org);
    let hash = tokens::hash_secret(&token);
    let mail = crate::mail::portal::LinkMail {
        portal_user_id: None,
        partner_id: link.partner,
        token,
    };
    db::connection::write_transaction(conn, |conn| {
        if db::portal::links::create(conn, org, &hash, &link, now)? {
            crate::mail::portal::queue(conn, org, kind, &mail, now)?;
        }
        Ok(())
    })
}

/// Mails a link that signs `user` in through `partner`'s portal.
fn mail_sign_in_link(
    conn: &mut AnyConnection,
    org: OrgId,
    (user, partner): (PortalUserId, PartnerId),
    email: Email,
    now: DateTime<Utc>,
) -> Result<(), db::Error> {
    let link = Link {
        purpose: Purpose::SignIn(user),
        partner,
        email,
        expires_at: now + Duration::minutes(SIGN_IN_MINUTES),
    };
    mail_link(conn, org, (TemplateKind::PortalSignInLink, link), now)
}

/// Ask for a link that signs in without a password.
///
/// If the address signs in to the organization's portal and may, a mail (the
/// `portal_sign_in_link` template) brings a link into the partner's portal that signs in
/// once, within 15 minutes, at `POST /api/v1/portal/auth/magic-link/sign-in`. At most three
/// links wait at an address at once. The answer is 202 either way.
#[utoipa::path(
    tag = "portal",
    request_body = PortalLinkRequest,
    responses(
        (status = 202, description = "If the address has access, the mail is on its way"),
        (status = 401, description = "No portal has the partner key (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        Invalid,
        (status = 429, description = "This address sent too many sign-in requests (`rate_limited`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    )
)]
#[post("/portal/auth/magic-link")]
pub async fn request_portal_sign_in_link(
    _: SignInAttempt,
    state: State,
    body: Json<PortalLinkRequest>,
) -> Reply {
    let PortalLinkRequest { partner_key, email } = body.into_inner();
    let (org, partner) = partner(&state, &partner_key).await?;
    let email = Email::parse("/email", &email)?;
    let now = state.now();
    state
        .db(move |conn| {
            match db::portal::passwords::credentials(conn, org, &email)? {
                Some(user) if user.active => {
                    mail_sign_in_link(conn, org, (user.id, partner.id), email, now)?
                }
                _ => {}
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sign in with a link from a mail.
///
/// The link's token works once and for 15 minutes (401 after, as for an unknown partner
/// key), and only while its portal user may sign in. A password, if the customer has one,
/// stays as it is.
#[utoipa::path(
    tag = "portal",
    request_body = PortalLinkSignIn,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "The link was used or has expired, or no portal has the partner key (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "This address sent too many sign-in requests (`rate_limited`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    )
)]
#[post("/portal/auth/magic-link/sign-in")]
pub async fn sign_in_with_portal_link(
    _: SignInAttempt,
    state: State,
    body: Json<PortalLinkSignIn>,
) -> Reply {
    let PortalLinkSignIn { partner_key, token } = body.into_inner();
    let (org, partner) = partner(&state, &partner_key).await?;
    if tokens::link_token_org(&token) != Some(org) {
        return Err(used());
    }
    let hash = tokens::hash_secret(&token);
    let now = state.now();
    let user = state
        .db(move |conn| {
            let user = db::connection::write_transaction(conn, |conn| {
                // A sign-up's link is not spent here.
                let waiting = db::portal::links::waiting(conn, org, &hash, now)?;
                if !matches!(
                    waiting,
                    Some(Link {
                        purpose: Purpose::SignIn(_),
                        ..
                    })
                ) {
                    return Ok(None);
                }
                let Some(link) = db::portal::links::take(conn, org, &hash, now)? else {
                    return Ok(None);
                };
                let Purpose::SignIn(user) = link.purpose else {
                    return Ok(None);
                };
                // Still theirs and still allowed in.
                let found = db::portal::passwords::credentials(conn, org, &link.email)?;
                Ok::<_, db::Error>(found.filter(|c| c.active && c.id == user).map(|c| c.id))
            })?;
            Ok(user)
        })
        .await?
        .ok_or_else(used)?;
    start_session(&state, org, (user, partner.id), now).await
}

/// The account a customer signing up with `email` would join: the oldest live customer
/// account at its domain (never a public mail service's). None when the contact with the
/// address has portal access under another address, or had it and an admin took it away.
fn sign_up_account(
    conn: &mut AnyConnection,
    org: OrgId,
    email: &Email,
) -> Result<Option<domain::AccountId>, db::Error> {
    if let Some(contact) = db::contacts::find_by_email(conn, org, email)? {
        if db::portal::users::access_of(conn, org, contact.id)? != Access::Never {
            return Ok(None);
        }
    }
    match domain::portal::sign_up_domain(email) {
        Some(domain) => db::accounts::customer_at_domain(conn, org, domain),
        None => Ok(None),
    }
}

/// Sign up to the portal.
///
/// When the organization allows it (`portal_self_sign_up`; 409 `sign_up_off` otherwise), a
/// customer whose address is at the domain of one of its customer accounts (never a public
/// mail service's) gets a mail (the `portal_sign_up` template) with a link that works once, for
/// 24 hours, to choose a password at `POST /api/v1/portal/auth/sign-up/complete`. An address
/// that already has access gets a sign-in link instead; one whose access an admin took away,
/// or at no account's domain, gets nothing. The answer is 202 either way.
#[utoipa::path(
    tag = "portal",
    request_body = PortalSignUp,
    responses(
        (status = 202, description = "If the address may sign up, the mail is on its way"),
        (status = 401, description = "No portal has the partner key (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organization does not let customers sign up (`sign_up_off`)", body = Problem, content_type = "application/problem+json"),
        Invalid,
        (status = 429, description = "This address sent too many sign-in requests (`rate_limited`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    )
)]
#[post("/portal/auth/sign-up")]
pub async fn portal_sign_up(_: SignInAttempt, state: State, body: Json<PortalSignUp>) -> Reply {
    let PortalSignUp {
        partner_key,
        email,
        name,
    } = body.into_inner();
    let (org, partner) = partner(&state, &partner_key).await?;
    let mut v = Violations::new();
    let email = v.check(Email::parse("/email", &email));
    let name = v.check(text::one_line("/name", &name, MAX_NAME));
    let (email, name) = v.finish(|| Some((email?, name?)))?;
    let now = state.now();
    state
        .db(move |conn| {
            if !db::orgs::portal_self_sign_up(conn, org)? {
                return Err(ApiError::Conflict("sign_up_off"));
            }
            match db::portal::passwords::credentials(conn, org, &email)? {
                Some(user) if user.active => {
                    mail_sign_in_link(conn, org, (user.id, partner.id), email, now)?
                }
                Some(_) => {}
                None => {
                    if let Some(account) = sign_up_account(conn, org, &email)? {
                        let link = Link {
                            purpose: Purpose::SignUp { account, name },
                            partner: partner.id,
                            email,
                            expires_at: now + Duration::hours(SIGN_UP_HOURS),
                        };
                        mail_link(conn, org, (TemplateKind::PortalSignUp, link), now)?;
                    }
                }
            }
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Finish signing up: choose a password, and in.
///
/// The sign-up's link works once, for 24 hours (401 after). The customer becomes a portal
/// user who sees their own tickets (and, as every portal user, their company's products and
/// contracts): the contact with their address if there is one, or a new contact at the
/// customer account at their domain. 401 too when the organization stopped letting
/// customers sign up, or the address gained access meanwhile (sign in instead).
#[utoipa::path(
    tag = "portal",
    request_body = CompletePortalSignUp,
    responses(
        (status = 200, description = "Signed up and signed in", body = TokenResponse),
        (status = 401, description = "The link was used or has expired, or no portal has the partner key (`unauthenticated`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Staff gave the address or its contact portal access meanwhile (`portal_email_taken`, `contact_has_portal_access`)", body = Problem, content_type = "application/problem+json"),
        Invalid,
        (status = 429, description = "This address sent too many sign-in requests (`rate_limited`)", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Seconds to wait"))),
    )
)]
#[post("/portal/auth/sign-up/complete")]
pub async fn complete_portal_sign_up(
    _: SignInAttempt,
    state: State,
    body: Json<CompletePortalSignUp>,
) -> Reply {
    let CompletePortalSignUp {
        partner_key,
        token,
        password,
    } = body.into_inner();
    let (org, partner) = partner(&state, &partner_key).await?;
    let password = NewPassword::parse("/password", &password)?;
    if tokens::link_token_org(&token) != Some(org) {
        return Err(used());
    }
    let hash = tokens::hash_secret(&token);
    let now = state.now();
    // The link first: only a waiting sign-up costs the server a password hash.
    let lookup = hash.clone();
    let waiting = state
        .db(move |conn| Ok(db::portal::links::waiting(conn, org, &lookup, now)?))
        .await?;
    if !matches!(
        waiting,
        Some(Link {
            purpose: Purpose::SignUp { .. },
            ..
        })
    ) {
        return Err(used());
    }
    let password_hash = passwords::hash_new(&state, password).await?;
    let user = state
        .db(move |conn| {
            let user = db::connection::write_transaction(conn, |conn| {
                sign_up(conn, org, &hash, &password_hash, now)
            })?;
            Ok(user)
        })
        .await?
        .ok_or_else(used)?;
    start_session(&state, org, (user, partner.id), now).await
}

/// Spends the sign-up link `hash` names and gives its address portal access with
/// `password_hash`; none when the link or the sign-up no longer holds.
fn sign_up(
    conn: &mut AnyConnection,
    org: OrgId,
    hash: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<PortalUserId>, db::Error> {
    let Some(link) = db::portal::links::take(conn, org, hash, now)? else {
        return Ok(None);
    };
    let Purpose::SignUp { name, .. } = link.purpose else {
        return Ok(None);
    };
    // Everything the request checked, checked again: a day may have passed.
    if !db::orgs::portal_self_sign_up(conn, org)?
        || db::portal::passwords::credentials(conn, org, &link.email)?.is_some()
    {
        return Ok(None);
    }
    let Some(account) = sign_up_account(conn, org, &link.email)? else {
        return Ok(None);
    };
    let contact = match db::contacts::find_by_email(conn, org, &link.email)? {
        Some(contact) => contact.id,
        None => new_contact(conn, org, (account, &name), &link.email, now)?,
    };
    let fields = PortalUserFields {
        contact_id: contact,
        email: link.email.clone(),
        role: PortalRole::User,
        active: true,
    };
    let user = db::portal::users::create(conn, org, &fields, None, now)?;
    db::portal::passwords::set_password(conn, org, user.id, password_hash, now)?;
    // Guesses at a password the address never had locked nothing worth keeping locked.
    db::login_throttle::clear(conn, &db::login_throttle::portal(org, &link.email))?;
    db::portal::links::forget_address(conn, org, &link.email)?;
    Ok(Some(user.id))
}

/// A contact at `account` for a customer who signed up, named as they typed it (the last
/// word the last name).
fn new_contact(
    conn: &mut AnyConnection,
    org: OrgId,
    (account, name): (domain::AccountId, &str),
    email: &Email,
    now: DateTime<Utc>,
) -> Result<domain::ContactId, db::Error> {
    let fields = ContactFields {
        account_id: Some(account),
        ..ContactFields::of_address(email, Some(name))
    };
    Ok(db::contacts::create(conn, org, domain::ContactId::mint(), &fields, now)?.id)
}
