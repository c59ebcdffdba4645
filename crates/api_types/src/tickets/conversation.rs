//! A ticket's conversation: public replies and internal notes, and what writes them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
    /// When an admin redacted it (its `body` is empty from then on).
    pub redacted_at: Option<DateTime<Utc>>,
    /// The admin who redacted it.
    #[serde(default)]
    pub redacted_by: Option<String>,
    /// The files sent with it, oldest first (none once redacted).
    #[serde(default)]
    pub attachments: Vec<crate::attachments::Attachment>,
    /// The mail it came in as (`inmail_…`), when the customer wrote it by email: its
    /// `original_path` shows it whole, with its attachments.
    pub inbound_email_id: Option<String>,
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
    /// Your uploads (`att_…`, from `POST /api/v1/attachments`) to send with it, at most 10.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub attachment_ids: Vec<String>,
}

/// The requester's own reply, as an integration or an agent records it (an email that
/// arrived, a call).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "It happened again this morning."})))]
#[serde(deny_unknown_fields)]
pub struct CreateCustomerReply {
    /// The text (required).
    pub body: String,
    /// Your uploads (`att_…`) of what the customer sent with it, at most 10.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub attachment_ids: Vec<String>,
}
