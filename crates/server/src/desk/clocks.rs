//! A ticket's SLA clocks: the policy chosen when it is created, and its clocks replayed from
//! the ticket's timeline by the SLA engine, so they are exact whenever they are read. After
//! every change the summary lists sort and filter by is stored on the ticket.

use chrono::{DateTime, Utc};
use db::record::{self, Visibility};
use db::AnyConnection;
use domain::sla::calendar::BusinessCalendar;
use domain::sla::clock::ClockStatus;
use domain::sla::policy::TicketFacts;
use domain::sla::simulation::{simulate, ClockReport, PolicyTargets, Priority, TicketEvent};
use domain::ticket::{SlaSummary, Ticket, TicketFields};
use domain::{OrgId, SlaPolicyId, Tier};
use serde::Deserialize;

use crate::desk::entitlements::Coverage;
use crate::error::ApiError;
use crate::handlers::sla::documents;

/// The policy a new ticket comes under, with what its clocks count by.
pub struct Chosen {
    /// The policy.
    pub id: SlaPolicyId,
    calendar: BusinessCalendar,
    targets: PolicyTargets,
}

/// The policy the contract covering a new ticket with `fields` grants, else the first live
/// policy, in order, whose conditions it meets.
pub fn choose_policy(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &TicketFields,
    coverage: &Coverage,
) -> Result<Option<Chosen>, ApiError> {
    let choice = db::sla::policies_for_new_ticket(conn, org, fields.account_id)?;
    let facts = TicketFacts {
        tier: choice
            .account_tier
            .and_then(|t| Tier::parse("/tier", &t).ok()),
        channel: fields.channel.as_str().to_owned(),
        category: fields.category.clone(),
        priority: fields.priority,
        has_contract: coverage.has_contract,
    };
    let granted = coverage.policy;
    let ordered = choice
        .policies
        .iter()
        .filter(|(stored, _)| Some(stored.id) == granted)
        .chain(
            choice
                .policies
                .iter()
                .filter(|(stored, _)| Some(stored.id) != granted),
        );
    for (stored, calendar) in ordered {
        let policy = documents::sla_policy(stored)?;
        if Some(stored.id) == granted || policy.conditions.accept(&facts) {
            return Ok(Some(Chosen {
                id: stored.id,
                calendar: documents::business_calendar(calendar)?,
                targets: policy.targets,
            }));
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

/// What the SLA engine makes of a timeline (each entry's instant, kind and details): the
/// priority the ticket was opened with, and the events after.
fn engine_events<'a>(
    timeline: impl IntoIterator<Item = (DateTime<Utc>, &'a str, &'a str)>,
) -> (Option<Priority>, Vec<(DateTime<Utc>, TicketEvent)>) {
    let mut opened_with = None;
    let mut events = Vec::new();
    for (at, kind, data) in timeline {
        let change: Option<Change> = serde_json::from_str(data).ok();
        let to = change.as_ref().and_then(|c| c.to.clone());
        let event = match kind {
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
        events.extend(event.map(|e| (at, e)));
    }
    (opened_with, events)
}

/// The clocks of a ticket created at `now` under `policy`, its first timeline `entries`
/// written at the same instant: what [`read`] would tell, without reading anything back.
pub fn at_creation(
    policy: Option<&Chosen>,
    priority: Priority,
    entries: &[(&str, String)],
    now: DateTime<Utc>,
) -> Vec<ClockReport> {
    let Some(policy) = policy else {
        return Vec::new();
    };
    let timeline = entries
        .iter()
        .map(|(kind, data)| (now, *kind, data.as_str()));
    let (opened_with, events) = engine_events(timeline);
    simulate(
        &policy.calendar,
        &policy.targets,
        opened_with.unwrap_or(priority),
        now,
        &events,
        now,
    )
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
    let (opened_with, events) = engine_events(
        timeline
            .iter()
            .map(|e| (e.at, e.kind.as_str(), e.data.as_str())),
    );
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
