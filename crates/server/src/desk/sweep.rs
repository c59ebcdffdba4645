//! The escalation sweep: tickets whose SLA clocks reach a warning or a breach. It reads only
//! the tickets whose stored next instant is due (an index on `sla_next_at`), so its cost grows
//! with what is due, not with the open tickets. Each clock event is recorded once
//! (`sla_events`), however many processes sweep at the same time.

use chrono::{DateTime, Utc};
use db::record::{self, Record};
use db::AnyConnection;
use domain::sla::clock::ClockStatus;
use domain::ticket::Ticket;
use domain::{OrgId, TicketId};
use serde_json::json;

use super::clocks;
use crate::error::ApiError;

/// How many due tickets one sweep takes at most; the next sweep takes the rest.
pub const BATCH: i64 = 200;

/// Escalates the tickets due at `now`; returns how many clock events fired.
pub fn sweep(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<usize, ApiError> {
    let mut fired = 0;
    for (org, id) in db::tickets::due_for_sweep(conn, now, BATCH)? {
        fired += record::in_transaction(conn, |conn| escalate(conn, org, id, now))?;
    }
    Ok(fired)
}

/// Under the ticket's lock: records each clock that is now in warning or breached, once, on
/// the timeline, tells the assignee and the team's lead, and moves the ticket's next instant
/// on.
fn escalate(
    conn: &mut AnyConnection,
    org: OrgId,
    id: TicketId,
    now: DateTime<Utc>,
) -> Result<usize, ApiError> {
    record::lock::<Ticket>(conn, org, id)?;
    let ticket = Ticket::read(conn, org, id)?;
    if ticket.sla.next_at.is_none_or(|at| at > now) {
        // Another process got here first.
        return Ok(0);
    }
    let clocks = clocks::read(conn, org, &ticket, now)?;
    // The assignee and the team's lead hear of it, each once.
    let lead = match ticket.fields.team_id {
        Some(team) => db::teams::lead_of(conn, org, team)?,
        None => None,
    };
    let mut told: Vec<_> = ticket.fields.assignee_id.into_iter().chain(lead).collect();
    told.dedup();
    let mut fired = 0;
    for clock in &clocks {
        let (event, said) = match clock.reading.status {
            ClockStatus::Warning => ("sla_warning", "is about to breach"),
            ClockStatus::Breached => ("sla_breached", "breached"),
            _ => continue,
        };
        let kind = clock.kind.as_str();
        let key = db::tickets::SlaEventKey {
            clock: kind,
            started_at: clock.started_at,
            event,
            target_minutes: clock.target.num_minutes(),
        };
        if !db::tickets::fire_sla_event(conn, org, id, &key, now)? {
            continue;
        }
        fired += 1;
        let data = json!({"clock": kind, "deadline": clock.reading.deadline}).to_string();
        db::tickets::events::append(conn, org, id, now, None, &[(event, data)])?;
        let message = format!(
            "#{} {}: {} {said}",
            ticket.number,
            ticket.fields.subject,
            kind.replace('_', " ")
        );
        for user in &told {
            db::notifications::notify(conn, org, *user, event, Some(id), &message, now)?;
        }
    }
    let sla = clocks::summary(ticket.sla.policy_id, &clocks, now);
    db::tickets::set_sla(conn, org, id, &sla)?;
    Ok(fired)
}
