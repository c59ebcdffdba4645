//! The caller's organization and the rules its admins set.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The organization and its service-desk rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    /// The organization's id (`org_…`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// For how many days after it was solved a reply reopens a ticket; later, the reply opens
    /// a follow-up. 0 to 90; 0 means a solved ticket never reopens.
    pub reopen_window_days: i32,
    /// After how many days a solved ticket closes by itself, 1 to 90. Tickets solved before a
    /// change keep the time they were given.
    pub auto_close_after_days: i32,
    /// The largest file its people may attach to a message, in MiB, 1 to 100.
    pub max_attachment_mib: i32,
    /// Who receives a new lead that no assignment rule assigns (a user who may work leads);
    /// none leaves such leads without an owner (or with their creator, for one created by
    /// hand).
    pub default_lead_owner_id: Option<String>,
    /// The currency opportunity totals and forecasts are reported in (ISO 4217); other
    /// currencies are converted at the exchange rates of `/api/v1/exchange-rates`.
    pub base_currency: String,
    /// Senders whose mail is kept but opens no ticket and joins none: whole addresses
    /// (`spam@example.com`) and domains (`@example.com`), lowercase.
    pub blocked_senders: Vec<String>,
    /// Where a phone number written without its country code is (ISO 3166, such as `CH`):
    /// numbers are stored and looked up in E.164 read this way. A change applies to numbers
    /// written from then on.
    pub phone_region: String,
    /// What happens to a new ticket that no entitlement of the account's contracts covers:
    /// `flag` opens it marked as not covered, `refuse` answers 422 `not_entitled` (mail from
    /// such a customer is kept for an admin), `off` checks nothing.
    pub entitlement_check: String,
    /// Whether customers whose address is at the domain of one of its accounts may give
    /// themselves portal access (`POST /api/v1/portal/auth/sign-up`), after confirming the
    /// address by mail. Off unless an admin turns it on.
    #[serde(default)]
    pub portal_self_sign_up: bool,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Its version, also its `ETag`.
    pub version: i64,
}

/// A change to the organization; fields left out keep their value.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reopen_window_days": 14, "auto_close_after_days": 7})))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganization {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new reopen window, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reopen_window_days: Option<i32>,
    /// A new auto-close time, in days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_close_after_days: Option<i32>,
    /// A new largest attachment, in MiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_attachment_mib: Option<i32>,
    /// A new default lead owner; `null` for none.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub default_lead_owner_id: crate::Patch<String>,
    /// A new base currency, while no opportunity or exchange rate exists yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_currency: Option<String>,
    /// A new block list, replacing the old one (at most 1,000 entries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_senders: Option<Vec<String>>,
    /// A new phone region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_region: Option<String>,
    /// A new entitlement check: `off`, `flag` or `refuse`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitlement_check: Option<String>,
    /// Let customers sign themselves up to the portal, or stop it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal_self_sign_up: Option<bool>,
}
