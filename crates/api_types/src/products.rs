//! The product catalogue and its price book.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{MoneyBody, Patch};

/// A product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    /// Its id (`prod_…`).
    pub id: String,
    /// What it is called.
    pub name: String,
    /// The organization's code for it (SKU).
    pub code: Option<String>,
    /// What it is.
    pub description: Option<String>,
    /// Whether new line items may use it.
    pub active: bool,
    /// Its list price in each currency it is sold in, by currency code.
    pub prices: Vec<MoneyBody>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it went to the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// A new product.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Rapport Enterprise seat (annual)",
    "code": "ENT-SEAT-Y",
    "prices": [
        {"amount_minor": 18000, "currency": "EUR"},
        {"amount_minor": 19500, "currency": "USD"}
    ]
})))]
#[serde(deny_unknown_fields)]
pub struct CreateProduct {
    /// Name (required, at most 200 characters).
    pub name: String,
    /// Code or SKU (at most 64 characters), unique among live products regardless of case.
    pub code: Option<String>,
    /// What it is (at most 2,000 characters).
    pub description: Option<String>,
    /// Whether new line items may use it (default true).
    pub active: Option<bool>,
    /// List prices, at most one per currency (at most 50), none negative.
    #[serde(default)]
    pub prices: Vec<MoneyBody>,
}

/// Changes to a product: absent fields stay, `null` clears; `prices` replaces the price book.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"active": false})))]
#[serde(deny_unknown_fields)]
pub struct UpdateProduct {
    /// Name.
    pub name: Option<String>,
    /// Code or SKU.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub code: Patch<String>,
    /// What it is.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    /// Whether new line items may use it.
    pub active: Option<bool>,
    /// The whole price book.
    pub prices: Option<Vec<MoneyBody>>,
}

/// The product list's own filters, beside [`crate::ListQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ProductFilters {
    /// Words matched as prefixes against name and code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only active (`true`) or inactive (`false`) ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Only those with a price in this currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}
