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
