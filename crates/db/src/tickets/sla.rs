//! Where a ticket's SLA clocks stand, kept on its row for lists and the escalation sweep, and
//! the clock events that fired.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use domain::ticket::SlaSummary;
use domain::{OrgId, TicketId};

use super::no_deadline;
use crate::connection::AnyConnection;
use crate::convert::{bytes, id, to_db};
use crate::error::Result;
use crate::schema::{sla_events, tickets};
use crate::sql::{Sql, Value};

/// Stores where the ticket's SLA clocks stand (no new version: it follows from changes that
/// made one, or from time passing).
pub fn set_sla(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    sla: &SlaSummary,
) -> Result<()> {
    diesel::update(tickets::table)
        .filter(tickets::org_id.eq(bytes(&org)))
        .filter(tickets::id.eq(bytes(&ticket)))
        .set((
            tickets::sla_policy_id.eq(sla.policy_id.as_ref().map(bytes)),
            tickets::sla_due_at.eq(sla.due_at.map_or_else(no_deadline, to_db)),
            tickets::sla_warn_at.eq(sla.warn_at.map(to_db)),
            tickets::sla_next_at.eq(sla.next_at.map(to_db)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Tickets whose SLA clocks warn or breach at or before `now`, any organization: what the
/// escalation sweep looks at (read from the `sla_next_at` index alone).
pub fn due_for_sweep(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<(OrgId, TicketId)>> {
    let rows: Vec<(Vec<u8>, Vec<u8>)> = tickets::table
        .filter(tickets::sla_next_at.le(to_db(now)))
        .order(tickets::sla_next_at.asc())
        .limit(limit)
        .select((tickets::org_id, tickets::id))
        .load(conn)?;
    Ok(rows.into_iter().map(|(o, t)| (id(&o), id(&t))).collect())
}

/// What names one SLA clock event: the clock (its kind and start), the event and the target
/// it was measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaEventKey<'a> {
    /// `first_response`, `next_response` or `resolution`.
    pub clock: &'a str,
    /// When the clock started.
    pub started_at: DateTime<Utc>,
    /// `sla_warning` or `sla_breached`.
    pub event: &'a str,
    /// The target in force.
    pub target_minutes: i64,
}

/// Records that a clock event fired; `false` when it had fired before (so it is acted on
/// once, however many processes sweep).
pub fn fire_sla_event(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    key: &SlaEventKey<'_>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let inserted = Sql::new(
        "INSERT INTO sla_events (org_id, ticket_id, clock, started_at, event, target_minutes, \
         fired_at) VALUES (",
    )
    .values([
        Value::Bytes(bytes(&org)),
        Value::Bytes(bytes(&ticket)),
        Value::Text(key.clock.to_owned()),
        Value::Time(Some(to_db(key.started_at))),
        Value::Text(key.event.to_owned()),
        Value::Int(key.target_minutes),
        Value::Time(Some(to_db(now))),
    ])
    .push(") ON CONFLICT DO NOTHING")
    .execute(conn)?;
    Ok(inserted == 1)
}

/// How many times the clock's event has fired, whatever the targets it was measured against:
/// 1 the first time, more after a priority change retargeted the clock.
pub fn times_fired(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: TicketId,
    key: &SlaEventKey<'_>,
) -> Result<i64> {
    Ok(sla_events::table
        .filter(sla_events::org_id.eq(bytes(&org)))
        .filter(sla_events::ticket_id.eq(bytes(&ticket)))
        .filter(sla_events::clock.eq(key.clock))
        .filter(sla_events::started_at.eq(to_db(key.started_at)))
        .filter(sla_events::event.eq(key.event))
        .count()
        .get_result(conn)?)
}
