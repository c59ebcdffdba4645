//! A forgotten portal password: a link to choose a new one, mailed to the address if it has
//! access. The answer is the same whether it has or not, so nobody learns who has access.

use actix_web::{post, HttpResponse};
use api_types::portal::PortalLinkRequest;
use api_types::Problem;
use chrono::Duration;
use db::portal::passwords::Invitation;
use domain::outbound::TemplateKind;
use domain::Email;

use super::auth::partner;
use crate::auth::tokens;
use crate::extract::Json;
use crate::kit::{Reply, State};
use crate::limits::SignInAttempt;
use crate::mail::portal::LinkMail;
use crate::openapi::Invalid;

/// How long a link to choose a new password works.
const RESET_MINUTES: i64 = 60;

/// Ask for a link to choose a new portal password.
///
/// If the address signs in to the organization's portal and may, a mail (the
/// `portal_password_reset` template) brings a link into the partner's portal that sets a new
/// password once, within an hour, at `POST /api/v1/portal/auth/invitation`; a pending
/// invitation's link stops working. The answer is 202 either way.
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
#[post("/portal/auth/password-reset")]
pub async fn reset_portal_password(
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
            let Some(user) = db::portal::passwords::credentials(conn, org, &email)? else {
                return Ok(());
            };
            if !user.active {
                return Ok(());
            }
            let token = tokens::new_invitation_token(org);
            let token_hash = tokens::hash_secret(&token);
            let invitation = Invitation {
                token_hash: &token_hash,
                expires_at: now + Duration::minutes(RESET_MINUTES),
            };
            let mail = LinkMail {
                portal_user_id: Some(user.id),
                partner_id: partner.id,
                token,
            };
            // The new link and its mail, or neither.
            db::connection::write_transaction(conn, |conn| {
                db::portal::passwords::reinvite(conn, org, user.id, invitation, now)?;
                crate::mail::portal::queue(conn, org, TemplateKind::PortalPasswordReset, &mail, now)
            })?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::Accepted().finish())
}
