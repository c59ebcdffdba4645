//! `/api/v1/teams`: teams of staff users (admins only).

pub mod create;
pub mod delete;
pub mod list;
pub mod update;

use api_types::users::Team as TeamBody;
use db::teams::Team;
use db::AnyConnection;
use domain::OrgId;
use domain::Permission::ManageUsers;

use crate::auth::{Access::Permission as Can, Routes};
use crate::error::ApiError;
use crate::kit::View;

/// The team routes and who may call them.
pub fn routes(r: &mut Routes) {
    r.add(list::list_teams, Can(ManageUsers))
        .add(create::create_team, Can(ManageUsers))
        .add(update::update_team, Can(ManageUsers))
        .add(delete::delete_team, Can(ManageUsers));
}

impl View for Team {
    type Body = TeamBody;

    fn view(_: &mut AnyConnection, _: OrgId, team: &Team) -> Result<TeamBody, ApiError> {
        Ok(TeamBody {
            id: team.id.to_string(),
            name: team.name.clone(),
            member_count: team.member_count,
            created_at: team.created_at,
            version: team.version,
        })
    }
}
