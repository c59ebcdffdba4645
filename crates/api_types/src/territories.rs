//! Territories: a hierarchy of sales regions whose rules place accounts and route leads.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Patch;

/// A territory. A record belongs to it when it meets its rules and those of every territory
/// above it; an account is placed in the deepest territory it belongs to (siblings tried in
/// name order). An empty rule list takes everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Territory {
    /// Its id (`terr_…`).
    pub id: String,
    /// Its name, unique among live territories.
    pub name: String,
    /// What it covers, in words.
    pub description: Option<String>,
    /// The territory it narrows; none for a top-level territory.
    pub parent_id: Option<String>,
    /// Countries it takes (ISO 3166-1 alpha-2).
    pub countries: Vec<String>,
    /// Regions, states or provinces it takes (as written on addresses, any case).
    pub regions: Vec<String>,
    /// Industries it takes (any case).
    pub industries: Vec<String>,
    /// Company sizes it takes: 1-10, 11-50, 51-200, 201-1000, 1001-5000, 5001+.
    pub company_sizes: Vec<String>,
    /// Who sells in it; assignment rules that assign by territory hand leads to them in turn.
    pub owner_ids: Vec<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it went to the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// A new territory.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "DACH", "countries": ["DE", "AT", "CH"], "company_sizes": ["201-1000", "1001-5000"]
})))]
#[serde(deny_unknown_fields)]
pub struct CreateTerritory {
    /// Name (required, at most 100 characters).
    pub name: String,
    /// What it covers (at most 1,000 characters).
    pub description: Option<String>,
    /// The territory it narrows.
    pub parent_id: Option<String>,
    /// Countries (at most 250).
    #[serde(default)]
    pub countries: Vec<String>,
    /// Regions (at most 100).
    #[serde(default)]
    pub regions: Vec<String>,
    /// Industries (at most 100).
    #[serde(default)]
    pub industries: Vec<String>,
    /// Company sizes.
    #[serde(default)]
    pub company_sizes: Vec<String>,
    /// Owners (at most 100 users).
    #[serde(default)]
    pub owner_ids: Vec<String>,
}

/// Changes to a territory: absent fields stay, `null` clears; lists are replaced whole.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"countries": ["DE", "AT"]})))]
#[serde(deny_unknown_fields)]
pub struct UpdateTerritory {
    /// Name.
    pub name: Option<String>,
    /// What it covers.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    /// The territory it narrows; `null` makes it top-level.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub parent_id: Patch<String>,
    /// Countries.
    pub countries: Option<Vec<String>>,
    /// Regions.
    pub regions: Option<Vec<String>>,
    /// Industries.
    pub industries: Option<Vec<String>>,
    /// Company sizes.
    pub company_sizes: Option<Vec<String>>,
    /// Owners.
    pub owner_ids: Option<Vec<String>>,
}
