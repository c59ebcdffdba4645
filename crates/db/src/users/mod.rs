//! Staff users: creation, changes, team membership and the facts login needs.

mod agent;
mod login;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::routing::Availability;
use domain::{Email, OrgId, Role, SessionId, TeamId, UserId};

use domain::id::kind;

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::{team_members, teams, users};
pub use agent::{active_names, AgentSettings};
use agent::{set_skills, skills_of};
pub use login::{credentials_by_email, password_hash, session_user, Credentials, SessionUser};

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
    /// How routing treats them.
    pub agent: AgentSettings,
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
    /// Capacity and skills (availability is the user's own to set).
    pub agent: AgentSettings,
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
    /// New availability.
    pub availability: Option<Availability>,
    /// New capacity (`Some(None)` lifts the limit).
    pub capacity: Option<Option<i64>>,
    /// New skills.
    pub skills: Option<Vec<String>>,
    /// New password hash.
    pub password_hash: Option<String>,
    /// The session that survives a new password: the user's own, when they change it
    /// themselves.
    pub keep_session: Option<SessionId>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = users)]
struct UserRow {
    id: Vec<u8>,
    email: String,
    name: String,
    role: String,
    active: bool,
    availability: String,
    capacity: Option<i64>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    version: i64,
}

impl Positioned for UserRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, _key: SortKey) -> KeyValue {
        KeyValue::None
    }
}

fn to_user(row: UserRow, team_ids: Vec<TeamId>, skills: Vec<String>) -> User {
    User {
        agent: AgentSettings {
            availability: Availability::parse("/availability", &row.availability)
                .unwrap_or(Availability::Offline),
            capacity: row.capacity,
            skills,
        },
        id: id(&row.id),
        email: row.email,
        name: row.name,
        role: Role::parse("/role", &row.role).unwrap_or(Role::ReadOnly),
        active: row.active,
        team_ids,
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        version: row.version,
    }
}

/// Users are listed oldest first.
pub const SORTS: Sorts = Sorts {
    options: &[("created_at", SortKey::Created)],
    default: (SortKey::Created, false),
};

/// What a change to a user stores: the new state of each editable field.
#[derive(Debug, Clone)]
pub struct UserEdit {
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Can log in.
    pub active: bool,
    /// Team memberships.
    pub team_ids: Vec<TeamId>,
    /// Availability, capacity and skills.
    pub agent: AgentSettings,
    /// A new password's hash, if it changes.
    pub password_hash: Option<String>,
}

impl Record for User {
    type Kind = kind::User;
    const TABLE: &'static str = "users";
    const SOFT_DELETE: bool = false;

    fn read(conn: &mut AnyConnection, org: OrgId, user: UserId) -> Result<Self> {
        let row: UserRow = users::table
            .filter(users::org_id.eq(bytes(&org)))
            .filter(users::id.eq(bytes(&user)))
            .select(UserRow::as_select())
            .first(conn)?;
        let teams = team_ids_of(conn, org, &row.id)?;
        let skills = skills_of(conn, org, std::slice::from_ref(&row.id))?
            .into_iter()
            .map(|(_, skill)| skill)
            .collect();
        Ok(to_user(row, teams, skills))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        false
    }
}

