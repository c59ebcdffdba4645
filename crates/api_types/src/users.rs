//! Staff users and teams (administration).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::patch::Patch;

/// A staff user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// The user's id (`usr_…`).
    pub id: String,
    /// Email address, used to log in.
    pub email: String,
    /// Display name.
    pub name: String,
    /// One of admin, manager, sales, agent, marketing, read_only.
    pub role: String,
    /// Inactive users cannot log in, and their tokens stop working at once.
    pub active: bool,
    /// The teams the user belongs to.
    pub team_ids: Vec<String>,
    /// Whether routing gives them tickets now: available, away or offline.
    pub availability: String,
    /// The most open tickets routing gives them; `null` is no limit.
    pub capacity: Option<i64>,
    /// What they are skilled in, matched against tickets' categories by skills-based routing.
    pub skills: Vec<String>,
    /// When the user was created.
    pub created_at: DateTime<Utc>,
    /// When the user last changed.
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A new staff user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "sam@northwind.example", "name": "Sam Rivera", "role": "sales", "password": "a long passphrase"})))]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// Email address, unique within the organization.
    pub email: String,
    /// Display name.
    pub name: String,
    /// The role.
    pub role: String,
    /// Initial password, at least 12 characters.
    pub password: String,
    /// Teams to put the user in.
    #[serde(default)]
    pub team_ids: Vec<String>,
    /// The most open tickets routing gives them; absent or `null` is no limit.
    pub capacity: Option<i64>,
    /// Their skills (up to 50, each 1 to 50 characters; compared ignoring case).
    #[serde(default)]
    pub skills: Vec<String>,
}

/// Changes to a staff user; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// New display name.
    pub name: Option<String>,
    /// New role.
    pub role: Option<String>,
    /// `false` deactivates the user and ends their sessions.
    pub active: Option<bool>,
    /// The complete new set of teams.
    pub team_ids: Option<Vec<String>>,
    /// available, away or offline.
    pub availability: Option<String>,
    /// The most open tickets routing gives them; `null` lifts the limit.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub capacity: Patch<i64>,
    /// The complete new set of skills.
    pub skills: Option<Vec<String>>,
    /// A new password. Ends the user's sessions; for one's own password give
    /// `current_password` too, and only the other sessions end.
    pub password: Option<String>,
    /// One's own current password, required to set a new one for oneself.
    pub current_password: Option<String>,
}

/// A team of staff users.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Team {
    /// The team's id (`team_…`).
    pub id: String,
    /// The team's name, unique within the organization.
    pub name: String,
    /// How its queue hands out tickets: manual, round_robin, load_balanced or skills.
    pub routing_mode: String,
    /// The user told of its tickets' SLA warnings and breaches besides the assignee.
    pub lead_id: Option<String>,
    /// How many users belong to it.
    pub member_count: i64,
    /// When the team was created.
    pub created_at: DateTime<Utc>,
    /// Increases with every change.
    pub version: i64,
}

/// A new team, or a team's new name, routing and lead; absent fields stay as they are
/// (a new team routes by hand and has no lead).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "EMEA Support", "routing_mode": "round_robin"})))]
#[serde(deny_unknown_fields)]
pub struct TeamBody {
    /// The team's name.
    pub name: String,
    /// manual, round_robin, load_balanced (fewest open tickets) or skills (the ticket's
    /// category among the agent's skills).
    pub routing_mode: Option<String>,
    /// The team's lead, a user of the organization; `null` removes the lead.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub lead_id: Patch<String>,
}

/// An agent's availability for routing.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"availability": "available"})))]
#[serde(deny_unknown_fields)]
pub struct AvailabilityBody {
    /// available (routing gives them tickets), away or offline.
    pub availability: String,
}
