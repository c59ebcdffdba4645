//! The phone: caller lookup, calls with their telephony details, the events telephony
//! providers post, the providers themselves, and the callback queue.

mod callbacks;
mod telephony;

pub use callbacks::{Callback, CallbackFilters, CreateCallback, UpdateCallback};
pub use telephony::{
    CreateTelephonyProvider, TelephonyEvent, TelephonyProvider, UpdateTelephonyProvider,
};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::accounts::Account;
use crate::contacts::Contact;
use crate::leads::Lead;
use crate::opportunities::Opportunity;
use crate::tickets::Ticket;

/// Who has a phone number, and what is open with them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneLookup {
    /// The number in E.164 (`+41445551234`), as it was looked up.
    pub number: String,
    /// Contacts with the number (at most 10, latest change first).
    pub contacts: Vec<Contact>,
    /// Accounts with the number, then those contacts' accounts (at most 10 with the number).
    pub accounts: Vec<Account>,
    /// Unconverted leads with the number (at most 10).
    pub leads: Vec<Lead>,
    /// Tickets not solved or closed that those contacts asked or those accounts have (at
    /// most 10, latest change first).
    pub open_tickets: Vec<Ticket>,
    /// Open opportunities of those accounts (at most 10, latest change first).
    pub open_opportunities: Vec<Opportunity>,
}

/// `GET /api/v1/lookup/phone`'s parameters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct PhoneLookupQuery {
    /// The number as the phone shows it: E.164 (`+41445551234`), or as written locally
    /// (`044 555 12 34`, read in the organization's `phone_region`).
    pub number: String,
}

/// A phone call: an activity of kind `call` with its telephony details.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Call {
    /// Its id (`act_…`): it is an activity, on the timelines of what it is linked to.
    pub id: String,
    /// `inbound` (the customer called) or `outbound`.
    pub direction: String,
    /// `ringing`, `in_progress` or `ended`.
    pub state: String,
    /// The number that called.
    pub from: Option<String>,
    /// The number called.
    pub to: Option<String>,
    /// When it started (rang).
    pub started_at: DateTime<Utc>,
    /// When someone picked up.
    pub answered_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub ended_at: Option<DateTime<Utc>>,
    /// How long the talk lasted, in seconds, once it ended.
    pub duration_seconds: Option<i64>,
    /// How it went, once it ended: connected, left_voicemail, no_answer, busy, wrong_number.
    pub outcome: Option<String>,
    /// Where its recording is.
    pub recording_url: Option<String>,
    /// What it was about, in a line.
    pub subject: String,
    /// The agent's notes.
    pub notes: Option<String>,
    /// The contact who called or was called.
    pub contact_id: Option<String>,
    /// The account.
    pub account_id: Option<String>,
    /// The ticket it is about.
    pub ticket_id: Option<String>,
    /// The lead.
    pub lead_id: Option<String>,
    /// The opportunity.
    pub opportunity_id: Option<String>,
    /// The agent who took or made it.
    pub agent_id: String,
    /// When it was written down.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Whether it is in the trash.
    pub deleted: bool,
    /// Its version, also its `ETag`.
    pub version: i64,
}

/// A call to log by hand.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "direction": "inbound", "from": "+41 44 555 12 34", "contact_id": "con_0V3R8J3GQ8B7B2C9XW6T0Y1Z2A",
    "started_at": "2026-12-06T09:00:00Z", "ended_at": "2026-12-06T09:04:00Z", "outcome": "connected",
    "notes": "Asked about the invoice"
})))]
#[serde(deny_unknown_fields)]
pub struct CreateCall {
    /// `inbound` or `outbound`.
    pub direction: String,
    /// The number that called (at most 40 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The number called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// When it started (default: now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    /// When someone picked up (default: its start, when it ended connected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<DateTime<Utc>>,
    /// When it ended; left out, the call is still going on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<Utc>>,
    /// How it went (ended calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Where its recording is (`https://…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_url: Option<String>,
    /// What it was about (default: "Call from …" or "Call to …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// The account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<String>,
    /// The lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
    /// The opportunity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<String>,
    /// The agent (default: the caller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
}

/// A change to a call; fields left out keep their value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"notes": "Wants a callback on Monday", "outcome": "connected"})))]
#[serde(deny_unknown_fields)]
pub struct UpdateCall {
    /// A new subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// New notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// How it went (ended calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Where its recording is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_url: Option<String>,
    /// The contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// The account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<String>,
    /// The lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
    /// The opportunity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<String>,
    /// The agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
}

/// The call list's own filters, beside [`crate::ListQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CallFilters {
    /// open (ringing or going on) or done (ended).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Taken or made by this agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    /// With this contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// With this account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// About this ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<String>,
}

/// A ticket made from a call: the caller is its requester (a new contact with the number
/// when the call has none), the channel is `phone`, and the call is linked to it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"subject": "Printer jams on every page", "priority": "high"})))]
#[serde(deny_unknown_fields)]
pub struct TicketFromCall {
    /// What it is about (default: the call's subject).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The request (default: the call's notes, else its subject).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// low, normal (default), high or urgent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
}

/// A `call` event of the stream (`GET /api/v1/events`): a telephony provider reported that
/// a call rings, was answered or ended. An agent's web app pops the caller up when a call
/// rings for them (or for nobody in particular).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallEvent {
    /// The call (`act_…`).
    pub call_id: String,
    /// `ringing`, `answered` or `ended`.
    pub kind: String,
    /// The agent it rings for, if the provider named one.
    pub agent_id: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}
