//! Opportunities: deals moving through a pipeline toward won or lost.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{MoneyBody, Patch};

/// A contact on a deal and the part they play.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactRoleBody {
    /// The contact (`con_…`).
    pub contact_id: String,
    /// decision_maker, economic_buyer, technical_buyer, evaluator, influencer, champion, user or
    /// other.
    pub role: String,
}

/// One line of a deal, as stored: priced in the deal's currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineItemBody {
    /// What is sold (`prod_…`).
    pub product_id: String,
    /// What the line says (the product's name when it was added, unless given).
    pub name: String,
    /// Anything more about this line.
    pub description: Option<String>,
    /// How many.
    pub quantity: i64,
    /// The price of one, in the deal's currency.
    pub unit_price: MoneyBody,
    /// Off the line's price, in percent (two decimals at most).
    pub discount_percent: f64,
    /// `quantity` × `unit_price` less the discount, rounded to the minor unit.
    pub total: MoneyBody,
}

/// One line of a deal as a client sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LineItemInput {
    /// What is sold (`prod_…`): a live, active product for a new line.
    pub product_id: String,
    /// What the line says (at most 200 characters); the product's name when left out.
    pub name: Option<String>,
    /// Anything more about this line (at most 1,000 characters).
    pub description: Option<String>,
    /// How many: a whole number from 1 to 1,000,000,000.
    pub quantity: i64,
    /// The price of one, in the deal's currency; the product's list price in that currency
    /// when left out (422 `no_price` when it has none).
    pub unit_price: Option<MoneyBody>,
    /// Off the line's price, in percent from 0 to 100 with at most two decimals (default 0).
    pub discount_percent: Option<f64>,
}

/// An opportunity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Opportunity {
    /// Its id (`opp_…`).
    pub id: String,
    /// What is being sold.
    pub name: String,
    /// The buyer (`acc_…`).
    pub account_id: String,
    /// The buyer's name.
    pub account_name: String,
    /// The pipeline (`pipe_…`).
    pub pipeline_id: String,
    /// The stage it is in (`stage_…`).
    pub stage_id: String,
    /// open, won or lost: its stage's kind.
    pub status: String,
    /// Its stage's probability, in percent.
    pub probability: i32,
    /// Why it was won or lost.
    pub close_reason: Option<String>,
    /// What it is worth: the sum of its line items' totals when it has any.
    pub amount: MoneyBody,
    /// What it sells, line by line, in `amount`'s currency.
    pub line_items: Vec<LineItemBody>,
    /// The organization's base currency.
    pub base_currency: String,
    /// The amount in the base currency at the rate of the close date, in its minor units.
    pub amount_base_minor: i64,
    /// `amount_base_minor` × `probability`, in minor units of the base currency.
    pub weighted_amount_minor: i64,
    /// When it is expected to close, or closed.
    pub close_date: NaiveDate,
    /// Who sells it.
    pub owner_id: Option<String>,
    /// The main person to talk to.
    pub primary_contact_id: Option<String>,
    /// People on the deal and their parts.
    pub contact_roles: Vec<ContactRoleBody>,
    /// What happens next.
    pub next_step: Option<String>,
    /// Who else is bidding.
    pub competitors: Vec<String>,
    /// The lead it came from (`lead_…`).
    pub source_lead_id: Option<String>,
    /// The campaign it came from.
    pub campaign: Option<String>,
    /// Where it counts in a forecast: pipeline, best_case, commit, closed (won) or omitted
    /// (lost, or left out by its owner).
    pub forecast_category: String,
    /// The owner's choice of category for an open deal, if any; otherwise it follows the
    /// probability (commit from 90 %, best case from 50 %).
    pub forecast_category_override: Option<String>,
    /// Anything else.
    pub description: Option<String>,
    /// When it was won or lost.
    pub closed_at: Option<DateTime<Utc>>,
    /// When it entered its stage.
    pub stage_entered_at: DateTime<Utc>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it went to the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// A new opportunity.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Northwind: 250 seats",
    "account_id": "acc_0V3R8J3GQ8B7B2C9XW6T0Y1Z2A",
    "pipeline_id": "pipe_0V3R8J3GQ8B7B2C9XW6T0Y1Z2A",
    "amount": {"amount_minor": 4500000, "currency": "EUR"},
    "close_date": "2026-03-31"
})))]
#[serde(deny_unknown_fields)]
pub struct CreateOpportunity {
    /// Name (required, at most 200 characters).
    pub name: String,
    /// The buyer (required).
    pub account_id: String,
    /// The pipeline (required).
    pub pipeline_id: String,
    /// The stage; the pipeline's first open stage when left out. A won or lost stage needs
    /// `close_reason`.
    pub stage_id: Option<String>,
    /// Why it closed, for a won or lost stage: one of the pipeline's reasons.
    pub close_reason: Option<String>,
    /// What it is worth; zero in the base currency when left out. Not negative. With line
    /// items it is their sum: leave it out (its currency is then that of the lines' unit
    /// prices, else the base currency), or give exactly the sum.
    pub amount: Option<MoneyBody>,
    /// What it sells (at most 200 lines).
    #[serde(default)]
    pub line_items: Vec<LineItemInput>,
    /// When it is expected to close (required).
    pub close_date: NaiveDate,
    /// Who sells it; the caller when left out.
    pub owner_id: Option<String>,
    /// The main person to talk to.
    pub primary_contact_id: Option<String>,
    /// People on the deal and their parts (at most 50, each contact once).
    #[serde(default)]
    pub contact_roles: Vec<ContactRoleBody>,
    /// What happens next (at most 500 characters).
    pub next_step: Option<String>,
    /// Who else is bidding (at most 20, each at most 100 characters).
    #[serde(default)]
    pub competitors: Vec<String>,
    /// The lead it came from.
    pub source_lead_id: Option<String>,
    /// The campaign it came from (at most 200 characters).
    pub campaign: Option<String>,
    /// The owner's forecast category: pipeline, best_case, commit or omitted.
    pub forecast_category: Option<String>,
    /// Anything else (at most 10,000 characters).
    pub description: Option<String>,
}

