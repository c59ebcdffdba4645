//! Staff users and teams (administration).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
    /// How many users belong to it.
    pub member_count: i64,
    /// When the team was created.
    pub created_at: DateTime<Utc>,
    /// Increases with every change.
    pub version: i64,
}

/// A new team, or a team's new name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "EMEA Support"})))]
#[serde(deny_unknown_fields)]
pub struct TeamBody {
    /// The team's name.
    pub name: String,
}
