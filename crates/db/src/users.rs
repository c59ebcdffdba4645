//! Staff users: creation, changes, team membership and the facts login needs.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::{Email, OrgId, Role, SessionId, TeamId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, new_id, to_db};
use crate::error::{Error, Result};
use crate::schema::{sessions, team_members, teams, users};

/// A staff user as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Id.
    pub id: UserId,
    /// Email as entered.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Can log in.
    pub active: bool,
    /// Team memberships.
    pub team_ids: Vec<TeamId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Version.
    pub version: i64,
}

/// A user to create; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Email.
    pub email: Email,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Teams.
    pub team_ids: Vec<TeamId>,
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    /// New name.
    pub name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// Activate or deactivate.
    pub active: Option<bool>,
    /// New team set.
    pub team_ids: Option<Vec<TeamId>>,
    /// New password hash.
    pub password_hash: Option<String>,
}

/// What login needs to know about a user with a given email.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Organization.
    pub org_id: OrgId,
    /// User.
    pub user_id: UserId,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Can log in.
    pub active: bool,
    /// Failures since the last success.
    pub failed_logins: i32,
    /// Locked until then after too many failures.
    pub locked_until: Option<DateTime<Utc>>,
}

/// Who is behind a still-valid session.
#[derive(Debug, Clone)]
pub struct SessionUser {
    /// Role, read fresh on every request so changes take effect at once.
    pub role: Role,
}

type CredentialsRow = (
    Vec<u8>,
    Vec<u8>,
    String,
    bool,
    i32,
    Option<chrono::NaiveDateTime>,
);

type UserRow = (
    Vec<u8>,
    String,
    String,
    String,
    bool,
    chrono::NaiveDateTime,
    chrono::NaiveDateTime,
    i64,
);

fn user_columns() -> (
    users::id,
    users::email,
    users::name,
    users::role,
    users::active,
    users::created_at,
    users::updated_at,
    users::version,
) {
    (
        users::id,
        users::email,
        users::name,
        users::role,
        users::active,
        users::created_at,
        users::updated_at,
        users::version,
    )
}

fn to_user(row: UserRow, team_ids: Vec<TeamId>) -> User {
    let (user_id, email, name, role, active, created_at, updated_at, version) = row;
    User {
        id: id(&user_id),
        email,
        name,
        role: Role::parse("/role", &role).unwrap_or(Role::ReadOnly),
        active,
        team_ids,
        created_at: from_db(created_at),
        updated_at: from_db(updated_at),
        version,
    }
}

fn team_ids_of(conn: &mut AnyConnection, org: OrgId, user: &[u8]) -> Result<Vec<TeamId>> {
    let rows: Vec<Vec<u8>> = team_members::table
        .filter(team_members::org_id.eq(bytes(&org)))
        .filter(team_members::user_id.eq(user))
        .order(team_members::team_id.asc())
        .select(team_members::team_id)
        .load(conn)?;
    Ok(rows.iter().map(|b| id(b)).collect())
}

fn set_teams(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    team_ids: &[TeamId],
) -> Result<()> {
    let org_bytes = bytes(&org);
    for team in team_ids {
        let exists: i64 = teams::table
            .filter(teams::org_id.eq(&org_bytes))
            .filter(teams::id.eq(bytes(team)))
            .count()
            .get_result(conn)?;
        if exists == 0 {
            return Err(Error::UnknownReference("team_ids"));
        }
    }
    diesel::delete(
        team_members::table
            .filter(team_members::org_id.eq(&org_bytes))
            .filter(team_members::user_id.eq(bytes(&user))),
    )
    .execute(conn)?;
    for team in team_ids {
        diesel::insert_into(team_members::table)
            .values((
                team_members::org_id.eq(&org_bytes),
                team_members::team_id.eq(bytes(team)),
                team_members::user_id.eq(bytes(&user)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Creates a user; an email already used in the organization is a conflict.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    new: &NewUser,
    now: DateTime<Utc>,
) -> Result<User> {
    crate::connection::write_transaction(conn, |conn| {
        let user_id: UserId = new_id();
        let inserted = diesel::insert_into(users::table)
            .values((
                users::org_id.eq(bytes(&org)),
                users::id.eq(bytes(&user_id)),
                users::email.eq(new.email.as_str()),
                users::email_normalized.eq(new.email.normalized()),
                users::name.eq(&new.name),
                users::role.eq(new.role.as_str()),
                users::active.eq(true),
                users::password_hash.eq(&new.password_hash),
                users::failed_logins.eq(0),
                users::created_at.eq(to_db(now)),
                users::updated_at.eq(to_db(now)),
                users::version.eq(1_i64),
            ))
            .execute(conn);
        match inserted {
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => return Err(Error::Conflict("email_taken")),
            other => other?,
        };
        set_teams(conn, org, user_id, &new.team_ids)?;
        get(conn, org, user_id)
    })
}

/// A user of the organization.
pub fn get(conn: &mut AnyConnection, org: OrgId, user: UserId) -> Result<User> {
    let row: UserRow = users::table
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::id.eq(bytes(&user)))
        .select(user_columns())
        .first(conn)?;
    let teams = team_ids_of(conn, org, &row.0)?;
    Ok(to_user(row, teams))
}

/// Whether the user exists in the organization (for owner references).
pub fn exists(conn: &mut AnyConnection, org: OrgId, user: UserId) -> Result<bool> {
    let count: i64 = users::table
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::id.eq(bytes(&user)))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// Users in creation order, after `after`, at most `limit` (+1 to tell if more follow).
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    after: Option<UserId>,
    limit: i64,
) -> Result<Vec<User>> {
    let mut query = users::table
        .filter(users::org_id.eq(bytes(&org)))
        .select(user_columns())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(users::id.gt(bytes(&after)));
    }
    let rows: Vec<UserRow> = query.order(users::id.asc()).limit(limit).load(conn)?;
    // Every membership of the page in one query, not one per user.
    let ids: Vec<Vec<u8>> = rows.iter().map(|row| row.0.clone()).collect();
    let memberships: Vec<(Vec<u8>, Vec<u8>)> = team_members::table
        .filter(team_members::org_id.eq(bytes(&org)))
        .filter(team_members::user_id.eq_any(&ids))
        .order((team_members::user_id, team_members::team_id))
        .select((team_members::user_id, team_members::team_id))
        .load(conn)?;
    let mut teams: std::collections::HashMap<Vec<u8>, Vec<TeamId>> =
        std::collections::HashMap::new();
    for (user, team) in memberships {
        teams.entry(user).or_default().push(id(&team));
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let own = teams.remove(&row.0).unwrap_or_default();
            to_user(row, own)
        })
        .collect())
}

