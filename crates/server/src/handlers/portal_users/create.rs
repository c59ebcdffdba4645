use actix_web::post;
use actix_web::web::Path;
use api_types::portal::{CreatePortalUser, InvitedPortalUser, ReinvitePortalUser};
use chrono::{DateTime, Duration, Utc};
use db::portal::passwords::Invitation;
use db::record::{self, Visibility};
use domain::contact::Contact;
use domain::outbound::TemplateKind;
use domain::portal::PortalUserFields;
use domain::{ContactId, Email, FieldError, OrgId, PartnerId, Violations};

use super::{input, INVITATION_DAYS};
use crate::auth::{tokens, Caller};
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, Json, OptionalJson};
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id, Invalid};

/// A new invitation token and what is stored of it.
fn invitation(org: OrgId) -> (String, String) {
    let token = tokens::new_invitation_token(org);
    let hash = tokens::hash_secret(&token);
    (token, hash)
}

/// The partner an invitation is to be mailed for, if one is named.
fn partner_of(v: &mut Violations, raw: Option<&str>) -> Option<PartnerId> {
    v.check_opt(raw, |p| PartnerId::parse("/partner_id", p))
}

/// Queues the invitation's mail to `user`, with a link into the portal of the live partner
/// `partner`, in the caller's transaction: an invitation, or for a user who has a password a
/// new password's link. Whether it is sent: not to a switched-off user (who cannot accept
/// it), nor when the organization sends no mail.
fn mail_invitation(
    conn: &mut db::AnyConnection,
    org: OrgId,
    (user, partner): (&db::portal::users::PortalUser, PartnerId),
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool, db::Error> {
    let partner: db::portal::partners::Partner = record::get(conn, org, partner, Visibility::Live)
        .map_err(|e| match e {
            db::Error::NotFound => db::Error::UnknownReference("partner_id"),
            other => other,
        })?;
    if !user.fields.active {
        return Ok(false);
    }
    let kind = if user.has_password {
        TemplateKind::PortalPasswordReset
    } else {
        TemplateKind::PortalInvitation
    };
    let mail = crate::mail::portal::LinkMail {
        portal_user_id: Some(user.id),
        partner_id: partner.id,
        token: token.to_owned(),
    };
    crate::mail::portal::queue(conn, org, kind, &mail, now)
}

/// Give a contact portal access.
///
/// The contact is invited: the answer's `invitation_token` lets them set a password (at
/// `POST /api/v1/portal/auth/invitation`) for 7 days, once; it is shown only here. With a
/// `partner_id`, Rapport also emails them the link into that partner's portal (the
/// `portal_invitation` template). They sign in with `email`, the contact's own unless given.
/// A contact has one portal user (409 `contact_has_portal_access`), and an address one (409
/// `portal_email_taken`).
#[utoipa::path(
    tag = "portal-users",
    request_body = CreatePortalUser,
    responses(
        (status = 201, description = "Created, with the invitation's token", body = InvitedPortalUser, headers(("ETag" = String), ("Location" = String))),
        Conflict,
        Invalid,
    ),
)]
#[post("/portal-users")]
pub async fn create_portal_user(
    state: State,
    caller: Caller,
    body: Json<CreatePortalUser>,
) -> Reply {
    let body = body.into_inner();
    let mut v = Violations::new();
    let contact = v.check(ContactId::parse("/contact_id", &body.contact_id));
    let email = v.check_opt(body.email, |e| Email::parse("/email", &e));
    let role = input::role(&mut v, body.role.as_deref());
    let partner = partner_of(&mut v, body.partner_id.as_deref());
    let (contact, role) = v
        .finish(|| Some((contact?, role?)))
        .map_err(ApiError::from)?;
    let now = state.now();
    let expires_at = now + Duration::days(INVITATION_DAYS);
    let (user, token, emailed) = state
        .run(caller, move |conn, p| {
            let email = match email {
                Some(email) => email,
                None => contact_email(conn, p.org, contact)?,
            };
            let fields = PortalUserFields {
                contact_id: contact,
                email,
                role,
                active: true,
            };
            let (token, token_hash) = invitation(p.org);
            let invitation = Invitation {
                token_hash: &token_hash,
                expires_at,
            };
            // Access and its mail, or neither.
            let made = db::connection::write_transaction(conn, |conn| {
                let user = db::portal::users::create(conn, p.org, &fields, Some(invitation), now)?;
                let emailed = match partner {
                    Some(partner) => mail_invitation(conn, p.org, (&user, partner), &token, now)?,
                    None => false,
                };
                Ok::<_, db::Error>((user, token, emailed))
            })?;
            Ok(made)
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/portal-users/{}", user.id),
        user.version,
        &InvitedPortalUser {
            user: super::body(&user),
            invitation_token: token,
            invitation_emailed: emailed,
        },
    ))
}

/// The address of a live contact, which a portal user without one of their own signs in
/// with.
fn contact_email(
    conn: &mut db::AnyConnection,
    org: OrgId,
    contact: ContactId,
) -> Result<Email, ApiError> {
    let found =
        record::get::<Contact>(conn, org, contact, Visibility::Live).map_err(|e| match e {
            db::Error::NotFound => ApiError::from(db::Error::UnknownReference("contact_id")),
            other => other.into(),
        })?;
    found.fields.email.ok_or_else(|| {
        FieldError::new(
            "/email",
            "required",
            "the contact has no email address; give the address they sign in with",
        )
        .into()
    })
}

/// Invite a portal user again.
///
/// A new invitation replaces the pending one (whose link stops working), for 7 days; a
/// portal user who has a password can use it to set a new one. With a `partner_id`, Rapport
/// emails it, as on creation.
#[utoipa::path(
    tag = "portal-users",
    params(Id),
    request_body(content = Option<ReinvitePortalUser>, description = "Optional"),
    responses(
        (status = 200, description = "The portal user with the new invitation's token", body = InvitedPortalUser, headers(("ETag" = String))),
        Invalid,
    ),
)]
#[post("/portal-users/{id}/invitation")]
pub async fn reinvite_portal_user(
    state: State,
    caller: Caller,
    id: Path<String>,
    body: OptionalJson<ReinvitePortalUser>,
) -> Reply {
    let id = path_id::<domain::id::kind::PortalUser>(&id)?;
    let mut v = Violations::new();
    let partner = partner_of(&mut v, body.0.partner_id.as_deref());
    if !v.is_empty() {
        return Err(ApiError::from(v));
    }
    let now = state.now();
    let expires_at = now + Duration::days(INVITATION_DAYS);
    let (user, token, emailed) = state
        .run(caller, move |conn, p| {
            let (token, token_hash) = invitation(p.org);
            let invitation = Invitation {
                token_hash: &token_hash,
                expires_at,
            };
            let made = db::connection::write_transaction(conn, |conn| {
                let user: db::portal::users::PortalUser =
                    db::portal::passwords::reinvite(conn, p.org, id, invitation, now)?;
                let emailed = match partner {
                    Some(partner) => mail_invitation(conn, p.org, (&user, partner), &token, now)?,
                    None => false,
                };
                Ok::<_, db::Error>((user, token, emailed))
            })?;
            Ok(made)
        })
        .await?;
    Ok(json_with_etag(
        actix_web::HttpResponse::Ok(),
        user.version,
        &InvitedPortalUser {
            user: super::body(&user),
            invitation_token: token,
            invitation_emailed: emailed,
        },
    ))
}
