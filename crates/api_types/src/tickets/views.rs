//! Saved ticket lists (views), personal or shared with a team.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::TicketFilters;
use crate::Patch;

/// A saved ticket list: its filters and order, personal or shared with a team.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketView {
    /// The view's id (`tview_…`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Who made it; only they (and admins) change it.
    pub owner_id: String,
    /// The team it is shared with; `null` for a personal view.
    pub team_id: Option<String>,
    /// The ticket list's filters, as its query parameters; `assignee_id=me` is whoever looks.
    pub filters: TicketFilters,
    /// The list's order, as its `sort` parameter.
    pub sort: Option<String>,
    /// How many tickets it shows now, for whoever looks (when asked for), up to 100.
    pub count: Option<i64>,
    /// `true` when more tickets than `count` match: counting stops at 100.
    #[serde(default)]
    pub count_capped: bool,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; send it back in `If-Match`.
    pub version: i64,
}

/// A new saved view.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Urgent in my queue", "filters": {"priority": "urgent", "assignee_id": "me", "status": "new,open"}, "sort": "sla_due_at"})))]
#[serde(deny_unknown_fields)]
pub struct CreateTicketView {
    /// Its name, 1 to 100 characters.
    pub name: String,
    /// A team to share it with (one of the caller's own, unless an admin or manager).
    pub team_id: Option<String>,
    /// The ticket list's filters.
    #[serde(default)]
    pub filters: TicketFilters,
    /// The list's order.
    pub sort: Option<String>,
}

/// Changes to a saved view: absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTicketView {
    /// A new name.
    pub name: Option<String>,
    /// Share with this team, or (`null`) make it personal.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub team_id: Patch<String>,
    /// New filters, replacing the old.
    pub filters: Option<TicketFilters>,
    /// A new order; `null` for the list's default.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sort: Patch<String>,
}

/// Paging the saved views, with their counts if asked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TicketViewQuery {
    /// Page size, 1 to 100 (default 25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// `true` to count each view's tickets for the caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<bool>,
}