impl Store for User {
    type Fields = UserEdit;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        edit: &UserEdit,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let changed = diesel::update(users::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                users::name.eq(&edit.name),
                users::role.eq(edit.role.as_str()),
                users::active.eq(edit.active),
                users::availability.eq(edit.agent.availability.as_str()),
                users::capacity.eq(edit.agent.capacity),
                users::updated_at.eq(to_db(now)),
                users::version.eq(current.version + 1),
            ))
            .execute(conn)?;
        if let Some(hash) = &edit.password_hash {
            diesel::update(users::table)
                .filter(at_version(org, current.id, current.version + 1))
                .set(users::password_hash.eq(hash))
                .execute(conn)?;
        }
        if edit.team_ids != current.team_ids {
            set_teams(conn, org, current.id, &edit.team_ids)?;
        }
        if edit.agent.skills != current.agent.skills {
            set_skills(conn, org, current.id, &edit.agent.skills)?;
        }
        Ok(changed)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        edit: UserEdit,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(User {
            name: edit.name,
            role: edit.role,
            active: edit.active,
            team_ids: edit.team_ids,
            agent: edit.agent,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
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
        let user_id = UserId::mint();
        let inserted = diesel::insert_into(users::table)
            .values((
                users::org_id.eq(bytes(&org)),
                users::id.eq(bytes(&user_id)),
                users::email.eq(new.email.as_str()),
                users::email_normalized.eq(new.email.normalized()),
                users::name.eq(&new.name),
                users::role.eq(new.role.as_str()),
                users::active.eq(true),
                users::availability.eq(new.agent.availability.as_str()),
                users::capacity.eq(new.agent.capacity),
                users::password_hash.eq(&new.password_hash),
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
        set_skills(conn, org, user_id, &new.agent.skills)?;
        Ok(User {
            id: user_id,
            email: new.email.as_str().to_owned(),
            name: new.name.clone(),
            role: new.role,
            active: true,
            team_ids: new.team_ids.clone(),
            agent: new.agent.clone(),
            created_at: now,
            updated_at: now,
            version: 1,
        })
    })
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

/// One page of the organization's users, oldest first.
pub fn list(conn: &mut AnyConnection, org: OrgId, params: &ListParams) -> Result<Page<User>> {
    let query = || {
        users::table
            .filter(users::org_id.eq(bytes(&org)))
            .select(UserRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<User, _, _>(conn, query, None, params)?;
    // Every membership of the page in one query, not one per user.
    let ids: Vec<Vec<u8>> = page.items.iter().map(|row| row.id.clone()).collect();
    let memberships: Vec<(Vec<u8>, Vec<u8>)> = team_members::table
        .filter(team_members::org_id.eq(bytes(&org)))
        .filter(team_members::user_id.eq_any(&ids))
        .order((team_members::user_id, team_members::team_id))
        .select((team_members::user_id, team_members::team_id))
        .load(conn)?;
    let skills = skills_of(conn, org, &ids)?;
    Ok(page.map(|row| {
        let teams = memberships
            .iter()
            .filter(|(user, _)| *user == row.id)
            .map(|(_, team)| id(team))
            .collect();
        let skills = skills
            .iter()
            .filter(|(user, _)| *user == row.id)
            .map(|(_, skill)| skill.clone())
            .collect();
        to_user(row, teams, skills)
    }))
}

/// Changes a user if the version still matches (when one is given). Deactivating a user or
/// setting a new password ends their sessions (but `keep_session`) in the same transaction;
/// a new password also lifts a login lock on their email.
pub fn update(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    expected_version: Option<i64>,
    changes: &UserChanges,
    now: DateTime<Utc>,
) -> Result<User> {
    crate::connection::write_transaction(conn, |conn| {
        let updated = record::modify::<User, Error>(conn, org, user, now, |current| {
            if expected_version.is_some_and(|v| v != current.version) {
                return Err(Error::Stale);
            }
            Ok(UserEdit {
                name: changes.name.clone().unwrap_or_else(|| current.name.clone()),
                role: changes.role.unwrap_or(current.role),
                active: changes.active.unwrap_or(current.active),
                team_ids: changes
                    .team_ids
                    .clone()
                    .unwrap_or_else(|| current.team_ids.clone()),
                agent: AgentSettings {
                    availability: changes.availability.unwrap_or(current.agent.availability),
                    capacity: changes.capacity.unwrap_or(current.agent.capacity),
                    skills: changes
                        .skills
                        .clone()
                        .unwrap_or_else(|| current.agent.skills.clone()),
                },
                password_hash: changes.password_hash.clone(),
            })
        })?;
        if changes.active == Some(false) || changes.password_hash.is_some() {
            let keep = changes
                .keep_session
                .filter(|_| changes.active != Some(false));
            crate::sessions::revoke_all_for_user(conn, org, user, keep, now)?;
        }
        if changes.password_hash.is_some() {
            if let Ok(email) = Email::parse("/email", &updated.email) {
                crate::login_throttle::clear(conn, &crate::login_throttle::staff(&email))?;
            }
        }
        Ok(updated)
    })
}

/// Sets (or with `None` removes) the hash of the user's calendar feed secret.
pub fn set_calendar_feed(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    hash: Option<&str>,
) -> Result<()> {
    let changed = diesel::update(users::table)
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::id.eq(bytes(&user)))
        .set(users::calendar_feed_hash.eq(hash))
        .execute(conn)?;
    if changed == 1 {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// The hash of an active user's calendar feed secret, if the user has a feed.
pub fn calendar_feed_hash(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
) -> Result<Option<String>> {
    let found: Option<Option<String>> = users::table
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::id.eq(bytes(&user)))
        .filter(users::active.eq(true))
        .select(users::calendar_feed_hash)
        .first(conn)
        .optional()?;
    Ok(found.flatten())
}

/// The notification kinds the user also gets by email (none for an inactive user).
pub fn email_notifications(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
) -> Result<Vec<String>> {
    let found: Option<String> = users::table
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::id.eq(bytes(&user)))
        .filter(users::active.eq(true))
        .select(users::email_notifications)
        .first(conn)
        .optional()?;
    match found {
        Some(json) => serde_json::from_str(&json).map_err(|e| Error::Other(e.to_string())),
        None => Ok(Vec::new()),
    }
}

/// Sets the notification kinds the user also gets by email.
pub fn set_email_notifications(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    kinds: &[String],
) -> Result<()> {
    let json = serde_json::to_string(kinds).map_err(|e| Error::Other(e.to_string()))?;
    let changed = diesel::update(users::table)
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::id.eq(bytes(&user)))
        .set(users::email_notifications.eq(json))
        .execute(conn)?;
    if changed == 1 {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// The organization's active user with this email, if there is one.
pub fn active_by_email(
    conn: &mut AnyConnection,
    org: OrgId,
    email: &domain::Email,
) -> Result<Option<UserId>> {
    let found: Option<Vec<u8>> = users::table
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::email_normalized.eq(email.normalized()))
        .filter(users::active.eq(true))
        .select(users::id)
        .first(conn)
        .optional()?;
    Ok(found.map(|u| id(&u)))
}

/// The organization's longest-standing active admin, who holds what nobody else was named
/// for (a call that rings for nobody in particular).
pub fn first_admin(conn: &mut AnyConnection, org: OrgId) -> Result<Option<UserId>> {
    let found: Option<Vec<u8>> = users::table
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::role.eq(domain::Role::Admin.as_str()))
        .filter(users::active.eq(true))
        .order((users::created_at, users::id))
        .select(users::id)
        .first(conn)
        .optional()?;
    Ok(found.map(|u| id(&u)))
}
