//! Request and response bodies of Rapport's HTTP API.
//!
//! Shared by the server (which derives the OpenAPI schemas from them with the `openapi`
//! feature) and the web app, so both sides agree on every field by construction.

pub mod accounts;
pub mod activities;
pub mod assets;
pub mod assignment;
pub mod attachments;
pub mod auth;
pub mod contacts;
pub mod contracts;
pub mod custom_fields;
pub mod exchange_rates;
pub mod forecast;
pub mod jobs;
pub mod kb;
pub mod lead_forms;
pub mod leads;
pub mod list;
pub mod live;
pub mod mail;
pub mod notes;
pub mod opportunities;
pub mod organization;
pub mod outbound;
pub mod patch;
pub mod phone;
pub mod pipelines;
pub mod portal;
pub mod problem;
pub mod products;
pub mod rmas;
pub mod scoring;
pub mod sla;
pub mod territories;
pub mod tickets;
pub mod users;

pub use list::{ListQuery, PageQuery, RecordQuery};
pub use patch::Patch;
pub use problem::{Problem, ProblemFieldError};

use serde::{Deserialize, Serialize};

/// One page of a list: its items and the cursor of the next page, if there is one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page, in the requested order.
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// How many records match, all pages together: only when the list was asked with
    /// `count=true`. Counting stops at 10,000: `total_capped` then says more match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// `true` when more records match than `total` says (present only then).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub total_capped: bool,
}

impl<T> Page<T> {
    /// A page of `items`, uncounted, followed by `next_cursor` (none: the last page).
    pub fn new(items: Vec<T>, next_cursor: Option<String>) -> Self {
        Self {
            items,
            next_cursor,
            total: None,
            total_capped: false,
        }
    }
}

/// An amount of money: integer minor units (cents) and an ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"amount_minor": 125_000_000, "currency": "EUR"})))]
#[serde(deny_unknown_fields)]
pub struct MoneyBody {
    /// Amount in the currency's minor units (cents for EUR), so 1250000.00 EUR is 125000000.
    pub amount_minor: i64,
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
}
