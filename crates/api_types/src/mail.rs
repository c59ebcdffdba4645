//! Mailboxes, and the messages that reach them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Patch;

/// A support address whose mail becomes tickets.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mailbox {
    /// Its id (`mbox_…`).
    pub id: String,
    /// What agents call it, such as "Support".
    pub name: String,
    /// The address customers write to.
    pub address: String,
    /// The team whose queue its new tickets join; none leaves them unrouted.
    pub team_id: Option<String>,
    /// Whether it takes mail; an inactive mailbox answers 404 to its provider.
    pub active: bool,
    /// Where its mail is posted (by the mail provider, or a forwarding script): a raw
    /// message as `message/rfc822`. The path holds a secret: keep it as you would a password,
    /// and rotate it (`POST …/rotate-secret`) if it leaks.
    pub inbound_path: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was deleted, if it is in the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Its version, also its `ETag`.
    pub version: i64,
}

/// A new mailbox.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Support", "address": "support@example.com"})))]
#[serde(deny_unknown_fields)]
pub struct CreateMailbox {
    /// What agents call it, 1 to 100 characters.
    pub name: String,
    /// The address customers write to.
    pub address: String,
    /// The team whose queue its new tickets join.
    pub team_id: Option<String>,
    /// Whether it takes mail (yes when left out).
    pub active: Option<bool>,
}

/// A change to a mailbox; fields left out keep their value, `null` clears one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"active": false})))]
#[serde(deny_unknown_fields)]
pub struct UpdateMailbox {
    /// A new name.
    pub name: Option<String>,
    /// A new address.
    pub address: Option<String>,
    /// A new team; `null` for none.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub team_id: Patch<String>,
    /// Whether it takes mail.
    pub active: Option<bool>,
}

/// A message that reached a mailbox, and what became of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboundEmail {
    /// Its id (`inmail_…`).
    pub id: String,
    /// The mailbox it reached.
    pub mailbox_id: String,
    /// Its `Message-ID`, without brackets; `sha256:…` of its bytes when it had none.
    pub message_id: String,
    /// The sender's address, when it could be read.
    pub from: Option<String>,
    /// Its subject.
    pub subject: Option<String>,
    /// Who sent it, by its headers: `person`, `auto_reply` (out of office, bounces) or
    /// `bulk` (lists, newsletters).
    pub sender: String,
    /// What became of it: `opened` a ticket, `replied` on one, `ignored` (a machine sent
    /// it: never answered), `blocked` (its sender is on the block list), `unreadable` (not a
    /// message, or no sender) or `refused` (the ticket would not take it; see `detail`).
    /// Whatever the outcome, the message is kept whole.
    pub outcome: String,
    /// Why it opened nothing.
    pub detail: Option<String>,
    /// The ticket it opened or joined.
    pub ticket_id: Option<String>,
    /// The ticket message it became (none when it opened the ticket: it is the ticket's
    /// description).
    pub ticket_message_id: Option<String>,
    /// Its size in bytes.
    pub size: i64,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// The files it carries, attached or inline.
    pub attachments: Vec<InboundAttachment>,
    /// Where the message is, whole, as it arrived (`message/rfc822`).
    pub original_path: String,
    /// When the ticket message it became was redacted: its bytes and files are gone for good.
    pub redacted_at: Option<DateTime<Utc>>,
}

/// A file a message carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboundAttachment {
    /// Its name, as the sender's mail program gave it.
    pub filename: String,
    /// Its media type.
    pub content_type: String,
    /// Its size in bytes.
    pub size: i64,
    /// An image shown in the message's text rather than attached.
    pub inline: bool,
    /// The `Content-ID` the message's HTML refers to it by.
    pub content_id: Option<String>,
    /// Where to download it.
    pub path: String,
}

/// A raw message posted as JSON, the way some inbound mail providers post it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"raw": "From: ann@example.com\r\nTo: support@example.com\r\nSubject: Printer on fire\r\nMessage-ID: <1@example.com>\r\n\r\nIt is on fire.\r\n"})))]
pub struct RawEmail {
    /// The whole RFC 5322 message as text (`raw`, or `email` as some providers call it).
    #[serde(alias = "email")]
    pub raw: String,
}

/// Which of a mailbox's messages to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct InboundEmailQuery {
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only messages with this outcome (`unreadable` and `refused` are those an admin
    /// should look at).
    pub outcome: Option<String>,
}

/// Where a mailbox's mail is fetched from over IMAP, and how polling goes. The password is
/// never shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImapSource {
    /// The IMAP server's host name or address.
    pub host: String,
    /// Its port: usually 993 for `tls`.
    pub port: i64,
    /// `tls` (TLS from the first byte) or `none` (only on a network you trust).
    pub security: String,
    /// The account signed in with.
    pub username: String,
    /// The folder read.
    pub folder: String,
    /// The highest UID taken so far; later messages are taken at the next poll.
    pub last_uid: i64,
    /// When it was last polled.
    pub polled_at: Option<DateTime<Utc>>,
    /// Why the last poll failed (the server could not be reached, the password was refused);
    /// none when it went well.
    pub error: Option<String>,
}

/// Where to fetch a mailbox's mail from.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "host": "imap.example.com", "port": 993, "security": "tls",
    "username": "support@example.com", "password": "app-password", "folder": "INBOX"})))]
#[serde(deny_unknown_fields)]
pub struct PutImapSource {
    /// The IMAP server's host name or address.
    pub host: String,
    /// Its port, 1 to 65535.
    pub port: i64,
    /// `tls` or `none`.
    pub security: String,
    /// The account to sign in with.
    pub username: String,
    /// The account's password; left out keeps the saved one.
    pub password: Option<String>,
    /// The folder to read (INBOX when left out).
    pub folder: Option<String>,
}
