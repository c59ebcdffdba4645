//! Contacts: people at accounts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Patch;

/// A phone number with its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactPhone {
    /// work, mobile, home or other.
    pub kind: String,
    /// The number as written, e.g. `+49 30 1234567`.
    pub number: String,
}

/// What a contact agreed to be contacted by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// Marketing email.
    #[serde(default)]
    pub email: bool,
    /// Marketing calls.
    #[serde(default)]
    pub phone: bool,
    /// Marketing text messages.
    #[serde(default)]
    pub sms: bool,
    /// Overrides everything: never contact for marketing.
    #[serde(default)]
    pub do_not_contact: bool,
}

/// A contact.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// The contact's id (`con_…`).
    pub id: String,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: String,
    /// Email address.
    pub email: Option<String>,
    /// Phone numbers.
    pub phones: Vec<ContactPhone>,
    /// Job title.
    pub title: Option<String>,
    /// The account the contact works for.
    pub account_id: Option<String>,
    /// The staff user who owns the contact.
    pub owner_id: Option<String>,
    /// email, phone, sms or any.
    pub preferred_channel: String,
    /// Marketing consent.
    pub consent: Consent,
    /// Labels.
    pub tags: Vec<String>,
    /// When the contact was created.
    pub created_at: DateTime<Utc>,
    /// When the contact last changed.
    pub updated_at: DateTime<Utc>,
    /// When the contact was deleted.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change.
    pub version: i64,
}

/// A new contact.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "first_name": "Ada", "last_name": "Lovelace", "email": "ada@northwind.example",
    "phones": [{"kind": "work", "number": "+44 20 7946 0000"}], "title": "CTO",
    "preferred_channel": "email", "consent": {"email": true}
})))]
#[serde(deny_unknown_fields)]
pub struct CreateContact {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name (required).
    pub last_name: String,
    /// Email address.
    pub email: Option<String>,
    /// Phone numbers (at most 10).
    #[serde(default)]
    pub phones: Vec<ContactPhone>,
    /// Job title.
    pub title: Option<String>,
    /// The account the contact works for.
    pub account_id: Option<String>,
    /// Owning staff user; defaults to the caller.
    pub owner_id: Option<String>,
    /// email, phone, sms or any (default any).
    pub preferred_channel: Option<String>,
    /// Marketing consent (default: none given).
    pub consent: Option<Consent>,
    /// Labels.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Changes to a contact: absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"title": "VP Engineering", "account_id": null})))]
#[serde(deny_unknown_fields)]
pub struct UpdateContact {
    /// Given name.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub first_name: Patch<String>,
    /// Family name (cannot be cleared: `null` is refused).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub last_name: Patch<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub email: Patch<String>,
    /// The complete new list of phone numbers.
    pub phones: Option<Vec<ContactPhone>>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub title: Patch<String>,
    /// The account the contact works for.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub account_id: Patch<String>,
    /// Owning staff user.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub owner_id: Patch<String>,
    /// email, phone, sms or any.
    pub preferred_channel: Option<String>,
    /// The complete new consent.
    pub consent: Option<Consent>,
    /// The complete new set of tags.
    pub tags: Option<Vec<String>>,
}

/// The contact list's own filters, beside [`crate::ListQuery`]. Sorts: `created_at` (the
/// default, newest first), `name` (family name, then given name), `updated_at`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ContactFilters {
    /// Words matched as prefixes against names, email and phone numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Works for this account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Owning user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Exact email address (case-insensitive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Has this tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}
