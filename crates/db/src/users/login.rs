//! What login and every signed-in request need to know about a user: credentials, and
//! whether a session is still good. Failed attempts are counted per email address in
//! [`crate::login_throttle`].

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::{Email, OrgId, Role, SessionId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id, to_db};
use crate::error::Result;
use crate::schema::{sessions, users};

/// What login needs to know about a user with a given email.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Organization.
    pub org_id: OrgId,
    /// User.
    pub user_id: UserId,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// Can log in.
    pub active: bool,
}

/// Who is behind a still-valid session.
#[derive(Debug, Clone)]
pub struct SessionUser {
    /// Role, read fresh on every request so changes take effect at once.
    pub role: Role,
}

/// Organization, user, password hash, role, active.
type CredentialsRow = (Vec<u8>, Vec<u8>, String, String, bool);

/// Every user, in any organization, with this email (normally one).
pub fn credentials_by_email(conn: &mut AnyConnection, email: &Email) -> Result<Vec<Credentials>> {
    let rows: Vec<CredentialsRow> = users::table
        .filter(users::email_normalized.eq(email.normalized()))
        .select((
            users::org_id,
            users::id,
            users::password_hash,
            users::role,
            users::active,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(org, user, password_hash, role, active)| Credentials {
            org_id: id(&org),
            user_id: id(&user),
            password_hash,
            role: Role::parse("/role", &role).unwrap_or(Role::ReadOnly),
            active,
        })
        .collect())
}

/// A user's stored password hash, to check their current password against.
pub fn password_hash(conn: &mut AnyConnection, org: OrgId, user: UserId) -> Result<String> {
    Ok(users::table
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::id.eq(bytes(&user)))
        .select(users::password_hash)
        .first(conn)?)
}

/// The user behind a session, if the user is active and the session neither revoked nor
/// expired. One indexed read per request; it is what makes deactivation, role changes and
/// logout take effect at once.
pub fn session_user(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    session: SessionId,
    now: DateTime<Utc>,
) -> Result<Option<SessionUser>> {
    let row: Option<String> = users::table
        .inner_join(
            sessions::table.on(sessions::org_id
                .eq(users::org_id)
                .and(sessions::user_id.eq(users::id))),
        )
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::id.eq(bytes(&user)))
        .filter(users::active.eq(true))
        .filter(sessions::id.eq(bytes(&session)))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(to_db(now)))
        .select(users::role)
        .first(conn)
        .optional()?;
    Ok(row.map(|role| SessionUser {
        role: Role::parse("/role", &role).unwrap_or(Role::ReadOnly),
    }))
}
