//! `/api/v1/teams`: teams of staff users (admins only).

pub mod create;
pub mod delete;
pub mod list;
pub mod update;

use api_types::users::Team as TeamBody;

/// A team as a response body.
pub fn view(team: &db::teams::Team) -> TeamBody {
    TeamBody {
        id: team.id.to_string(),
        name: team.name.clone(),
        member_count: team.member_count,
        created_at: team.created_at,
        version: team.version,
    }
}
