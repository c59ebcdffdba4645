//! Tickets: customer requests, their conversation and their SLA clocks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::sla::ClockBody;
use crate::Patch;

/// A ticket.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ticket {
    /// The ticket's id (`tkt_…`).
    pub id: String,
    /// Its number in the organization, shown as `#1042`; never reused.
    pub number: i64,
    /// What it is about.
    pub subject: String,
    /// The request as first written.
    pub description: String,
    /// The contact who asked.
    pub requester_id: String,
    /// The requester's company.
    pub account_id: Option<String>,
    /// email, phone, web, portal, chat, api or in_person.
    pub channel: String,
    /// low, normal, high or urgent.
    pub priority: String,
    /// question, incident, problem or task.
    #[serde(rename = "type")]
    pub ticket_type: Option<String>,
    /// A category such as `billing`.
    pub category: Option<String>,
    /// new, open, pending, on_hold, solved or closed.
    pub status: String,
    /// Where the status may move next.
    pub next_statuses: Vec<String>,
    /// The agent working on it.
    pub assignee_id: Option<String>,
    /// The team (queue) it is in.
    pub team_id: Option<String>,
    /// Labels.
    pub tags: Vec<String>,
    /// The SLA policy whose clocks run on it.
    pub sla_policy_id: Option<String>,
    /// The deadline of its most urgent running clock.
    pub sla_due_at: Option<DateTime<Utc>>,
    /// The ticket's SLA clocks, read now (only on a single ticket; empty in lists).
    pub clocks: Vec<ClockBody>,
    /// The first public reply by an agent.
    pub first_responded_at: Option<DateTime<Utc>>,
    /// When it was solved.
    pub solved_at: Option<DateTime<Utc>>,
    /// When it was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// The closed ticket this one follows up.
    pub follow_up_of_id: Option<String>,
    /// When the ticket was created.
    pub created_at: DateTime<Utc>,
    /// When the ticket last changed.
    pub updated_at: DateTime<Utc>,
    /// When the ticket was deleted.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change.
    pub version: i64,
}

/// A new ticket.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "subject": "Invoice 2026-114 charged twice", "description": "We were billed twice for November.",
    "requester_email": "ada@northwind.example", "priority": "high", "channel": "email",
    "category": "billing"
})))]
#[serde(deny_unknown_fields)]
pub struct CreateTicket {
    /// What it is about (required).
    pub subject: String,
    /// The request (required).
    pub description: String,
    /// The contact who asks; or give `requester_email`.
    pub requester_id: Option<String>,
    /// The requester's email: a contact with it is found, or created.
    pub requester_email: Option<String>,
    /// The requester's company; defaults to the requester's account.
    pub account_id: Option<String>,
    /// How it came in (default `api`).
    pub channel: Option<String>,
    /// low, normal (default), high or urgent.
    pub priority: Option<String>,
    /// question, incident, problem or task.
    #[serde(rename = "type")]
    pub ticket_type: Option<String>,
    /// A category such as `billing`.
    pub category: Option<String>,
    /// new (default), open, pending, on_hold or solved.
    pub status: Option<String>,
    /// The agent to work on it.
    pub assignee_id: Option<String>,
    /// The team (queue) to put it in.
    pub team_id: Option<String>,
    /// Labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Changes to a ticket: absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "pending", "priority": "urgent"})))]
#[serde(deny_unknown_fields)]
pub struct UpdateTicket {
    /// What it is about (cannot be cleared: `null` is refused).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub subject: Patch<String>,
    /// The request (cannot be cleared).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    /// The contact who asked.
    pub requester_id: Option<String>,
    /// The requester's company.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub account_id: Patch<String>,
    /// How it came in.
    pub channel: Option<String>,
    /// low, normal, high or urgent: running SLA clocks take the new targets.
    pub priority: Option<String>,
    /// question, incident, problem or task.
    #[serde(default, rename = "type", skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub ticket_type: Patch<String>,
    /// A category.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub category: Patch<String>,
    /// The next status; a move the status machine does not allow answers 422 naming the
    /// allowed ones.
    pub status: Option<String>,
    /// The agent.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub assignee_id: Patch<String>,
    /// The team.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub team_id: Patch<String>,
    /// The complete new set of tags.
    pub tags: Option<Vec<String>>,
}

/// The ticket list's own filters, beside [`crate::ListQuery`]. Sorts: `created_at` (the
/// default, newest first), `updated_at`, `number`, `priority`, `sla_due_at`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TicketFilters {
    /// Words matched as prefixes against the number and the subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Statuses, comma-separated (`open,pending`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Priorities, comma-separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// A user id, `me` or `none` (unassigned).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<String>,
    /// In this team's queue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    /// Asked by this contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requester_id: Option<String>,
    /// For this account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Came in through this channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Of this type.
    #[serde(skip_serializing_if = "Option::is_none", rename = "type")]
    pub ticket_type: Option<String>,
    /// In this category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Carries this tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// `breached` or `warning`: where the most urgent running clock stands now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<String>,
    /// The next SLA deadline is before this instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla_due_before: Option<DateTime<Utc>>,
}

/// A public reply or an internal note.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// The message's id (`msg_…`).
    pub id: String,
    /// The ticket it is on.
    pub ticket_id: String,
    /// `true` for a reply the customer sees, `false` for an internal note.
    pub public: bool,
    /// The staff user who wrote it.
    pub author_user_id: Option<String>,
    /// The contact who wrote it.
    pub author_contact_id: Option<String>,
    /// The text.
    pub body: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it was redacted.
    pub redacted_at: Option<DateTime<Utc>>,
}

/// A new reply or internal note.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "We refunded the second charge.", "public": true, "status": "solved"})))]
#[serde(deny_unknown_fields)]
pub struct CreateMessage {
    /// The text (required).
    pub body: String,
    /// `true` (default) for a reply the customer sees, `false` for an internal note.
    pub public: Option<bool>,
    /// Move the ticket to this status with the message (a public reply on a new ticket moves
    /// it to open by itself).
    pub status: Option<String>,
}
