//! Notes on accounts and contacts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    /// The note's id (`note_…`).
    pub id: String,
    /// The text (plain text, at most 20,000 characters).
    pub body: String,
    /// Who wrote it.
    pub author_id: Option<String>,
    /// The account it is on, if any.
    pub account_id: Option<String>,
    /// The contact it is on, if any.
    pub contact_id: Option<String>,
    /// The lead it is on, if any.
    pub lead_id: Option<String>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// Increases with every change.
    pub version: i64,
}

/// A new note.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Called about the renewal; wants a quote by Friday."})))]
#[serde(deny_unknown_fields)]
pub struct CreateNote {
    /// The text.
    pub body: String,
}

/// A note's new text (the author's, or an admin's change).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"body": "Called about the renewal; the quote is due Monday."})))]
#[serde(deny_unknown_fields)]
pub struct UpdateNote {
    /// The text.
    pub body: String,
}
