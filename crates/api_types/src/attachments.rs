//! Files sent with ticket messages (or a new ticket's description): uploaded first, then
//! named by what sends them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An uploaded file: waiting to be sent (no `ticket_id`), on a message, or with a ticket's
/// description (a `ticket_id` and no `message_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// The attachment's id (`att_…`).
    pub id: String,
    /// The file's name.
    pub filename: String,
    /// Its media type, as the uploader gave it; it is always served as a download.
    pub content_type: String,
    /// Its size in bytes.
    pub size: i64,
    /// The SHA-256 of its content, hex.
    pub sha256: String,
    /// The ticket it is on; none while it waits to be sent.
    pub ticket_id: Option<String>,
    /// The message it was sent with; none while it waits to be sent, or when it came with
    /// the ticket's description.
    pub message_id: Option<String>,
    /// The staff user who uploaded it; none when a customer did, in the portal.
    pub uploaded_by: Option<String>,
    /// The portal user who uploaded it, when a customer did.
    pub uploaded_by_portal_user: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Where its content is downloaded (`GET`, with the same token).
    pub url: String,
}

/// How an upload names its file (the body is the file itself).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// The file's name, up to 500 characters: a path keeps its last segment, and the name is
    /// kept to 255 characters.
    pub filename: String,
}

/// A file's content, sent or received as it is.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, format = Binary))]
pub struct FileContent(pub Vec<u8>);
