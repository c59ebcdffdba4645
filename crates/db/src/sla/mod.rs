//! Business calendars and SLA policies.
//!
//! Each stores its rules as one JSON document (`definition`) that the caller has validated
//! with the domain's SLA engine; this module keeps names unique, versions, soft deletion and
//! the order in which policies are evaluated (live policies hold positions `0..n`).

mod calendars;
mod policies;

use domain::OrgId;

use crate::connection::AnyConnection;
use crate::error::Result;
pub use calendars::{create_calendar, list_calendars, Calendar, CALENDAR_SORTS};
pub use policies::{
    create_policy, list_policies, policies_for_new_ticket, policies_in_order, policy_counts,
    Policy, PolicyFields, POLICY_SORTS,
};

/// Changes to the policy order (and to calendars, which policies use) run one after another.
fn lock_policy_order(conn: &mut AnyConnection, org: OrgId) -> Result<()> {
    crate::ordered::lock(conn, org)
}
