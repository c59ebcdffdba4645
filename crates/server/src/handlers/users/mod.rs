//! `/api/v1/users`: the staff directory, which every signed-in user reads (owners and note
//! authors are shown by name, and owners are chosen from it); only admins change it.

pub mod create;
pub mod get;
pub mod list;
pub mod update;

use api_types::users::User as UserBody;
use db::users::User;
use db::AnyConnection;
use domain::Permission::ManageUsers;
use domain::{FieldError, OrgId, TeamId};

use crate::auth::{Access, Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The user routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_users, Access::Staff)
        .add(create::create_user, Can(ManageUsers))
        .add(get::get_user, Access::Staff)
        .add(update::update_user, Can(ManageUsers));
}

impl View for User {
    type Body = UserBody;

    fn view(_: &mut AnyConnection, _: OrgId, user: &User) -> Result<UserBody, ApiError> {
        Ok(view(user))
    }
}

/// A user as a response body.
pub fn view(user: &User) -> UserBody {
    UserBody {
        id: user.id.to_string(),
        email: user.email.clone(),
        name: user.name.clone(),
        role: user.role.as_str().to_owned(),
        active: user.active,
        team_ids: user.team_ids.iter().map(ToString::to_string).collect(),
        availability: user.agent.availability.as_str().to_owned(),
        capacity: user.agent.capacity,
        skills: user.agent.skills.clone(),
        created_at: user.created_at,
        updated_at: user.updated_at,
        version: user.version,
    }
}

/// Parses team ids, pointing at the first bad one.
pub fn team_ids(raw: &[String]) -> Result<Vec<TeamId>, FieldError> {
    raw.iter()
        .enumerate()
        .map(|(i, t)| TeamId::parse(&format!("/team_ids/{i}"), t))
        .collect()
}

/// The most skills a user holds.
const MAX_SKILLS: usize = 50;

/// Parses skills: each trimmed and in lower case, sorted, each once.
pub fn skills(raw: &[String]) -> Result<Vec<String>, FieldError> {
    if raw.len() > MAX_SKILLS {
        return Err(FieldError::new(
            "/skills",
            "too_many_skills",
            format!("at most {MAX_SKILLS} skills"),
        ));
    }
    let mut skills = raw
        .iter()
        .enumerate()
        .map(|(i, s)| domain::routing::skill(&format!("/skills/{i}"), s))
        .collect::<Result<Vec<_>, _>>()?;
    skills.sort();
    skills.dedup();
    Ok(skills)
}

/// The largest capacity an agent can be given.
const MAX_CAPACITY: i64 = 10_000;

/// Checks a capacity: 0 (takes no routed tickets) to 10,000.
pub fn capacity(raw: i64) -> Result<i64, FieldError> {
    if (0..=MAX_CAPACITY).contains(&raw) {
        Ok(raw)
    } else {
        Err(FieldError::new(
            "/capacity",
            "invalid_capacity",
            format!("must be between 0 and {MAX_CAPACITY}"),
        ))
    }
}
