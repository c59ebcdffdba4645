//! Service contracts and their entitlements, and what covers a ticket.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{MoneyBody, Patch};

/// A service contract of an account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contract {
    /// Its id (`ctr_…`).
    pub id: String,
    /// Its number, unique in the organization.
    pub number: String,
    /// The customer.
    pub account_id: String,
    /// support, maintenance, labour, parts or usage_based.
    #[serde(rename = "type")]
    pub contract_type: String,
    /// draft, active, expired or cancelled.
    pub status: String,
    /// Its first day.
    pub starts_on: NaiveDate,
    /// Its last day.
    pub ends_on: NaiveDate,
    /// Whether it covers tickets today: active, today within its dates.
    pub in_force: bool,
    /// What it is worth.
    pub value: Option<MoneyBody>,
    /// Whether it renews by itself for `renewal_term_months` when it ends.
    pub auto_renew: bool,
    /// The length of a renewal.
    pub renewal_term_months: Option<u32>,
    /// How many days before its end its owner and the account's owner are told.
    pub expiry_notice_days: u32,
    /// Who looks after it.
    pub owner_id: String,
    /// The SLA policy tickets under it come under, ahead of the policies' own order.
    pub sla_policy_id: Option<String>,
    /// The contacts who may raise tickets under it; empty: anyone at the account.
    pub authorised_contact_ids: Vec<String>,
    /// Terms and remarks.
    pub notes: Option<String>,
    /// Who wrote it.
    pub created_by: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Its version, also its `ETag`.
    pub version: i64,
}

/// A new contract.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "account_id": "acc_01jd0000000000000000000000",
    "type": "support",
    "status": "active",
    "starts_on": "2027-01-01",
    "ends_on": "2027-12-31",
    "value": {"amount_minor": 1200000, "currency": "EUR"},
    "auto_renew": true,
    "renewal_term_months": 12
})))]
#[serde(deny_unknown_fields)]
pub struct CreateContract {
    /// Its number; left out, the next `CON-00042` one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The customer.
    pub account_id: String,
    /// support, maintenance, labour, parts or usage_based.
    #[serde(rename = "type")]
    pub contract_type: String,
    /// draft (the default) or active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Its first day.
    pub starts_on: NaiveDate,
    /// Its last day (on or after the first).
    pub ends_on: NaiveDate,
    /// What it is worth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<MoneyBody>,
    /// Whether it renews by itself (then `renewal_term_months` is needed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<bool>,
    /// The length of a renewal, 1 to 120 months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal_term_months: Option<u32>,
    /// Days before its end its owners are told, 0 to 365 (30 when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_notice_days: Option<u32>,
    /// Who looks after it; left out, the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// The SLA policy it grants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla_policy_id: Option<String>,
    /// The contacts who may raise tickets under it (at most 200, live contacts of the
    /// account; another's answers 422 `not_of_account`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorised_contact_ids: Option<Vec<String>>,
    /// Terms and remarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A change to a contract; fields left out keep their value, `null` clears one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "cancelled"})))]
#[serde(deny_unknown_fields)]
pub struct UpdateContract {
    /// A new number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// A new type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub contract_type: Option<String>,
    /// A move: draft to active or cancelled, active to expired or cancelled, expired to
    /// active (a renewal, with new dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// A new first day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_on: Option<NaiveDate>,
    /// A new last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<NaiveDate>,
    /// A new value; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MoneyBody>))]
    pub value: Patch<MoneyBody>,
    /// Whether it renews by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<bool>,
    /// The length of a renewal; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub renewal_term_months: Patch<u32>,
    /// Days before its end its owners are told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_notice_days: Option<u32>,
    /// A new owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// The SLA policy it grants; `null` for none.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub sla_policy_id: Patch<String>,
    /// The contacts who may raise tickets under it, replacing the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorised_contact_ids: Option<Vec<String>>,
    /// New notes; `null` clears them.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub notes: Patch<String>,
}

/// The contract list's own filters, beside [`crate::ListQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ContractFilters {
    /// Of this account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// draft, active, expired or cancelled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Of this type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(rename = "type"))]
    pub contract_type: Option<String>,
    /// Looked after by this user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Ending on or before this day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends_before: Option<NaiveDate>,
}

/// What a contract covers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entitlement {
    /// Its id (`ent_…`).
    pub id: String,
    /// Its contract.
    pub contract_id: String,
    /// What it is called.
    pub name: String,
    /// The products it covers: tickets about an asset of one of them, or a part of one.
    pub product_ids: Vec<String>,
    /// The assets it covers, with their parts. No product and no asset: it covers tickets
    /// about anything, and about no asset.
    pub asset_ids: Vec<String>,
    /// The channels it covers; empty: all.
    pub channels: Vec<String>,
    /// Its hours of cover (a business calendar); none: around the clock.
    pub calendar_id: Option<String>,
    /// Incidents per period; none: no limit.
    pub allowance: Option<u32>,
    /// contract, month, quarter or year: what the allowance is counted over, from the
    /// contract's start.
    pub period: String,
    /// The period holding today (the contract's first or last when today is outside it).
    pub period_start: NaiveDate,
    /// Its last day.
    pub period_end: NaiveDate,
    /// Tickets counted in that period (not given back).
    pub used: u32,
    /// Incidents left in it; none: no limit.
    pub remaining: Option<u32>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Its version, also its `ETag`.
    pub version: i64,
}

/// A new entitlement of a contract.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Phone and email support", "channels": ["phone", "email"],
    "allowance": 10, "period": "month"
})))]
#[serde(deny_unknown_fields)]
pub struct CreateEntitlement {
    /// What it is called.
    pub name: String,
    /// The products it covers (at most 100); left out or empty, with no assets: anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_ids: Option<Vec<String>>,
    /// The assets of the contract's account it covers, with their parts (at most 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_ids: Option<Vec<String>>,
    /// The channels it covers; left out or empty: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
    /// Its hours of cover.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar_id: Option<String>,
    /// Incidents per period; left out: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowance: Option<u32>,
    /// contract (the default), month, quarter or year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// A change to an entitlement; fields left out keep their value, `null` clears one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"allowance": 20})))]
#[serde(deny_unknown_fields)]
pub struct UpdateEntitlement {
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The products it covers, replacing the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_ids: Option<Vec<String>>,
    /// The assets it covers, replacing the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_ids: Option<Vec<String>>,
    /// The channels it covers, replacing the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
    /// Its hours of cover; `null`: around the clock.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub calendar_id: Patch<String>,
    /// Incidents per period; `null`: no limit.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub allowance: Patch<u32>,
    /// A new period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// What the entitlement check found for a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketEntitlement {
    /// covered, not_covered, or returned (it was covered and gave its incident back when
    /// merged away or deleted).
    pub status: String,
    /// The contract that covers it.
    pub contract_id: Option<String>,
    /// The entitlement whose incident it used.
    pub entitlement_id: Option<String>,
}