/// Applies changes if the version still matches (when one is given). Deactivating a user
/// revokes all their sessions in the same transaction.
pub fn update(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    expected_version: Option<i64>,
    changes: &UserChanges,
    now: DateTime<Utc>,
) -> Result<User> {
    crate::connection::write_transaction(conn, |conn| {
        // A no-op update takes the row lock first, so concurrent changes queue instead of
        // failing on a version that moved between read and write.
        diesel::update(
            users::table
                .filter(users::org_id.eq(bytes(&org)))
                .filter(users::id.eq(bytes(&user))),
        )
        .set(users::version.eq(users::version))
        .execute(conn)?;
        let current = get(conn, org, user)?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(Error::Stale);
        }
        let target = users::table
            .filter(users::org_id.eq(bytes(&org)))
            .filter(users::id.eq(bytes(&user)))
            .filter(users::version.eq(current.version));
        let updated = diesel::update(target)
            .set((
                users::name.eq(changes.name.clone().unwrap_or(current.name.clone())),
                users::role.eq(changes.role.unwrap_or(current.role).as_str()),
                users::active.eq(changes.active.unwrap_or(current.active)),
                users::updated_at.eq(to_db(now)),
                users::version.eq(current.version + 1),
            ))
            .execute(conn)?;
        if updated == 0 {
            return Err(Error::Stale);
        }
        if let Some(hash) = &changes.password_hash {
            diesel::update(
                users::table
                    .filter(users::org_id.eq(bytes(&org)))
                    .filter(users::id.eq(bytes(&user))),
            )
            .set((
                users::password_hash.eq(hash),
                users::failed_logins.eq(0),
                users::locked_until.eq(None::<chrono::NaiveDateTime>),
            ))
            .execute(conn)?;
        }
        if let Some(team_ids) = &changes.team_ids {
            set_teams(conn, org, user, team_ids)?;
        }
        if changes.active == Some(false) || changes.password_hash.is_some() {
            crate::sessions::revoke_all_for_user(conn, org, user, now)?;
        }
        get(conn, org, user)
    })
}

/// Every user, in any organization, with this email (normally one).
pub fn credentials_by_email(conn: &mut AnyConnection, email: &Email) -> Result<Vec<Credentials>> {
    let rows: Vec<CredentialsRow> = users::table
        .filter(users::email_normalized.eq(email.normalized()))
        .select((
            users::org_id,
            users::id,
            users::password_hash,
            users::active,
            users::failed_logins,
            users::locked_until,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(org, user, password_hash, active, failed_logins, locked_until)| Credentials {
                org_id: id(&org),
                user_id: id(&user),
                password_hash,
                active,
                failed_logins,
                locked_until: locked_until.map(from_db),
            },
        )
        .collect())
}

/// Records a failed login; locks the user until `lock_until` when given.
pub fn record_failed_login(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    failed_logins: i32,
    lock_until: Option<DateTime<Utc>>,
) -> Result<()> {
    diesel::update(
        users::table
            .filter(users::org_id.eq(bytes(&org)))
            .filter(users::id.eq(bytes(&user))),
    )
    .set((
        users::failed_logins.eq(failed_logins),
        users::locked_until.eq(lock_until.map(to_db)),
    ))
    .execute(conn)?;
    Ok(())
}

/// Clears the failure count after a successful login.
pub fn record_successful_login(conn: &mut AnyConnection, org: OrgId, user: UserId) -> Result<()> {
    diesel::update(
        users::table
            .filter(users::org_id.eq(bytes(&org)))
            .filter(users::id.eq(bytes(&user))),
    )
    .set((
        users::failed_logins.eq(0),
        users::locked_until.eq(None::<chrono::NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(())
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
