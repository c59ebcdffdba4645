//! What mail about their tickets a portal user wants.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::{ContactId, OrgId, PortalUserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, to_db};
use crate::error::Result;
use crate::schema::portal_users;

/// A portal user's choice of mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailPreferences {
    /// Agents' replies.
    pub replies: bool,
    /// Word that a ticket was received or solved.
    pub updates: bool,
}

/// The choice of the live portal user `user`.
pub fn of_user(
    conn: &mut AnyConnection,
    org: OrgId,
    user: PortalUserId,
) -> Result<MailPreferences> {
    let (replies, updates) = portal_users::table
        .filter(portal_users::org_id.eq(bytes(&org)))
        .filter(portal_users::id.eq(bytes(&user)))
        .select((portal_users::mail_replies, portal_users::mail_updates))
        .first(conn)?;
    Ok(MailPreferences { replies, updates })
}

/// The choice of the contact's live portal user, if they have one who may sign in (mail to a
/// contact without portal access, or switched off, is sent as always).
pub fn of_contact(
    conn: &mut AnyConnection,
    org: OrgId,
    contact: ContactId,
) -> Result<Option<MailPreferences>> {
    let found: Option<(bool, bool)> = portal_users::table
        .filter(portal_users::org_id.eq(bytes(&org)))
        .filter(portal_users::contact_id.eq(bytes(&contact)))
        .filter(portal_users::deleted_at.is_null())
        .filter(portal_users::active.eq(true))
        .select((portal_users::mail_replies, portal_users::mail_updates))
        .first(conn)
        .optional()?;
    Ok(found.map(|(replies, updates)| MailPreferences { replies, updates }))
}

/// Stores the live portal user's new choice.
pub fn set(
    conn: &mut AnyConnection,
    org: OrgId,
    user: PortalUserId,
    choice: MailPreferences,
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::update(
        portal_users::table
            .filter(portal_users::org_id.eq(bytes(&org)))
            .filter(portal_users::id.eq(bytes(&user)))
            .filter(portal_users::deleted_at.is_null()),
    )
    .set((
        portal_users::mail_replies.eq(choice.replies),
        portal_users::mail_updates.eq(choice.updates),
        portal_users::updated_at.eq(to_db(now)),
        portal_users::version.eq(portal_users::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}
