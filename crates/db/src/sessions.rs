//! Login sessions and their rotating refresh tokens.
//!
//! A session is one login; each refresh replaces the session's token with a new one. A
//! token that was already replaced and is presented again means it leaked, so the whole
//! session (the token family) is revoked.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::{OrgId, SessionId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::Result;
use crate::schema::{refresh_tokens, sessions};

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The token was current: it is now used and the new one replaces it.
    Rotated {
        /// The session's user.
        user_id: UserId,
        /// The session.
        session_id: SessionId,
    },
    /// The token had been used before: the session is now revoked.
    Reused,
    /// Unknown, expired or revoked.
    Invalid,
}

/// Starts a session with its first refresh token.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<SessionId> {
    crate::connection::write_transaction(conn, |conn| {
        let session = SessionId::mint();
        diesel::insert_into(sessions::table)
            .values((
                sessions::org_id.eq(bytes(&org)),
                sessions::id.eq(bytes(&session)),
                sessions::user_id.eq(bytes(&user)),
                sessions::created_at.eq(to_db(now)),
                sessions::expires_at.eq(to_db(expires_at)),
            ))
            .execute(conn)?;
        insert_token(conn, org, session, token_hash, now)?;
        Ok(session)
    })
}

fn insert_token(
    conn: &mut AnyConnection,
    org: OrgId,
    session: SessionId,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::org_id.eq(bytes(&org)),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::session_id.eq(bytes(&session)),
            refresh_tokens::issued_at.eq(to_db(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Exchanges a refresh token for a new one.
pub fn rotate(
    conn: &mut AnyConnection,
    org: OrgId,
    presented_hash: &str,
    new_hash: &str,
    now: DateTime<Utc>,
) -> Result<Rotation> {
    crate::connection::write_transaction(conn, |conn| {
        let found: Option<(Vec<u8>, Option<chrono::NaiveDateTime>)> = refresh_tokens::table
            .filter(refresh_tokens::org_id.eq(bytes(&org)))
            .filter(refresh_tokens::token_hash.eq(presented_hash))
            .select((refresh_tokens::session_id, refresh_tokens::used_at))
            .first(conn)
            .optional()?;
        let Some((session_bytes, used_at)) = found else {
            return Ok(Rotation::Invalid);
        };
        let session: SessionId = id(&session_bytes);
        if used_at.is_some() {
            revoke(conn, org, session, now)?;
            return Ok(Rotation::Reused);
        }
        let live: Option<(Vec<u8>, chrono::NaiveDateTime)> = sessions::table
            .filter(sessions::org_id.eq(bytes(&org)))
            .filter(sessions::id.eq(&session_bytes))
            .filter(sessions::revoked_at.is_null())
            .select((sessions::user_id, sessions::expires_at))
            .first(conn)
            .optional()?;
        let Some((user_bytes, expires_at)) = live else {
            return Ok(Rotation::Invalid);
        };
        if from_db(expires_at) <= now {
            return Ok(Rotation::Invalid);
        }
        // Only one of two concurrent refreshes with the same token can mark it used.
        let marked = diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::org_id.eq(bytes(&org)))
                .filter(refresh_tokens::token_hash.eq(presented_hash))
                .filter(refresh_tokens::used_at.is_null()),
        )
        .set(refresh_tokens::used_at.eq(to_db(now)))
        .execute(conn)?;
        if marked == 0 {
            revoke(conn, org, session, now)?;
            return Ok(Rotation::Reused);
        }
        insert_token(conn, org, session, new_hash, now)?;
        Ok(Rotation::Rotated {
            user_id: id(&user_bytes),
            session_id: session,
        })
    })
}

/// Ends the session a refresh token belongs to, whether the token is current or already
/// used; unknown tokens change nothing.
pub fn revoke_by_token(
    conn: &mut AnyConnection,
    org: OrgId,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let session: Option<Vec<u8>> = refresh_tokens::table
        .filter(refresh_tokens::org_id.eq(bytes(&org)))
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(refresh_tokens::session_id)
        .first(conn)
        .optional()?;
    match session {
        Some(session) => revoke(conn, org, id(&session), now),
        None => Ok(()),
    }
}

/// Revokes one session.
pub fn revoke(
    conn: &mut AnyConnection,
    org: OrgId,
    session: SessionId,
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::update(
        sessions::table
            .filter(sessions::org_id.eq(bytes(&org)))
            .filter(sessions::id.eq(bytes(&session)))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(())
}

/// Revokes every session of a user (deactivation, password change).
pub fn revoke_all_for_user(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::update(
        sessions::table
            .filter(sessions::org_id.eq(bytes(&org)))
            .filter(sessions::user_id.eq(bytes(&user)))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(())
}
