//! What routing knows of a user: availability, capacity and skills.

use diesel::prelude::*;
use domain::routing::Availability;
use domain::{OrgId, UserId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, id};
use crate::error::Result;
use crate::schema::{user_skills, users};

/// What routing knows of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentSettings {
    /// Whether they take tickets now; a new user starts offline.
    pub availability: Availability,
    /// How many open tickets routing gives them at most; `None` is no limit.
    pub capacity: Option<i64>,
    /// Their skills, trimmed and in lower case, sorted.
    pub skills: Vec<String>,
}

impl Default for AgentSettings {
    fn default() -> Self {
        Self {
            availability: Availability::Offline,
            capacity: None,
            skills: Vec::new(),
        }
    }
}

/// The skills of these users, by user and then skill.
pub(super) fn skills_of(
    conn: &mut AnyConnection,
    org: OrgId,
    users: &[Vec<u8>],
) -> Result<Vec<(Vec<u8>, String)>> {
    Ok(user_skills::table
        .filter(user_skills::org_id.eq(bytes(&org)))
        .filter(user_skills::user_id.eq_any(users))
        .order((user_skills::user_id, user_skills::skill))
        .select((user_skills::user_id, user_skills::skill))
        .load(conn)?)
}

pub(super) fn set_skills(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    skills: &[String],
) -> Result<()> {
    diesel::delete(
        user_skills::table
            .filter(user_skills::org_id.eq(bytes(&org)))
            .filter(user_skills::user_id.eq(bytes(&user))),
    )
    .execute(conn)?;
    for skill in skills {
        diesel::insert_into(user_skills::table)
            .values((
                user_skills::org_id.eq(bytes(&org)),
                user_skills::user_id.eq(bytes(&user)),
                user_skills::skill.eq(skill),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The organization's active users with their email and name (to find who a note mentions).
pub fn active_names(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<(UserId, String, String)>> {
    let rows: Vec<(Vec<u8>, String, String)> = users::table
        .filter(users::org_id.eq(bytes(&org)))
        .filter(users::active.eq(true))
        .select((users::id, users::email, users::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(user, email, name)| (id(&user), email, name))
        .collect())
}
