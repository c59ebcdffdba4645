use actix_web::post;
use actix_web::web::Path;
use api_types::portal::{CreatePortalUser, InvitedPortalUser};
use chrono::Duration;
use db::portal::users::Invitation;
use db::record::{self, Visibility};
use domain::contact::Contact;
use domain::portal::PortalUserFields;
use domain::{ContactId, Email, FieldError, OrgId, Violations};

use super::{input, INVITATION_DAYS};
use crate::auth::{tokens, Caller};
use crate::error::ApiError;
use crate::extract::{json_with_etag, path_id, Json};
use crate::kit::{self, Reply, State};
use crate::openapi::{Conflict, Id, Invalid};

/// A new invitation token and what is stored of it.
fn invitation(org: OrgId) -> (String, String) {
    let token = tokens::new_invitation_token(org);
    let hash = tokens::hash_secret(&token);
    (token, hash)
}

/// Give a contact portal access.
///
/// The contact is invited: the answer's `invitation_token` lets them set a password (at
/// `POST /api/v1/portal/auth/invitation`) for 7 days, once; it is shown only here. They sign
/// in with `email`, the contact's own unless given. A contact has one portal user (409
/// `contact_has_portal_access`), and an address one (409 `portal_email_taken`).
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
    let (contact, role) = v
        .finish(|| Some((contact?, role?)))
        .map_err(ApiError::from)?;
    let now = state.now();
    let expires_at = now + Duration::days(INVITATION_DAYS);
    let (user, token) = state
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
            let user = db::portal::users::create(conn, p.org, &fields, Some(invitation), now)?;
            Ok((user, token))
        })
        .await?;
    Ok(kit::created(
        format!("/api/v1/portal-users/{}", user.id),
        user.version,
        &InvitedPortalUser {
            user: super::body(&user),
            invitation_token: token,
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
/// portal user who has a password can use it to set a new one.
#[utoipa::path(
    tag = "portal-users",
    params(Id),
    responses((status = 200, description = "The portal user with the new invitation's token", body = InvitedPortalUser, headers(("ETag" = String)))),
)]
#[post("/portal-users/{id}/invitation")]
pub async fn reinvite_portal_user(state: State, caller: Caller, id: Path<String>) -> Reply {
    let id = path_id::<domain::id::kind::PortalUser>(&id)?;
    let now = state.now();
    let expires_at = now + Duration::days(INVITATION_DAYS);
    let (user, token) = state
        .run(caller, move |conn, p| {
            let (token, token_hash) = invitation(p.org);
            let invitation = Invitation {
                token_hash: &token_hash,
                expires_at,
            };
            let user: db::portal::users::PortalUser =
                db::portal::users::reinvite(conn, p.org, id, invitation, now)?;
            Ok((user, token))
        })
        .await?;
    Ok(json_with_etag(
        actix_web::HttpResponse::Ok(),
        user.version,
        &InvitedPortalUser {
            user: super::body(&user),
            invitation_token: token,
        },
    ))
}
