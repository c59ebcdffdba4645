//! Dated exchange rates into the organization's base currency.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What one unit of a currency is worth in the base currency from a day on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeRate {
    /// Its id (`xrate_…`).
    pub id: String,
    /// The currency it prices (ISO 4217).
    pub currency: String,
    /// The first day it applies; it applies until the currency's next rate.
    pub valid_from: NaiveDate,
    /// Base-currency units for one unit of `currency`, as a decimal string (`"1.0845"`).
    pub rate: String,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// Its version (rates do not change).
    pub version: i64,
}

/// A new rate.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"currency": "USD", "valid_from": "2026-01-01", "rate": "0.9215"})))]
#[serde(deny_unknown_fields)]
pub struct CreateExchangeRate {
    /// ISO 4217 code, not the base currency.
    pub currency: String,
    /// The first day it applies (`YYYY-MM-DD`).
    pub valid_from: NaiveDate,
    /// Base-currency units for one unit of `currency`: a decimal above zero with at most 9
    /// decimals.
    pub rate: String,
}

/// The rate list's filter.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ExchangeRateFilter {
    /// Only this currency's rates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}
