//! The installed base: assets of accounts, and each asset's history.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Patch;

/// Something a customer owns: a site, a machine, a module of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Asset {
    /// Its id (`ast_…`).
    pub id: String,
    /// What the customer calls it.
    pub name: String,
    /// The catalogue's product it is.
    pub product_id: Option<String>,
    /// Its serial number, unique among the organization's live assets.
    pub serial_number: Option<String>,
    /// The customer who owns it.
    pub account_id: String,
    /// Where it stands.
    pub location: Option<String>,
    /// The day it was installed.
    pub installed_on: Option<NaiveDate>,
    /// The asset it is part of (of the same account).
    pub parent_id: Option<String>,
    /// planned, installed, in_repair or retired.
    pub status: String,
    /// The first day of its warranty.
    pub warranty_starts_on: Option<NaiveDate>,
    /// The last day of its warranty.
    pub warranty_ends_on: Option<NaiveDate>,
    /// Whether its warranty covers today.
    pub under_warranty: bool,
    /// Remarks.
    pub notes: Option<String>,
    /// Who recorded it.
    pub created_by: Option<String>,
    /// Recorded.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Its version, also its `ETag`.
    pub version: i64,
}

/// A new asset.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "account_id": "acc_01jd0000000000000000000000",
    "name": "Compressor, line 2",
    "serial_number": "CX-2000-48213",
    "location": "Hall B",
    "installed_on": "2026-03-02",
    "status": "installed",
    "warranty_starts_on": "2026-03-02",
    "warranty_ends_on": "2028-03-01"
})))]
#[serde(deny_unknown_fields)]
pub struct CreateAsset {
    /// The customer who owns it.
    pub account_id: String,
    /// What the customer calls it (1 to 200 characters).
    pub name: String,
    /// The catalogue's product it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// Its serial number; one a live asset has answers 409 `serial_number_taken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// Where it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The day it was installed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installed_on: Option<NaiveDate>,
    /// The asset it is part of: a live asset of the same account (else 422
    /// `not_of_account`), at most 10 levels deep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// planned, installed (the default), in_repair or retired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The first day of its warranty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warranty_starts_on: Option<NaiveDate>,
    /// The last day of its warranty (on or after the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warranty_ends_on: Option<NaiveDate>,
    /// Remarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A change to an asset; fields left out keep their value, `null` clears one. A new
/// account takes the asset's parts along.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "in_repair"})))]
#[serde(deny_unknown_fields)]
pub struct UpdateAsset {
    /// Another owner (its parts move with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// A new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Another product; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub product_id: Patch<String>,
    /// Another serial number; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub serial_number: Patch<String>,
    /// Another place; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub location: Patch<String>,
    /// Another installation day; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub installed_on: Patch<NaiveDate>,
    /// Another parent; `null` makes it a top-level asset. One of its own parts answers 422
    /// `parent_cycle`.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub parent_id: Patch<String>,
    /// planned, installed, in_repair or retired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Another first day of warranty; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub warranty_starts_on: Patch<NaiveDate>,
    /// Another last day of warranty; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub warranty_ends_on: Patch<NaiveDate>,
    /// New notes; `null` clears them.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub notes: Patch<String>,
}

/// The asset list's own filters, beside [`crate::ListQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AssetFilters {
    /// Of this account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Directly part of this asset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// planned, installed, in_repair or retired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Of this product.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// With exactly this serial number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// Whose warranty ends on or before this day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warranty_ends_before: Option<NaiveDate>,
}

/// One field's change in an asset's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The field.
    pub field: String,
    /// Before (ids and days as the API writes them).
    pub from: Option<String>,
    /// After.
    pub to: Option<String>,
}

/// One entry of an asset's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetHistoryEntry {
    /// created, updated, deleted, restored (versions of the asset) or ticket (a ticket
    /// opened about it).
    pub kind: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The asset's version it made (not for tickets).
    pub version: Option<i64>,
    /// Who (none for tickets, and for what the system did).
    pub actor_id: Option<String>,
    /// The fields that changed, with their values before and after.
    pub changes: Vec<FieldChange>,
    /// The ticket (for tickets).
    pub ticket_id: Option<String>,
    /// Its number.
    pub ticket_number: Option<i64>,
    /// Its subject.
    pub ticket_subject: Option<String>,
}

/// An asset's history, latest first: its versions and the tickets about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetHistory {
    /// The entries, latest first (at most 500 versions and 500 tickets).
    pub items: Vec<AssetHistoryEntry>,
}
