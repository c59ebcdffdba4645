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

/// Revokes every live session of a user, except `keep` when given (the caller's own, when
/// they change their own password).
pub fn revoke_all_for_user(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    keep: Option<SessionId>,
    now: DateTime<Utc>,
) -> Result<()> {
    let kept = keep.map(|s| bytes(&s)).unwrap_or_default();
    diesel::update(
        sessions::table
            .filter(sessions::org_id.eq(bytes(&org)))
            .filter(sessions::user_id.eq(bytes(&user)))
            .filter(sessions::id.ne(kept))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(to_db(now)))
    .execute(conn)?;
    Ok(())
}

/// How long a replaced refresh token is remembered, so that presenting it again (it leaked)
/// still revokes its session.
pub const USED_TOKEN_MEMORY_DAYS: i64 = 7;

/// Sessions one [`prune`] deletes at most, so that one call stays short.
pub const PRUNE_BATCH: i64 = 500;

/// Deletes what can no longer be used: up to [`PRUNE_BATCH`] sessions expired or revoked more
/// than a day ago with their tokens, and tokens replaced more than
/// [`USED_TOKEN_MEMORY_DAYS`] ago. Returns the sessions and tokens deleted.
pub fn prune(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<(usize, usize)> {
    let ended_before = to_db(now - chrono::Duration::days(1));
    crate::connection::write_transaction(conn, |conn| {
        let ended = sessions::table
            .filter(
                sessions::expires_at
                    .lt(ended_before)
                    .or(sessions::revoked_at.lt(ended_before)),
            )
            .select((sessions::org_id, sessions::id))
            .limit(PRUNE_BATCH);
        let ended: Vec<(Vec<u8>, Vec<u8>)> = ended.load(conn)?;
        let mut tokens = diesel::delete(refresh_tokens::table.filter(
            refresh_tokens::used_at.lt(to_db(now - chrono::Duration::days(USED_TOKEN_MEMORY_DAYS))),
        ))
        .execute(conn)?;
        for (org, session) in &ended {
            tokens += diesel::delete(
                refresh_tokens::table
                    .filter(refresh_tokens::org_id.eq(org))
                    .filter(refresh_tokens::session_id.eq(session)),
            )
            .execute(conn)?;
            diesel::delete(
                sessions::table
                    .filter(sessions::org_id.eq(org))
                    .filter(sessions::id.eq(session)),
            )
            .execute(conn)?;
        }
        Ok((ended.len(), tokens))
    })
}
