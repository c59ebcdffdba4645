//! Business calendars and SLA policies.
//!
//! Each stores its rules as one JSON document (`definition`) that the caller has validated
//! with the domain's SLA engine; this module keeps names unique, versions, soft deletion and
//! the order in which policies are evaluated (live policies hold positions `0..n`).

mod calendars;
mod policies;

use diesel::prelude::*;
use domain::OrgId;

use crate::connection::AnyConnection;
use crate::convert::bytes;
use crate::error::{Error, Result};
use crate::schema::organizations;
pub use calendars::{create_calendar, list_calendars, Calendar, CALENDAR_SORTS};
pub use policies::{
    create_policy, list_policies, policies_for_new_ticket, policies_in_order, policy_counts,
    Policy, PolicyFields, POLICY_SORTS,
};

fn unique(code: &'static str) -> impl Fn(diesel::result::Error) -> Error {
    move |error| unique_error(code)(error.into())
}

/// A broken unique rule (a restored name clashing with a live one) as the conflict `code`.
fn unique_error(code: &'static str) -> impl Fn(Error) -> Error {
    move |error| match error {
        Error::Conflict("unique") => Error::Conflict(code),
        other => other,
    }
}

/// Takes the organization's row lock (PostgreSQL; SQLite writers already take turns), so that
/// changes to the policy order run one after another and positions stay `0..n` without gaps
/// or duplicates.
fn lock_policy_order(conn: &mut AnyConnection, org: OrgId) -> Result<()> {
    diesel::update(organizations::table.filter(organizations::id.eq(bytes(&org))))
        .set(organizations::name.eq(organizations::name))
        .execute(conn)?;
    Ok(())
}
