//! Returns of faulty units (RMA).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{MoneyBody, Patch};

/// A return of a faulty unit.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rma {
    /// Its id (`rma_…`).
    pub id: String,
    /// Its number, `RMA-00042`.
    pub number: String,
    /// The ticket it came from.
    pub ticket_id: String,
    /// The unit.
    pub asset_id: String,
    /// The unit's owner.
    pub account_id: String,
    /// requested, approved, rejected, awaiting_return, received, inspected, repaired,
    /// replaced, refunded or closed.
    pub status: String,
    /// Where the status may move next.
    pub next_statuses: Vec<String>,
    /// What is wrong.
    pub reason: String,
    /// Whether the unit was under warranty when the return was opened (then nothing is
    /// charged).
    pub under_warranty: bool,
    /// The carrier bringing the unit back.
    pub carrier: Option<String>,
    /// The carrier's tracking number.
    pub tracking_number: Option<String>,
    /// What the inspection found.
    pub inspection_notes: Option<String>,
    /// What the customer pays for the repair or replacement.
    pub charge: Option<MoneyBody>,
    /// What the customer gets back.
    pub credit: Option<MoneyBody>,
    /// Remarks.
    pub notes: Option<String>,
    /// Approved or rejected.
    pub decided_at: Option<DateTime<Utc>>,
    /// The unit arrived.
    pub received_at: Option<DateTime<Utc>>,
    /// Inspected.
    pub inspected_at: Option<DateTime<Utc>>,
    /// Repaired, replaced or refunded.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Who opened it.
    pub created_by: Option<String>,
    /// Opened.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Its version, also its `ETag`.
    pub version: i64,
}

/// A new return, from a ticket.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "ticket_id": "tkt_01jd0000000000000000000000",
    "reason": "Pump leaks oil at the seal"
})))]
#[serde(deny_unknown_fields)]
pub struct CreateRma {
    /// The ticket it comes from.
    pub ticket_id: String,
    /// The unit; left out, the ticket's asset. One of the ticket's account (else 422
    /// `not_of_account`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    /// What is wrong.
    pub reason: String,
    /// The carrier bringing the unit back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    /// The carrier's tracking number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// What the customer pays; under warranty none (422 `under_warranty`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<MoneyBody>,
    /// Remarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A change to a return; fields left out keep their value, `null` clears one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "approved"})))]
#[serde(deny_unknown_fields)]
pub struct UpdateRma {
    /// A move along the lifecycle: requested to approved or rejected, approved to
    /// awaiting_return, awaiting_return to received, received to inspected (with
    /// `inspection_notes`), inspected to repaired, replaced or refunded (with `credit`), and
    /// those or rejected to closed. Another move answers 422 `invalid_transition` naming the
    /// allowed ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// What is wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The carrier; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub carrier: Patch<String>,
    /// The tracking number; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub tracking_number: Patch<String>,
    /// What the inspection found; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub inspection_notes: Patch<String>,
    /// What the customer pays; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MoneyBody>))]
    pub charge: Patch<MoneyBody>,
    /// What the customer gets back; `null` clears it.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MoneyBody>))]
    pub credit: Patch<MoneyBody>,
    /// Remarks; `null` clears them.
    #[serde(default, skip_serializing_if = "crate::Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub notes: Patch<String>,
}

/// The return list's own filters, beside [`crate::ListQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct RmaFilters {
    /// In this state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Of this account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Of this unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    /// From this ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<String>,
}
