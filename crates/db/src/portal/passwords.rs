//! What a portal user signs in with: their address and password, and the one-time link of
//! an invitation or a new password that sets it.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{Email, OrgId, PortalUserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, id, to_db};
use crate::error::{Error, Result};
use crate::record::Record;
use crate::schema::portal_users;

use super::sessions::{self, Whose};
use super::users::PortalUser;

/// A pending invitation: the hash of its one-time token and when it expires.
#[derive(Debug, Clone, Copy)]
pub struct Invitation<'a> {
    /// SHA-256 of the token, hex.
    pub token_hash: &'a str,
    /// When it can no longer be accepted.
    pub expires_at: DateTime<Utc>,
}

/// Replaces a live portal user's pending invitation with a new one (the old link stops
/// working); answers the user with its new version.
pub fn reinvite(
    conn: &mut AnyConnection,
    org: OrgId,
    user: PortalUserId,
    invitation: Invitation,
    now: DateTime<Utc>,
) -> Result<PortalUser> {
    write_transaction(conn, |conn| {
        let changed = diesel::update(
            portal_users::table
                .filter(portal_users::org_id.eq(bytes(&org)))
                .filter(portal_users::id.eq(bytes(&user)))
                .filter(portal_users::deleted_at.is_null()),
        )
        .set((
            portal_users::invitation_hash.eq(invitation.token_hash),
            portal_users::invitation_expires_at.eq(to_db(invitation.expires_at)),
            portal_users::updated_at.eq(to_db(now)),
            portal_users::version.eq(portal_users::version + 1),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Err(Error::NotFound);
        }
        PortalUser::read(conn, org, user)
    })
}

/// Whether an invitation whose token hashes to `token_hash` is pending (checked before a
/// password is hashed for it, which costs the server time).
pub fn invitation_pending(
    conn: &mut AnyConnection,
    org: OrgId,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let found: Option<Vec<u8>> = portal_users::table
        .filter(portal_users::org_id.eq(bytes(&org)))
        .filter(portal_users::invitation_hash.eq(token_hash))
        .filter(portal_users::invitation_expires_at.gt(to_db(now)))
        .filter(portal_users::deleted_at.is_null())
        .filter(portal_users::active.eq(true))
        .select(portal_users::id)
        .first(conn)
        .optional()?;
    Ok(found.is_some())
}

/// Accepts the invitation whose token hashes to `token_hash`, if it is pending and the user
/// live and active: sets the password and ends the invitation, so the link works once.
pub fn accept_invitation(
    conn: &mut AnyConnection,
    org: OrgId,
    token_hash: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<PortalUserId>> {
    write_transaction(conn, |conn| {
        let found: Option<Vec<u8>> = portal_users::table
            .filter(portal_users::org_id.eq(bytes(&org)))
            .filter(portal_users::invitation_hash.eq(token_hash))
            .filter(portal_users::invitation_expires_at.gt(to_db(now)))
            .filter(portal_users::deleted_at.is_null())
            .filter(portal_users::active.eq(true))
            .select(portal_users::id)
            .first(conn)
            .optional()?;
        let Some(user) = found else {
            return Ok(None);
        };
        // A new password: sessions signed in with the old one end.
        sessions::end_all(conn, org, Whose::User(id(&user)), now)?;
        // Only one of two concurrent acceptances of the same link finds it still pending.
        let changed = diesel::update(
            portal_users::table
                .filter(portal_users::org_id.eq(bytes(&org)))
                .filter(portal_users::id.eq(&user))
                .filter(portal_users::invitation_hash.eq(token_hash)),
        )
        .set((
            portal_users::password_hash.eq(password_hash),
            portal_users::invitation_hash.eq(None::<String>),
            portal_users::invitation_expires_at.eq(None::<NaiveDateTime>),
            portal_users::updated_at.eq(to_db(now)),
            portal_users::version.eq(portal_users::version + 1),
        ))
        .execute(conn)?;
        Ok((changed == 1).then(|| id(&user)))
    })
}

/// What signing in with a password needs of a portal user.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The portal user.
    pub id: PortalUserId,
    /// Their password's hash; none until they accept their invitation.
    pub password_hash: Option<String>,
    /// Whether they may sign in.
    pub active: bool,
}

/// The live portal user of `org` who signs in with `email`.
pub fn credentials(
    conn: &mut AnyConnection,
    org: OrgId,
    email: &Email,
) -> Result<Option<Credentials>> {
    let found: Option<(Vec<u8>, Option<String>, bool)> = portal_users::table
        .filter(portal_users::org_id.eq(bytes(&org)))
        .filter(portal_users::email_normalized.eq(email.normalized()))
        .filter(portal_users::deleted_at.is_null())
        .select((
            portal_users::id,
            portal_users::password_hash,
            portal_users::active,
        ))
        .first(conn)
        .optional()?;
    Ok(found.map(|(user, password_hash, active)| Credentials {
        id: id(&user),
        password_hash,
        active,
    }))
}

/// Sets the password of a live portal user (one who just signed up).
pub fn set_password(
    conn: &mut AnyConnection,
    org: OrgId,
    user: PortalUserId,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::update(
        portal_users::table
            .filter(portal_users::org_id.eq(bytes(&org)))
            .filter(portal_users::id.eq(bytes(&user)))
            .filter(portal_users::deleted_at.is_null()),
    )
    .set((
        portal_users::password_hash.eq(password_hash),
        portal_users::updated_at.eq(to_db(now)),
        portal_users::version.eq(portal_users::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}
