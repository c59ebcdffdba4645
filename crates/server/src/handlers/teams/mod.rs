//! `/api/v1/teams`: teams of staff users (admins only).

pub mod create;
pub mod delete;
pub mod list;
pub mod update;

use api_types::patch::Patch;
use api_types::users::{Team as TeamView, TeamBody};
use db::teams::{Team, TeamFields};
use db::AnyConnection;
use domain::routing::Mode;
use domain::Permission::ManageUsers;
use domain::{text, OrgId, UserId, Violations};

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
    type Body = TeamView;

    fn view(_: &mut AnyConnection, _: OrgId, team: &Team) -> Result<TeamView, ApiError> {
        Ok(TeamView {
            id: team.id.to_string(),
            name: team.fields.name.clone(),
            routing_mode: team.fields.routing_mode.as_str().to_owned(),
            lead_id: team.fields.lead_id.map(|u| u.to_string()),
            member_count: team.member_count,
            created_at: team.created_at,
            version: team.version,
        })
    }
}

/// The team `body` describes, over `current` (absent fields stay as they are) or a new
/// team's defaults.
pub fn fields(body: TeamBody, current: Option<&TeamFields>) -> Result<TeamFields, ApiError> {
    let mut v = Violations::new();
    let name = v.check(text::required("/name", &body.name, 100));
    let routing_mode = v.check_opt(body.routing_mode, |m| Mode::parse("/routing_mode", &m));
    let lead_id = match body.lead_id {
        Patch::Absent => Some(current.and_then(|c| c.lead_id)),
        Patch::Null => Some(None),
        Patch::Value(raw) => v.check(UserId::parse("/lead_id", &raw)).map(Some),
    };
    v.finish(|| {
        Some(TeamFields {
            name: name?,
            routing_mode: routing_mode
                .or(current.map(|c| c.routing_mode))
                .unwrap_or(Mode::Manual),
            lead_id: lead_id?,
        })
    })
    .map_err(ApiError::from)
}
