//! Telephony providers: their connections and the signed events they post.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a telephony provider posts to `POST /api/v1/telephony/{key}/events`, signed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "event": "ringing", "call_id": "CA42", "direction": "inbound", "from": "+41445551234",
    "to": "+41445550000", "agent_email": "agent@example.com", "at": "2026-12-06T09:00:00Z"
})))]
#[serde(deny_unknown_fields)]
pub struct TelephonyEvent {
    /// `ringing`, `answered` or `ended`.
    pub event: String,
    /// The provider's id of the call (1 to 200 characters): every event of one call names it.
    pub call_id: String,
    /// `inbound` (default) or `outbound`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// The number that calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The number called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The email of the user the call rings for or was taken by; unknown or left out, the
    /// call is nobody's in particular until someone takes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_email: Option<String>,
    /// When it happened (default: when it arrived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
    /// How it went (`ended`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Its recording (`ended`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_url: Option<String>,
}

/// A telephony provider's connection.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TelephonyProvider {
    /// Its id (`tel_…`).
    pub id: String,
    /// What admins call it.
    pub name: String,
    /// Whether its events are taken; an inactive provider's answer 404.
    pub active: bool,
    /// Where the provider posts its events.
    pub events_path: String,
    /// The shared secret the provider signs each event with: `Rapport-Signature: v1=<hex
    /// HMAC-SHA256 of "<Rapport-Timestamp>.<body>">`. Rotate it if it leaks.
    pub signing_secret: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Whether it is in the trash.
    pub deleted: bool,
    /// Its version, also its `ETag`.
    pub version: i64,
}

/// A new telephony provider connection.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "Main line"})))]
#[serde(deny_unknown_fields)]
pub struct CreateTelephonyProvider {
    /// What admins call it, 1 to 100 characters.
    pub name: String,
    /// Whether its events are taken (yes when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// A change to a telephony provider connection.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"active": false})))]
#[serde(deny_unknown_fields)]
pub struct UpdateTelephonyProvider {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether its events are taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}
