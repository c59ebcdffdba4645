//! `/api/v1/portal/…`: the customer portal's API. Customers reach it with portal tokens
//! only (staff tokens are refused, as portal tokens are everywhere else), and see only what
//! is theirs: their own tickets, or their account's when they administer it, and of each
//! ticket only the public conversation.

pub mod account;
pub mod actions;
pub mod attachments;
pub mod auth;
pub mod kb;
pub mod links;
pub mod me;
pub mod messages;
pub mod reset;
pub mod sso;
pub mod tickets;

use db::portal::partners::Partner;
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::portal::Features;
use domain::ticket::Ticket;
use domain::{OrgId, TicketId};

use crate::auth::{tokens, Access, PortalPrincipal, Routes};
use crate::error::ApiError;
use crate::state::AppState;

/// The portal routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(auth::portal_login, Access::Public)
        .add(auth::accept_invitation, Access::Public)
        .add(reset::reset_portal_password, Access::Public)
        .add(links::request_portal_sign_in_link, Access::Public)
        .add(links::sign_in_with_portal_link, Access::Public)
        .add(links::portal_sign_up, Access::Public)
        .add(links::complete_portal_sign_up, Access::Public)
        .add(auth::portal_refresh, Access::Public)
        .add(auth::portal_logout, Access::Public)
        .add(sso::portal_sso, Access::Public)
        .add(me::portal_branding, Access::Public)
        .add(me::portal_me, Access::Portal)
        .add(me::update_portal_me, Access::Portal)
        .add(tickets::list_portal_tickets, Access::Portal)
        .add(tickets::create_portal_ticket, Access::Portal)
        .add(tickets::get_portal_ticket, Access::Portal)
        .add(messages::list_portal_messages, Access::Portal)
        .add(messages::create_portal_message, Access::Portal)
        .add(attachments::upload_portal_attachment, Access::Portal)
        .add(attachments::download_portal_attachment, Access::Portal)
        .add(attachments::discard_portal_attachment, Access::Portal)
        .add(actions::close_portal_ticket, Access::Portal)
        .add(actions::reopen_portal_ticket, Access::Portal)
        .add(actions::rate_portal_ticket, Access::Portal)
        .add(kb::search_portal_kb, Access::Portal)
        .add(kb::suggest_portal_kb, Access::Portal)
        .add(kb::get_portal_article, Access::Portal)
        .add(account::list_portal_assets, Access::Portal)
        .add(account::list_portal_contracts, Access::Portal);
}

/// The live partner a key names, and its organization, if any.
pub async fn live_partner(
    state: &AppState,
    key: &str,
) -> Result<Option<(OrgId, Partner)>, ApiError> {
    let Some(org) = tokens::partner_key_org(key) else {
        return Ok(None);
    };
    let key = key.to_owned();
    let found = state
        .db(move |conn| Ok(db::portal::partners::by_key(conn, org, &key)?))
        .await?;
    Ok(found.map(|partner| (org, partner)))
}

/// The partner the caller signed in through, if `on` says its portal has the feature;
/// otherwise 409 `off` (such as `knowledge_base_off`).
pub fn feature(
    conn: &mut AnyConnection,
    p: &PortalPrincipal,
    on: impl Fn(&Features) -> bool,
    off: &'static str,
) -> Result<Partner, ApiError> {
    let partner: Partner = record::get(conn, p.org, p.partner, Visibility::Live)?;
    if on(&partner.fields.features) {
        Ok(partner)
    } else {
        Err(ApiError::Conflict(off))
    }
}

/// Whether the portal caller may see `ticket`: their own, or their account's when they
/// administer it.
pub fn sees(p: &PortalPrincipal, ticket: &Ticket) -> bool {
    ticket.fields.requester_id == p.contact
        || p.whole_account()
            .is_some_and(|account| ticket.fields.account_id == Some(account))
}

/// The live ticket `id` if the portal caller may see it; 404 otherwise, the same answer as
/// for a ticket that does not exist.
pub fn visible_ticket(
    conn: &mut AnyConnection,
    p: &PortalPrincipal,
    id: TicketId,
) -> Result<Ticket, ApiError> {
    let ticket: Ticket = record::get(conn, p.org, id, Visibility::Live)?;
    if sees(p, &ticket) {
        Ok(ticket)
    } else {
        Err(ApiError::NotFound)
    }
}
