//! A ticket's SLA clocks: the policy chosen when it is created, and its clocks replayed from
//! the ticket's timeline by the SLA engine, so they are exact whenever they are read. After
//! every change the summary lists sort and filter by is stored on the ticket.

use chrono::{DateTime, Utc};
use db::record::{self, Visibility};
use db::tickets::events::TimelineEntry;
use db::AnyConnection;
use domain::account::Account;
use domain::sla::clock::ClockStatus;
use domain::sla::policy::TicketFacts;
use domain::sla::simulation::{simulate, ClockReport, Priority, TicketEvent};
use domain::ticket::{SlaSummary, Ticket};
use domain::{OrgId, SlaPolicyId};
use serde::Deserialize;

use crate::error::ApiError;
use crate::handlers::sla::documents;

/// The first live policy, in order, whose conditions the ticket meets.
pub fn choose_policy(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: &Ticket,
) -> Result<Option<SlaPolicyId>, ApiError> {
    let tier = match ticket.fields.account_id {
        Some(account) => {
            record::get::<Account>(conn, org, account, Visibility::Any)?
                .fields
                .tier
        }
        None => None,
    };
    let facts = TicketFacts {
        tier,
        channel: ticket.fields.channel.as_str().to_owned(),
        category: ticket.fields.category.clone(),
        priority: ticket.fields.priority,
        has_contract: false,
    };
    for stored in db::sla::policies_in_order(conn, org)? {
        if documents::sla_policy(&stored)?.conditions.accept(&facts) {
            return Ok(Some(stored.id));
        }
    }
    Ok(None)
}

/// The details of a timeline entry that the clocks care about.
#[derive(Deserialize)]
struct Change {
    to: Option<String>,
    priority: Option<String>,
}

/// What the SLA engine makes of the timeline: the priority the ticket was opened with, and
/// the events after.
fn engine_events(
    timeline: &[TimelineEntry],
) -> (Option<Priority>, Vec<(DateTime<Utc>, TicketEvent)>) {
    let mut opened_with = None;
    let mut events = Vec::new();
    for entry in timeline {
        let change: Option<Change> = serde_json::from_str(&entry.data).ok();
        let to = change.as_ref().and_then(|c| c.to.clone());
        let event = match entry.kind.as_str() {
            "created" => {
                opened_with = change
                    .and_then(|c| c.priority)
                    .and_then(|p| Priority::parse("", &p).ok());
                continue;
            }
            "status_changed" => to.map(TicketEvent::StatusChanged),
            "priority_changed" => to
                .and_then(|p| Priority::parse("", &p).ok())
                .map(TicketEvent::PriorityChanged),
            "replied" => Some(TicketEvent::AgentReplied),
            "customer_replied" => Some(TicketEvent::CustomerReplied),
            _ => None,
        };
        events.extend(event.map(|e| (entry.at, e)));
    }
    (opened_with, events)
}

/// The ticket's clocks read at `now` (none without a policy).
pub fn read(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Result<Vec<ClockReport>, ApiError> {
    let Some(policy_id) = ticket.sla.policy_id else {
        return Ok(Vec::new());
    };
    // A policy deleted or changed later still runs the clocks it started.
    let policy: db::sla::Policy = record::get(conn, org, policy_id, Visibility::Any)?;
    let calendar: db::sla::Calendar = record::get(conn, org, policy.calendar_id, Visibility::Any)?;
    let calendar = documents::business_calendar(&calendar)?;
    let targets = documents::sla_policy(&policy)?.targets;
    let timeline = db::tickets::events::timeline(conn, org, ticket.id)?;
    let (opened_with, events) = engine_events(&timeline);
    let priority = opened_with.unwrap_or(ticket.fields.priority);
    Ok(simulate(
        &calendar,
        &targets,
        priority,
        ticket.created_at,
        &events,
        now.max(ticket.created_at),
    ))
}

/// Where the clocks stand, in short: the most urgent counting clock's deadline and warning,
/// and the next instant any of them warns or breaches.
pub fn summary(
    policy_id: Option<SlaPolicyId>,
    clocks: &[ClockReport],
    now: DateTime<Utc>,
) -> SlaSummary {
    let counting = clocks.iter().filter(|c| {
        matches!(
            c.reading.status,
            ClockStatus::Running | ClockStatus::Warning | ClockStatus::Breached
        )
    });
    let most_urgent = counting
        .clone()
        .filter(|c| c.reading.deadline.is_some())
        .min_by_key(|c| c.reading.deadline);
    let next_at = counting
        .flat_map(|c| [c.reading.warn_at, c.reading.deadline])
        .flatten()
        .filter(|at| *at > now)
        .min();
    SlaSummary {
        policy_id,
        due_at: most_urgent.and_then(|c| c.reading.deadline),
        warn_at: most_urgent.and_then(|c| c.reading.warn_at.or(c.reading.deadline)),
        next_at,
    }
}

/// Replays the ticket's clocks at `now` and stores their summary on it; returns the clocks.
pub fn refresh(
    conn: &mut AnyConnection,
    org: OrgId,
    ticket: &mut Ticket,
    now: DateTime<Utc>,
) -> Result<Vec<ClockReport>, ApiError> {
    let clocks = read(conn, org, ticket, now)?;
    let sla = summary(ticket.sla.policy_id, &clocks, now);
    if sla != ticket.sla {
        db::tickets::set_sla(conn, org, ticket.id, &sla)?;
        ticket.sla = sla;
    }
    Ok(clocks)
}
