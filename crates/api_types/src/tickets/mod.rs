//! Tickets: customer requests, their conversation and their SLA clocks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::sla::ClockBody;
use crate::Patch;

mod conversation;
mod views;

pub use conversation::*;
pub use views::*;

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
    /// The asset it is about.
    #[serde(default)]
    pub asset_id: Option<String>,
    /// email, phone, web, portal, chat, api or in_person.
    pub channel: String,
    /// low, normal, high or urgent.
    pub priority: String,
    /// question, incident, problem or task.
    #[serde(rename = "type")]
    pub ticket_type: Option<String>,
    /// A category such as `billing`.
    pub category: Option<String>,
    /// The customer's language, a lower-case tag such as `de` or `pt-br`.
    #[serde(default)]
    pub language: Option<String>,
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
    /// The ticket this one was merged into (it is closed then).
    pub merged_into_id: Option<String>,
    /// What the entitlement check found when it was opened: the contract covering it, or
    /// that none did; none when it was not checked.
    pub entitlement: Option<crate::contracts::TicketEntitlement>,
    /// The files sent with the description (a ticket a customer opened in the portal with
    /// files).
    pub attachments: Vec<crate::attachments::Attachment>,
    /// The partner's questions the customer answered when opening it in a portal, as they
    /// were asked.
    #[serde(default)]
    pub custom_fields: Vec<crate::custom_fields::TicketFieldAnswer>,
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
    /// The asset it is about: one of the account's (else 422 `not_of_account`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    /// How it came in (default `api`).
    pub channel: Option<String>,
    /// low, normal (default), high or urgent.
    pub priority: Option<String>,
    /// question, incident, problem or task.
    #[serde(rename = "type")]
    pub ticket_type: Option<String>,
    /// A category such as `billing`.
    pub category: Option<String>,
    /// The language the customer writes in, a tag such as `de` or `pt-BR` (kept lower case).
    /// Skills routing gives the ticket to an agent who holds the language (`pt` for `pt-BR`)
    /// as a skill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
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
    /// The asset it is about (`null`: none).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub asset_id: Patch<String>,
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
    /// The customer's language (`null` clears it).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub language: Patch<String>,
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

/// What to merge a duplicate ticket into.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"into_id": "tkt_0000000000000000000000001"})))]
#[serde(deny_unknown_fields)]
pub struct MergeTicket {
    /// The ticket that goes on; the merged one closes, linked to it.
    pub into_id: String,
}

/// One change to many tickets: every ticket changes, or (on any refusal) none does.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"ids": ["tkt_0000000000000000000000001"], "status": "solved", "add_tags": ["outage"]})))]
#[serde(deny_unknown_fields)]
pub struct BulkUpdateTickets {
    /// The tickets, 1 to 100.
    pub ids: Vec<String>,
    /// The status to move each to.
    pub status: Option<String>,
    /// The priority to give each.
    pub priority: Option<String>,
    /// The agent to assign each to; `null` unassigns.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub assignee_id: Patch<String>,
    /// The team to put each in; `null` takes them out of their queues.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub team_id: Patch<String>,
    /// Tags to add to each.
    #[serde(default)]
    pub add_tags: Vec<String>,
    /// Tags to take off each.
    #[serde(default)]
    pub remove_tags: Vec<String>,
}

/// The tickets a bulk update changed, in the order asked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkUpdated {
    /// Each ticket as it is now, with its clocks.
    pub items: Vec<Ticket>,
}

/// The ticket list's own filters, beside [`crate::ListQuery`]. Sorts: `created_at` (the
/// default, newest first), `updated_at`, `number`, `priority`, `sla_due_at`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TicketFilters {
    /// Words a ticket must all carry: each matches the beginning of a word of the number or
    /// the subject, or a whole word of the conversation (replies and internal notes).
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
    /// About this asset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
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

/// A ticket linked to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketLink {
    /// How it relates to the ticket it is listed on: `related` (linked by an agent);
    /// `follow_up_of` (the listing ticket follows up this closed one) or `followed_up_by`;
    /// `merged_into` (the listing ticket was merged into this one) or `merged_from`.
    pub kind: String,
    /// The linked ticket's id.
    pub id: String,
    /// Its number.
    pub number: i64,
    /// Its subject.
    pub subject: String,
    /// Its status.
    pub status: String,
}

/// The tickets linked to a ticket, by number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketLinks {
    /// Each linked ticket once.
    pub links: Vec<TicketLink>,
}
