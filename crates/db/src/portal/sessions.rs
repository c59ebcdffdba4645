//! Portal sign-ins and their rotating refresh tokens: each refresh replaces the session's
//! token; presenting the one it replaced means that token leaked, and ends the session.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::{OrgId, PartnerId, PortalSessionId, PortalUserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, id, to_db};
use crate::error::Result;
use crate::schema::{portal_sessions, portal_users};

/// Starts a session through `partner` with its first refresh token, and notes the sign-in.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    (user, partner): (PortalUserId, PartnerId),
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<PortalSessionId> {
    write_transaction(conn, |conn| {
        let session = PortalSessionId::mint();
        diesel::insert_into(portal_sessions::table)
            .values((
                portal_sessions::org_id.eq(bytes(&org)),
                portal_sessions::id.eq(bytes(&session)),
                portal_sessions::portal_user_id.eq(bytes(&user)),
                portal_sessions::partner_id.eq(bytes(&partner)),
                portal_sessions::token_hash.eq(token_hash),
                portal_sessions::created_at.eq(to_db(now)),
                portal_sessions::expires_at.eq(to_db(expires_at)),
            ))
            .execute(conn)?;
        diesel::update(
            portal_users::table
                .filter(portal_users::org_id.eq(bytes(&org)))
                .filter(portal_users::id.eq(bytes(&user))),
        )
        .set(portal_users::last_login_at.eq(to_db(now)))
        .execute(conn)?;
        Ok(session)
    })
}

/// What presenting a portal refresh token led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rotation {
    /// The token was current and is now replaced.
    Rotated {
        /// The session's portal user.
        user: PortalUserId,
        /// The session.
        session: PortalSessionId,
        /// The partner signed in through.
        partner: PartnerId,
    },
    /// The token had been replaced before: the session is now revoked.
    Reused,
    /// Unknown, expired or revoked.
    Invalid,
}

type SessionRow = (Vec<u8>, Vec<u8>, Vec<u8>);

/// Exchanges a refresh token for a new one.
pub fn rotate(
    conn: &mut AnyConnection,
    org: OrgId,
    presented_hash: &str,
    new_hash: &str,
    now: DateTime<Utc>,
) -> Result<Rotation> {
    write_transaction(conn, |conn| {
        let live = || {
            portal_sessions::table
                .filter(portal_sessions::org_id.eq(bytes(&org)))
                .filter(portal_sessions::revoked_at.is_null())
                .filter(portal_sessions::expires_at.gt(to_db(now)))
        };
        let reused: Option<Vec<u8>> = live()
            .filter(portal_sessions::previous_hash.eq(presented_hash))
            .select(portal_sessions::id)
            .first(conn)
            .optional()?;
        if let Some(session) = reused {
            end(conn, org, &session, now)?;
            return Ok(Rotation::Reused);
        }
        let found: Option<SessionRow> = live()
            .filter(portal_sessions::token_hash.eq(presented_hash))
            .select((
                portal_sessions::id,
                portal_sessions::portal_user_id,
                portal_sessions::partner_id,
            ))
            .first(conn)
            .optional()?;
        let Some((session, user, partner)) = found else {
            return Ok(Rotation::Invalid);
        };
        // Only one of two concurrent refreshes with the same token finds it still current.
        let changed = diesel::update(
            portal_sessions::table
                .filter(portal_sessions::org_id.eq(bytes(&org)))
                .filter(portal_sessions::id.eq(&session))
                .filter(portal_sessions::token_hash.eq(presented_hash)),
        )
        .set((
            portal_sessions::token_hash.eq(new_hash),
            portal_sessions::previous_hash.eq(presented_hash),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Ok(Rotation::Invalid);
        }
        Ok(Rotation::Rotated {
            user: id(&user),
            session: id(&session),
            partner: id(&partner),
        })
    })
}

/// Ends the session whose current refresh token hashes to `token_hash`, if any.
pub fn revoke(
    conn: &mut AnyConnection,
    org: OrgId,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::update(
        portal_sessions::table
            .filter(portal_sessions::org_id.eq(bytes(&org)))
            .filter(portal_sessions::token_hash.eq(token_hash))
            .filter(portal_sessions::revoked_at.is_null()),
    )
    .set(portal_sessions::revoked_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(())
}

/// Whose sessions [`end_all`] ends.
#[derive(Debug, Clone, Copy)]
pub enum Whose {
    /// A portal user's (deleted, deactivated, given a new address or password).
    User(PortalUserId),
    /// Those signed in through a partner (deleted).
    Partner(PartnerId),
}

/// Ends every live session of a portal user or of a partner's portal, so that none comes
/// back when the user or the partner does.
pub fn end_all(
    conn: &mut AnyConnection,
    org: OrgId,
    whose: Whose,
    now: DateTime<Utc>,
) -> Result<()> {
    let live = portal_sessions::table
        .filter(portal_sessions::org_id.eq(bytes(&org)))
        .filter(portal_sessions::revoked_at.is_null())
        .into_boxed();
    let of = match whose {
        Whose::User(user) => live.filter(portal_sessions::portal_user_id.eq(bytes(&user))),
        Whose::Partner(partner) => live.filter(portal_sessions::partner_id.eq(bytes(&partner))),
    };
    let ids: Vec<Vec<u8>> = of.select(portal_sessions::id).load(conn)?;
    for session in ids {
        end(conn, org, &session, now)?;
    }
    Ok(())
}

fn end(conn: &mut AnyConnection, org: OrgId, session: &[u8], now: DateTime<Utc>) -> Result<()> {
    diesel::update(
        portal_sessions::table
            .filter(portal_sessions::org_id.eq(bytes(&org)))
            .filter(portal_sessions::id.eq(session)),
    )
    .set(portal_sessions::revoked_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(())
}
