//! Mail that carries a one-time link into a partner's portal: an invitation or a new
//! password's (the token kept hashed on the portal user), a sign-in link or a sign-up's (the
//! token kept hashed as a portal link). The job carries the token until the mail is sent; the
//! mail is composed then, and skipped if its link no longer works.

use chrono::{DateTime, Utc};
use db::portal::links::Purpose;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::contact::Contact;
use domain::outbound::TemplateKind;
use domain::OrgId;
use serde_json::json;

use super::compose::Found;
use crate::auth::tokens::hash_secret;
use crate::error::ApiError;

/// What the job of a mail with a portal link carries: whose link (for an invitation or a new
/// password, the portal user; a sign-in or sign-up link names its own), into which partner's
/// portal, and the token.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct LinkMail {
    /// The portal user invited or resetting their password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_user_id: Option<domain::PortalUserId>,
    /// The partner whose portal the link opens.
    pub partner_id: domain::PartnerId,
    /// The link's token.
    pub token: String,
}

/// Queues the mail of `kind` carrying the one-time link of `mail`, in the caller's
/// transaction. Whether it will be sent: not when the organization sends no mail.
pub fn queue(
    conn: &mut AnyConnection,
    org: OrgId,
    kind: TemplateKind,
    mail: &LinkMail,
    now: DateTime<Utc>,
) -> Result<bool, db::Error> {
    let payload = serde_json::to_string(mail).map_err(|e| db::Error::Other(e.to_string()))?;
    let about = db::outbound_emails::About {
        kind,
        ticket_id: None,
        ticket_message_id: None,
        user_id: None,
        notification_id: None,
    };
    Ok(db::outbound_emails::queue_with(conn, org, &about, &payload, now)?.is_some())
}

/// Whom a portal link's mail goes to and what it says, or why it is not sent.
pub(super) fn recipient(
    conn: &mut AnyConnection,
    org: OrgId,
    (kind, payload): (TemplateKind, &str),
    (organization, public_url): (&str, &str),
    now: DateTime<Utc>,
) -> Result<Found, ApiError> {
    let Ok(mail) = serde_json::from_str::<LinkMail>(payload) else {
        return Ok(Err("the link is no longer kept".into()));
    };
    let hash = hash_secret(&mail.token);
    let holder = match kind {
        TemplateKind::PortalSignInLink | TemplateKind::PortalSignUp => {
            link_holder(conn, org, &hash, now)?
        }
        _ => invitee(conn, org, (mail.portal_user_id, &hash), now)?,
    };
    let (name, address, expires) = match holder {
        Ok(holder) => holder,
        Err(skip) => return Ok(Err(skip)),
    };
    let to_name = (kind != TemplateKind::PortalSignUp).then(|| name.clone());
    // Its link would open nothing.
    let partner = match record::get::<db::portal::partners::Partner>(
        conn,
        org,
        mail.partner_id,
        Visibility::Live,
    ) {
        Ok(partner) => partner,
        Err(db::Error::NotFound) => return Ok(Err("the partner was deleted".into())),
        Err(e) => return Err(e.into()),
    };
    // The portal's page for each link; a reset's says "choose a new password".
    let (page, reset) = match kind {
        TemplateKind::PortalPasswordReset => ("invitation", "&reset=1"),
        TemplateKind::PortalSignInLink => ("sign-in-link", ""),
        TemplateKind::PortalSignUp => ("sign-up", ""),
        _ => ("invitation", ""),
    };
    let url = format!(
        "{}/portal/{}/{page}?token={}{reset}",
        public_url.trim_end_matches('/'),
        partner.key,
        mail.token
    );
    let context = json!({
        "organization": {"name": organization},
        "recipient": {"name": name, "email": address},
        "invitation": {"url": url, "expires": expires.format("%-d %b %Y, %H:%M UTC").to_string()},
    });
    Ok(Ok(((to_name, address), context, None)))
}

/// A name, an address and when the link stops working; or why there is nothing to send.
type Holder = Result<(String, String, DateTime<Utc>), String>;

/// The portal user whose pending invitation (or new password's link) hashes to `hash`.
fn invitee(
    conn: &mut AnyConnection,
    org: OrgId,
    (user, hash): (Option<domain::PortalUserId>, &str),
    now: DateTime<Utc>,
) -> Result<Holder, ApiError> {
    // Accepted, replaced by a newer one, lapsed, or the user switched off or deleted.
    let pending =
        user.is_some() && db::portal::passwords::invitation_pending(conn, org, hash, now)?;
    let Some(user) = user.filter(|_| pending) else {
        return Ok(Err("the invitation is no longer pending".into()));
    };
    let found = record::get::<db::portal::users::PortalUser>(conn, org, user, Visibility::Live)
        .and_then(|user| {
            let contact: Contact = record::get(conn, org, user.fields.contact_id, Visibility::Any)?;
            Ok((user, contact))
        });
    let (user, contact) = match found {
        Ok(found) => found,
        Err(db::Error::NotFound) => return Ok(Err("the portal user was deleted".into())),
        Err(e) => return Err(e.into()),
    };
    let expires = user.invitation_expires_at.unwrap_or(now);
    Ok(Ok((
        contact.fields.display_name(),
        user.fields.email.as_str().to_owned(),
        expires,
    )))
}

/// The customer a sign-in or sign-up link hashing to `hash` was made for.
fn link_holder(
    conn: &mut AnyConnection,
    org: OrgId,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Holder, ApiError> {
    let Some(link) = db::portal::links::waiting(conn, org, hash, now)? else {
        return Ok(Err("the link was used or has expired".into()));
    };
    let name = match &link.purpose {
        // Anyone can type a name: the mail, from the organization, does not repeat it.
        Purpose::SignUp { .. } => link.email.as_str().to_owned(),
        Purpose::SignIn(user) => {
            let user = match record::get::<db::portal::users::PortalUser>(
                conn,
                org,
                *user,
                Visibility::Live,
            ) {
                Ok(user) if user.fields.active => user,
                Ok(_) => return Ok(Err("the portal user was switched off".into())),
                Err(db::Error::NotFound) => return Ok(Err("the portal user was deleted".into())),
                Err(e) => return Err(e.into()),
            };
            let contact: Contact = record::get(conn, org, user.fields.contact_id, Visibility::Any)?;
            contact.fields.display_name()
        }
    };
    Ok(Ok((name, link.email.as_str().to_owned(), link.expires_at)))
}