/// Changes to an open opportunity: absent fields stay, `null` clears; lists are replaced
/// whole. A won or lost one changes only after `POST …/reopen`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"stage_id": "stage_0V3R8J3GQ8B7B2C9XW6T0Y1Z2A", "close_reason": "Price"})))]
#[serde(deny_unknown_fields)]
pub struct UpdateOpportunity {
    /// Name.
    pub name: Option<String>,
    /// The buyer.
    pub account_id: Option<String>,
    /// Another pipeline; without `stage_id` the deal goes to its first open stage.
    pub pipeline_id: Option<String>,
    /// Another stage of the pipeline; a won or lost one needs `close_reason`, and closes the
    /// deal today unless `close_date` is given too.
    pub stage_id: Option<String>,
    /// Why it closed, with a won or lost `stage_id`.
    pub close_reason: Option<String>,
    /// What it is worth. A deal with line items is worth their sum: a different amount is 422
    /// `amount_from_line_items`, and a new currency needs the lines priced in it.
    pub amount: Option<MoneyBody>,
    /// All its lines, replacing the stored ones (`[]` removes them; the amount stays). Lines
    /// without a unit price take the product's list price in the deal's currency.
    pub line_items: Option<Vec<LineItemInput>>,
    /// When it is expected to close.
    pub close_date: Option<NaiveDate>,
    /// Who sells it.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub owner_id: Patch<String>,
    /// The main person to talk to.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub primary_contact_id: Patch<String>,
    /// People on the deal and their parts.
    pub contact_roles: Option<Vec<ContactRoleBody>>,
    /// What happens next.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub next_step: Patch<String>,
    /// Who else is bidding.
    pub competitors: Option<Vec<String>>,
    /// The lead it came from.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub source_lead_id: Patch<String>,
    /// The campaign it came from.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub campaign: Patch<String>,
    /// The owner's forecast category; `null` lets it follow the probability.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub forecast_category: Patch<String>,
    /// Anything else.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
}

/// Reopening a won or lost opportunity.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({})))]
#[serde(deny_unknown_fields)]
pub struct ReopenOpportunity {
    /// The open stage it goes back to; the one it closed from when left out (or the
    /// pipeline's first open stage, if that one is gone).
    pub stage_id: Option<String>,
}

/// A stage an opportunity entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageChangeBody {
    /// When.
    pub changed_at: DateTime<Utc>,
    /// Who moved it.
    pub changed_by: Option<String>,
    /// The stage it left (none when it was created).
    pub from_stage_id: Option<String>,
    /// Its name.
    pub from_stage_name: Option<String>,
    /// The stage it entered.
    pub to_stage_id: String,
    /// Its name.
    pub to_stage_name: String,
    /// How long it had been in the stage it left, in seconds.
    pub seconds_in_previous_stage: Option<i64>,
    /// Why it closed, on entering a won or lost stage.
    pub reason: Option<String>,
}

/// The opportunity list's own filters, beside [`crate::ListQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct OpportunityFilters {
    /// Words matched as prefixes against name, next step, competitors and campaign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// In this pipeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline_id: Option<String>,
    /// In this stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage_id: Option<String>,
    /// open, won or lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Sold by this user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Bought by this account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// With this contact as primary contact or in a role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// Closing on or after this day (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_from: Option<NaiveDate>,
    /// Closing on or before this day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_to: Option<NaiveDate>,
}
