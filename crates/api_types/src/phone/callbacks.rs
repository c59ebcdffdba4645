//! The callback queue: customers waiting to be called back.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A customer waiting to be called back.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Callback {
    /// Its id (`cbk_…`).
    pub id: String,
    /// The number to call (E.164 when it could be read).
    pub number: String,
    /// Who asked.
    pub contact_id: Option<String>,
    /// Their account.
    pub account_id: Option<String>,
    /// The call they asked in.
    pub call_id: Option<String>,
    /// The agent who calls back; none while it waits for whoever takes it.
    pub assignee_id: Option<String>,
    /// By when.
    pub due_at: DateTime<Utc>,
    /// open, done or cancelled.
    pub status: String,
    /// Whether it is open and past its due time.
    pub overdue: bool,
    /// What it is about.
    pub notes: Option<String>,
    /// When it was marked done.
    pub completed_at: Option<DateTime<Utc>>,
    /// Who wrote it down.
    pub created_by: Option<String>,
    /// When it was written down.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Whether it is in the trash.
    pub deleted: bool,
    /// Its version, also its `ETag`.
    pub version: i64,
}

/// A new callback request.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"number": "+41 44 555 12 34", "due_at": "2026-12-06T15:00:00Z", "notes": "About the invoice"})))]
#[serde(deny_unknown_fields)]
pub struct CreateCallback {
    /// The number to call (default: the contact's first, else the call's caller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Who asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// Their account (default: the contact's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The call they asked in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// The agent who calls back; left out, it waits in the queue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<String>,
    /// By when.
    pub due_at: DateTime<Utc>,
    /// What it is about (at most 20000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A change to a callback request; fields left out keep their value, `null` clears one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "done"})))]
#[serde(deny_unknown_fields)]
pub struct UpdateCallback {
    /// A new number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The agent who calls back; `null` puts it back in the queue.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub assignee_id: crate::Patch<String>,
    /// A new due time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<DateTime<Utc>>,
    /// open, done or cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// New notes; `null` clears them.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub notes: crate::Patch<String>,
    /// The call that answered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
}

/// The callback queue's own filters, beside [`crate::ListQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CallbackFilters {
    /// open, done or cancelled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Assigned to this agent, or `none` for those waiting for whoever takes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<String>,
    /// Due before this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_before: Option<DateTime<Utc>>,
}
