//! What happens as it happens: the event stream's events, and who is viewing a ticket.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A `ticket` event of the stream (`GET /api/v1/events`): something happened to a ticket of
/// the organization. It names what, not the new state: read the ticket for that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"ticket_id": "tkt_0000000000000000000000001", "kind": "status_changed", "actor_id": "usr_0000000000000000000000001", "at": "2026-12-04T09:30:00Z"})))]
pub struct TicketEvent {
    /// The ticket.
    pub ticket_id: String,
    /// What happened: the kind of the ticket's timeline entry (`created`, `status_changed`,
    /// `priority_changed`, `assignee_changed`, `team_changed`, `edited`, `replied`, `noted`,
    /// `routed`, `merged_into`, `merged`, `sla_warning`, `sla_breached`, …).
    pub kind: String,
    /// The staff user who did it; absent for the customer and for Rapport itself.
    pub actor_id: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Someone who has a ticket open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketViewer {
    /// The staff user.
    pub user_id: String,
    /// Their name.
    pub name: String,
    /// Until when they count as viewing, unless their page says so again.
    pub expires_at: DateTime<Utc>,
}

/// Who has a ticket open, by name (the caller among them once they said so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketViewers {
    /// The viewers.
    pub viewers: Vec<TicketViewer>,
}
