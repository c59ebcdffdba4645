//! Accounts: companies the organization deals with.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Patch;

use crate::contacts::Contact;
use crate::notes::Note;
use crate::MoneyBody;

/// A postal address; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street and number.
    pub street: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State, province or region.
    pub region: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code, e.g. `DE`.
    pub country: Option<String>,
}

/// An account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// The account's id (`acc_…`).
    pub id: String,
    /// Company name.
    pub name: String,
    /// Internet domain, e.g. `northwind.example`.
    pub domain: Option<String>,
    /// customer, prospect or partner.
    #[serde(rename = "type")]
    pub account_type: String,
    /// Industry, free text such as `Manufacturing`.
    pub industry: Option<String>,
    /// platinum, gold, silver or bronze.
    pub tier: Option<String>,
    /// How many people work there: 1-10, 11-50, 51-200, 201-1000, 1001-5000 or 5001+.
    pub company_size: Option<String>,
    /// The territory the account is placed in by the territories' rules (country, region,
    /// industry, company size); placed again when those fields or the rules change.
    pub territory_id: Option<String>,
    /// The staff user who owns the account.
    pub owner_id: Option<String>,
    /// The parent company's account.
    pub parent_id: Option<String>,
    /// Postal address.
    pub address: Address,
    /// Main phone number.
    pub phone: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// Annual revenue.
    pub annual_revenue: Option<MoneyBody>,
    /// Labels.
    pub tags: Vec<String>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When the account last changed.
    pub updated_at: DateTime<Utc>,
    /// When the account was deleted; deleted accounts can be restored.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// A new account.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Northwind Traders", "domain": "northwind.example", "type": "customer",
    "industry": "Wholesale", "tier": "gold", "tags": ["emea"],
    "annual_revenue": {"amount_minor": 125_000_000, "currency": "EUR"}
})))]
#[serde(deny_unknown_fields)]
pub struct CreateAccount {
    /// Company name (required, at most 200 characters).
    pub name: String,
    /// Internet domain.
    pub domain: Option<String>,
    /// customer, prospect or partner (default prospect).
    #[serde(rename = "type")]
    pub account_type: Option<String>,
    /// Industry.
    pub industry: Option<String>,
    /// platinum, gold, silver or bronze.
    pub tier: Option<String>,
    /// 1-10, 11-50, 51-200, 201-1000, 1001-5000 or 5001+.
    pub company_size: Option<String>,
    /// Owning staff user; defaults to the caller.
    pub owner_id: Option<String>,
    /// Parent account.
    pub parent_id: Option<String>,
    /// Postal address.
    pub address: Option<Address>,
    /// Main phone number.
    pub phone: Option<String>,
    /// Web site (http or https).
    pub website: Option<String>,
    /// Annual revenue.
    pub annual_revenue: Option<MoneyBody>,
    /// Labels: letters, digits, `-`, `_`; at most 20.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Changes to an account: absent fields stay, `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"tier": "platinum", "industry": null})))]
#[serde(deny_unknown_fields)]
pub struct UpdateAccount {
    /// Company name (cannot be cleared: `null` is refused).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub name: Patch<String>,
    /// Internet domain.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub domain: Patch<String>,
    /// customer, prospect or partner.
    #[serde(rename = "type")]
    pub account_type: Option<String>,
    /// Industry.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub industry: Patch<String>,
    /// Tier.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub tier: Patch<String>,
    /// Company size.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub company_size: Patch<String>,
    /// Owning staff user.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub owner_id: Patch<String>,
    /// Parent account.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub parent_id: Patch<String>,
    /// The complete new postal address.
    pub address: Option<Address>,
    /// Main phone number.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub phone: Patch<String>,
    /// Web site.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub website: Patch<String>,
    /// Annual revenue.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MoneyBody>))]
    pub annual_revenue: Patch<MoneyBody>,
    /// The complete new set of tags.
    pub tags: Option<Vec<String>>,
}

/// The 360° view of an account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountOverview {
    /// The account.
    pub account: Account,
    /// Its contacts, most recently created first (at most 50).
    pub contacts: Vec<Contact>,
    /// Its latest notes (at most 10).
    pub latest_notes: Vec<Note>,
    /// Counters.
    pub counts: AccountCounts,
}

/// How many related records an account has.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountCounts {
    /// Contacts at the account.
    pub contacts: i64,
    /// Notes on the account.
    pub notes: i64,
    /// Accounts whose parent this account is.
    pub child_accounts: i64,
}

/// The account list's own filters, beside [`crate::ListQuery`]. Sorts: `created_at` (the
/// default, newest first), `name`, `updated_at`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AccountFilters {
    /// Words matched as prefixes against name, domain and phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// customer, prospect or partner.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(rename = "type"))]
    pub account_type: Option<String>,
    /// Exact industry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// platinum, gold, silver or bronze.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Owning user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Parent account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// Has this tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}
