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
use domain::ticket::Message;
use domain::{AttachmentId, FieldError, OrgId, UserId};

use crate::auth::Principal;
use crate::error::ApiError;

/// Who makes a change to a ticket: a staff user, or no one on the staff (the customer's own
/// mail arriving at a mailbox).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The organization.
    pub org: OrgId,
    /// The staff user; none for the customer's mail.
    pub user: Option<UserId>,
}

impl From<&Principal> for Actor {
    fn from(p: &Principal) -> Self {
        Actor {
            org: p.org,
            user: Some(p.user),
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
    if ids.is_empty() {
        return Ok(());
    }
    let unavailable = || {
        ApiError::from(FieldError::new(
            "/attachment_ids",
            "unavailable",
            "each must be an upload of yours not yet sent",
        ))
    };
    let user = by.user.ok_or_else(unavailable)?;
    let sent =
        db::tickets::attachments::send(conn, by.org, ids, user, message.id, message.ticket_id);
    message.attachments = sent.map_err(|e| match e {
        db::Error::Conflict(_) => unavailable(),
        other => other.into(),
    })?;
    Ok(())
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
