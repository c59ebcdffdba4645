//! The escalation sweep: tickets whose SLA clocks reach a warning or a breach. It reads only
//! the tickets whose stored next instant is due (an index on `sla_next_at`), so its cost grows
//! with what is due, not with the open tickets. Each clock event is recorded once
//! (`sla_events`), however many processes sweep at the same time, and the policy's escalations
//! answer each clock's first warning and breach.

use chrono::{DateTime, Utc};
use db::notifications::About;
use db::record::{self, Record, Visibility};
use db::AnyConnection;
use domain::sla::clock::ClockStatus;
use domain::sla::policy::{self, Trigger};
use domain::sla::simulation::ClockKind;
use domain::ticket::{SlaSummary, Ticket};
use domain::{OrgId, TicketId, UserId};
use serde_json::json;

use super::{clocks, routing, tickets};
use crate::error::ApiError;
use crate::handlers::sla::documents;

/// How many due tickets one sweep takes at most; the next sweep takes the rest.
pub const BATCH: i64 = 200;

/// Escalates the tickets due at `now`; returns how many clock events fired.
pub fn sweep(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<usize, ApiError> {
    let mut fired = 0;
    for (org, id) in db::tickets::due_for_sweep(conn, now, BATCH)? {
        // One ticket that cannot be escalated must not hold back the others.
        match record::in_transaction(conn, |conn| escalate(conn, org, id, now)) {
            Ok(n) => fired += n,
            Err(error) => tracing::error!(?error, ticket = %id, "a ticket could not be escalated"),
        }
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
    // The events that happened to their clock for the first time, which escalations answer.
    let mut first_events = Vec::new();
    for clock in &clocks {
        let (event, said, trigger) = match clock.reading.status {
            ClockStatus::Warning => ("sla_warning", "is about to breach", Trigger::Warning),
            ClockStatus::Breached => ("sla_breached", "breached", Trigger::Breach),
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
        // A clock retargeted by a priority change fires again; it escalates only once.
        if db::tickets::times_fired(conn, org, id, &key)? == 1 {
            first_events.push((trigger, clock.kind));
        }
        let data = json!({"clock": kind, "deadline": clock.reading.deadline}).to_string();
        db::tickets::events::append(conn, org, id, now, None, &[(event, data)])?;
        let message = format!(
            "#{} {}: {} {said}",
            ticket.number,
            ticket.fields.subject,
            kind.replace('_', " ")
        );
        for user in &told {
            db::notifications::notify(conn, org, *user, event, About::Ticket(id), &message, now)?;
        }
    }
    if !first_events.is_empty()
        && escalate_by_policy(conn, org, &ticket, &first_events, &told, now)?
    {
        // The ticket changed: its clocks were refreshed with it.
        return Ok(fired);
    }
    let sla = clocks::summary(ticket.sla.policy_id, &clocks, now);
    db::tickets::set_sla(conn, org, id, &sla)?;
    Ok(fired)
}

/// Runs the policy's escalations that answer `events`: tells the users they name (but those
/// in `told` already heard), raises the priority, moves the ticket to a team (where its
/// assignee stays only as a member, otherwise the team's routing assigns it). Whether the
/// ticket changed.
fn escalate_by_policy(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: &Ticket,
    events: &[(Trigger, ClockKind)],
    told: &[UserId],
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let id = ticket.id;
    // A ticket in the trash is not worked on.
    let Some(policy_id) = ticket.sla.policy_id.filter(|_| ticket.deleted_at.is_none()) else {
        return Ok(false);
    };
    let stored: db::sla::Policy = record::get(conn, org, policy_id, Visibility::Any)?;
    let plan = policy::plan(&documents::sla_policy(&stored)?.escalations, events);
    let message = format!(
        "#{} {} was escalated by its SLA policy",
        ticket.number, ticket.fields.subject
    );
    for user in plan.notify.iter().filter(|u| !told.contains(u)) {
        db::notifications::notify(
            conn,
            org,
            *user,
            "sla_escalated",
            About::Ticket(id),
            &message,
            now,
        )?;
    }
    let mut fields = ticket.fields.clone();
    if plan.raise_priority {
        fields.priority = policy::raised(fields.priority);
    }
    let mut routed = None;
    // A team deleted since the policy named it is passed over.
    let team = match plan.team_id.filter(|t| fields.team_id != Some(*t)) {
        Some(team) if db::teams::exists(conn, org, team)? => Some(team),
        _ => None,
    };
    if let Some(team) = team {
        fields.team_id = Some(team);
        if let Some(user) = fields.assignee_id {
            if !db::teams::is_member(conn, org, team, user)? {
                fields.assignee_id = None;
            }
        }
        routed = routing::route(conn, org, &fields)?;
        if let Some((user, _)) = routed {
            fields.assignee_id = Some(user);
        }
    }
    if fields == ticket.fields {
        return Ok(false);
    }
    let mut changed =
        record::modify::<Ticket, ApiError>(conn, org, id, now, |_| Ok(fields.clone()))?;
    let mut entries = tickets::changes(&ticket.fields, &changed.fields);
    entries.extend(routed.map(|(user, mode)| routing::routed_entry(user, mode)));
    db::tickets::events::append(conn, org, id, now, None, &entries)?;
    let refreshed = clocks::refresh(conn, org, &mut changed, now)?;
    // A raise can put a clock past its new warning or deadline at once: the next sweep
    // records that (once, as always).
    let due_now = refreshed.iter().any(|c| {
        matches!(
            c.reading.status,
            ClockStatus::Warning | ClockStatus::Breached
        )
    });
    if due_now {
        let sla = SlaSummary {
            next_at: Some(now),
            ..changed.sla
        };
        db::tickets::set_sla(conn, org, id, &sla)?;
    }
    if let Some(user) = changed
        .fields
        .assignee_id
        .filter(|u| ticket.fields.assignee_id != Some(*u))
    {
        routing::notify_assigned(conn, org, user, &changed, now)?;
    }
    Ok(true)
}
