//! Quotas and the forecast of a period.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a user or a team is to win in a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quota {
    /// Its id (`quota_…`).
    pub id: String,
    /// The seller it is for (`usr_…`), or none for a team's.
    pub user_id: Option<String>,
    /// The team it is for (`team_…`), or none for a seller's.
    pub team_id: Option<String>,
    /// month, quarter or year.
    pub period: String,
    /// The period's first day.
    pub period_start: NaiveDate,
    /// The period's last day.
    pub period_end: NaiveDate,
    /// How much, in minor units of the base currency.
    pub amount_minor: i64,
    /// The base currency.
    pub currency: String,
    /// When it was set.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// A new quota: for a user or a team (exactly one), for the period starting on
/// `period_start`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "user_id": "usr_0V3R8J3GQ8B7B2C9XW6T0Y1Z2A", "period": "quarter", "period_start": "2027-01-01", "amount_minor": 25000000
})))]
#[serde(deny_unknown_fields)]
pub struct CreateQuota {
    /// The seller.
    pub user_id: Option<String>,
    /// The team.
    pub team_id: Option<String>,
    /// month, quarter or year.
    pub period: String,
    /// The period's first day (the 1st of a month; of January, April, July or October for a
    /// quarter; of January for a year).
    pub period_start: NaiveDate,
    /// How much, in minor units of the base currency (not negative).
    pub amount_minor: i64,
}

/// A change to a quota's amount.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"amount_minor": 30000000})))]
#[serde(deny_unknown_fields)]
pub struct UpdateQuota {
    /// How much, in minor units of the base currency.
    pub amount_minor: Option<i64>,
}

/// The quota list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct QuotaFilters {
    /// Only this seller's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Only this team's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    /// Only quotas for months, quarters or years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Only quotas for the period starting on this day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_start: Option<NaiveDate>,
}

/// Which forecast to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ForecastQuery {
    /// month, quarter (the default) or year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Any day of the period; today (UTC) when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// owner (the default), team or territory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
    /// Only this pipeline's deals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline_id: Option<String>,
}

/// The sums of a group of deals closing in the period, in minor units of the base currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForecastTotals {
    /// How many deals: won, lost and open.
    pub deals: i64,
    /// Won.
    pub closed_minor: i64,
    /// Open and committed.
    pub commit_minor: i64,
    /// Open, best case.
    pub best_case_minor: i64,
    /// Open, in the pipeline category.
    pub pipeline_minor: i64,
    /// Every open deal's amount.
    pub open_minor: i64,
    /// Open deals at their probability, plus the won ones.
    pub weighted_minor: i64,
    /// Lost.
    pub lost_minor: i64,
    /// Won plus committed.
    pub commit_forecast_minor: i64,
    /// Won plus committed plus best case.
    pub best_case_forecast_minor: i64,
}

/// One owner's, team's or territory's forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForecastGroup {
    /// The user, team or territory; none for deals without one.
    pub id: Option<String>,
    /// Its name.
    pub name: Option<String>,
    /// Its sums.
    pub totals: ForecastTotals,
    /// Its quota for the period (owners and teams), if set.
    pub quota_minor: Option<i64>,
    /// Won against the quota, in whole percent.
    pub attainment_percent: Option<i64>,
}

/// A period's forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Forecast {
    /// month, quarter or year.
    pub period: String,
    /// Its first day.
    pub period_start: NaiveDate,
    /// Its last day.
    pub period_end: NaiveDate,
    /// owner, team or territory.
    pub group_by: String,
    /// The currency of every amount.
    pub currency: String,
    /// The groups, the largest commit forecast first.
    pub groups: Vec<ForecastGroup>,
    /// Every deal of the period once (a deal is in each team of its owner, so team sums may
    /// add up to more).
    pub totals: ForecastTotals,
}
