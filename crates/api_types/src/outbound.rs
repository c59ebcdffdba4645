//! Outgoing mail: the organization's SMTP settings, its templates, and each user's choice of
//! notifications to have emailed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How the organization's mail leaves. The password is never shown, only whether one is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailSettings {
    /// Whether mail is sent at all. While it is off, nothing is queued either.
    pub enabled: bool,
    /// The SMTP server's host name or address.
    pub smtp_host: String,
    /// Its port: usually 465 for `tls`, 587 for `starttls`.
    pub smtp_port: i64,
    /// `tls` (TLS from the first byte), `starttls` (required) or `none` (only for a relay on
    /// a network you trust).
    pub smtp_security: String,
    /// The account to sign in with, if the server wants one.
    pub smtp_username: Option<String>,
    /// Whether a password is kept for that account.
    pub password_set: bool,
    /// Whom the mail is from.
    pub from_address: String,
    /// The name shown beside it, such as "Example Support".
    pub from_name: Option<String>,
    /// The mailbox customers' answers go to (as `Reply-To`, plus-addressed with the ticket's
    /// number so they thread); none sends answers to the from address.
    pub reply_to_mailbox_id: Option<String>,
    /// When they last changed (none before they were first written).
    pub updated_at: Option<DateTime<Utc>>,
    /// Their version, also their `ETag` (0 before they were first written).
    pub version: i64,
}

/// The whole of the settings, written at once.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "enabled": true, "smtp_host": "smtp.example.com", "smtp_port": 587,
    "smtp_security": "starttls", "smtp_username": "desk@example.com",
    "smtp_password": "app-password", "from_address": "support@example.com",
    "from_name": "Example Support"})))]
#[serde(deny_unknown_fields)]
pub struct PutMailSettings {
    /// Whether mail is sent.
    pub enabled: bool,
    /// The SMTP server's host name or address.
    pub smtp_host: String,
    /// Its port, 1 to 65535.
    pub smtp_port: i64,
    /// `tls`, `starttls` or `none`.
    pub smtp_security: String,
    /// The account to sign in with.
    pub smtp_username: Option<String>,
    /// The account's password: left out (or `null`) keeps the one kept, `""` forgets it.
    pub smtp_password: Option<String>,
    /// Whom the mail is from.
    pub from_address: String,
    /// The name shown beside it.
    pub from_name: Option<String>,
    /// The mailbox customers' answers go to.
    pub reply_to_mailbox_id: Option<String>,
}

/// Where a test mail goes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"to": "me@example.com"})))]
#[serde(deny_unknown_fields)]
pub struct TestMail {
    /// The address to send it to.
    pub to: String,
}

/// One kind of mail's template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailTemplate {
    /// Its kind: `ticket_received`, `agent_reply`, `ticket_solved`, `assigned`, `mentioned`,
    /// `sla_warning`, `sla_breached` or `reminder`.
    pub kind: String,
    /// When it is sent, and to whom.
    pub description: String,
    /// The variables it may use, such as `ticket.subject`.
    pub variables: Vec<String>,
    /// The subject line. Mail about a ticket always carries its reference `[#n]`, added when
    /// the subject leaves it out.
    pub subject: String,
    /// The plain-text body.
    pub body_text: String,
    /// The HTML body; every value is escaped (`{{ message.text | paragraphs }}` keeps its
    /// paragraphs and line breaks).
    pub body_html: String,
    /// Whether the organization wrote it; otherwise it is the default.
    pub customized: bool,
    /// When the organization last changed it.
    pub updated_at: Option<DateTime<Utc>>,
    /// Its version, also its `ETag` (0 for the default).
    pub version: i64,
}

/// A template's wording, in [Jinja](https://jinja.palletsprojects.com/) syntax.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "subject": "We received your request: {{ ticket.subject }}",
    "body_text": "Hello {{ recipient.name }}, your request is ticket #{{ ticket.number }}.",
    "body_html": "<p>Hello {{ recipient.name }}, your request is ticket #{{ ticket.number }}.</p>"})))]
#[serde(deny_unknown_fields)]
pub struct PutEmailTemplate {
    /// The subject line, up to 500 characters.
    pub subject: String,
    /// The plain-text body, up to 50,000 characters.
    pub body_text: String,
    /// The HTML body, up to 100,000 characters.
    pub body_html: String,
}

/// A template to preview: parts left out are the saved ones.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"subject": "Re: {{ ticket.subject }}"})))]
#[serde(deny_unknown_fields)]
pub struct PreviewEmailTemplate {
    /// A subject line to try.
    pub subject: Option<String>,
    /// A plain-text body to try.
    pub body_text: Option<String>,
    /// An HTML body to try.
    pub body_html: Option<String>,
}

/// A template rendered with sample values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenderedEmail {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body_text: String,
    /// The HTML body.
    pub body_html: String,
}

/// The notifications a user also gets by email.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"kinds": ["assigned", "mentioned"]})))]
#[serde(deny_unknown_fields)]
pub struct EmailNotifications {
    /// Any of `assigned`, `lead_assigned`, `mentioned`, `sla_warning`, `sla_breached`,
    /// `reminder`; none turns email off.
    pub kinds: Vec<String>,
}
