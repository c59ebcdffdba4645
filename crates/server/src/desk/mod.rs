//! The service desk's work that handlers and the background workers share: tickets created,
//! changed and answered in one transaction each, their SLA clocks, the escalation sweep and
//! the jobs tickets schedule.

pub mod clocks;
pub mod contracts;
pub mod customer;
pub mod entitlements;
pub mod inbound;
pub mod links;
pub mod mentions;
pub mod merge;
pub mod redaction;
pub mod replies;
pub mod routing;
pub mod self_service;
pub mod sweep;
pub mod tickets;

use chrono::Duration;
use db::AnyConnection;
use domain::attachment::{Attachment, Uploader};
use domain::ticket::Message;
use domain::{AttachmentId, FieldError, MessageId, OrgId, PortalUserId, TicketId, UserId};

use crate::auth::{PortalPrincipal, Principal};
use crate::error::ApiError;

/// Who makes a change to a ticket: a staff user, or no one on the staff (the customer's own
/// mail arriving at a mailbox, or the customer in the portal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The organization.
    pub org: OrgId,
    /// The staff user; none for the customer's mail and the portal.
    pub user: Option<UserId>,
    /// The customer's portal user, when the change comes from the portal.
    pub portal_user: Option<PortalUserId>,
}

impl Actor {
    /// No one on the staff and not the portal: the customer's mail, the system.
    pub fn unattended(org: OrgId) -> Self {
        Actor {
            org,
            user: None,
            portal_user: None,
        }
    }

    /// Whose uploads this actor may send.
    fn uploader(self) -> Option<Uploader> {
        self.user
            .map(Uploader::Staff)
            .or(self.portal_user.map(Uploader::Customer))
    }
}

impl From<&Principal> for Actor {
    fn from(p: &Principal) -> Self {
        Actor {
            org: p.org,
            user: Some(p.user),
            portal_user: None,
        }
    }
}

impl From<&PortalPrincipal> for Actor {
    fn from(p: &PortalPrincipal) -> Self {
        Actor {
            org: p.org,
            user: None,
            portal_user: Some(p.user),
        }
    }
}

/// Sends the caller's uploads `ids` with `message`, just added (in the same transaction).
/// An id that is not an upload of the caller's still waiting to be sent refuses it all.
pub fn attach(
    conn: &mut AnyConnection,
    by: Actor,
    message: &mut Message,
    ids: &[AttachmentId],
) -> Result<(), ApiError> {
    message.attachments = send_files(conn, by, (message.ticket_id, Some(message.id)), ids)?;
    Ok(())
}

/// Sends the caller's uploads `ids` with `ticket`'s message, or with its description when
/// `None` (a ticket just opened), under the ticket's lock or in its creation's transaction.
pub fn send_files(
    conn: &mut AnyConnection,
    by: Actor,
    on: (TicketId, Option<MessageId>),
    ids: &[AttachmentId],
) -> Result<Vec<Attachment>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let unavailable = || {
        ApiError::from(FieldError::new(
            "/attachment_ids",
            "unavailable",
            "each must be an upload of yours not yet sent",
        ))
    };
    let uploader = by.uploader().ok_or_else(unavailable)?;
    db::tickets::attachments::send(conn, by.org, ids, uploader, on).map_err(|e| match e {
        db::Error::Conflict(_) => unavailable(),
        other => other.into(),
    })
}

/// The service desk's rules of time, as the organization sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// How long a solved ticket can be reopened.
    pub reopen_window: Duration,
    /// How long a solved ticket stays solved before it closes by itself.
    pub auto_close_after: Duration,
}

impl Rules {
    /// The rules of `org`.
    pub fn of(conn: &mut AnyConnection, org: OrgId) -> Result<Self, ApiError> {
        Ok(Self::from(&db::orgs::get(conn, org)?))
    }
}

impl From<&db::orgs::Organization> for Rules {
    fn from(org: &db::orgs::Organization) -> Self {
        Self {
            reopen_window: Duration::days(org.reopen_window_days.into()),
            auto_close_after: Duration::days(org.auto_close_after_days.into()),
        }
    }
}
