//! A ticket's SLA clocks driven by what happens to the ticket: status changes, priority
//! changes and replies. Used by `POST /api/v1/sla/simulate` to check a policy before it is
//! used, and later by tickets themselves.

use chrono::{DateTime, Duration, Utc};

use super::calendar::BusinessCalendar;
use super::clock::{ClockEvent, ClockReading, SlaClock};
use crate::account::string_enum;
use crate::validation::FieldError;

/// How urgent a ticket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Priority {
    /// Whenever there is time.
    Low,
    /// The default.
    Normal,
    /// Soon.
    High,
    /// Now.
    Urgent,
}

string_enum!(Priority, "invalid_priority", "must be one of low, normal, high, urgent", {
    Priority::Low => "low",
    Priority::Normal => "normal",
    Priority::High => "high",
    Priority::Urgent => "urgent",
});

/// Which promise a clock measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockKind {
    /// The first agent reply after the ticket is opened.
    FirstResponse,
    /// The next agent reply after each customer message.
    NextResponse,
    /// Resolving the ticket.
    Resolution,
}

impl ClockKind {
    /// Every kind, in the order clocks start.
    pub const ALL: [ClockKind; 3] = [
        ClockKind::FirstResponse,
        ClockKind::NextResponse,
        ClockKind::Resolution,
    ];

    /// Parses a kind's name.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, crate::validation::FieldError> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == raw.trim())
            .ok_or_else(|| {
                crate::validation::FieldError::new(
                    pointer,
                    "invalid_clock",
                    "must be first_response, next_response or resolution",
                )
            })
    }

    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::FirstResponse => "first_response",
            ClockKind::NextResponse => "next_response",
            ClockKind::Resolution => "resolution",
        }
    }
}

/// Business-time targets for one priority; a missing target has no clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Targets {
    /// First response.
    pub first_response: Option<Duration>,
    /// Next response.
    pub next_response: Option<Duration>,
    /// Resolution.
    pub resolution: Option<Duration>,
}

impl Targets {
    fn of(&self, kind: ClockKind) -> Option<Duration> {
        match kind {
            ClockKind::FirstResponse => self.first_response,
            ClockKind::NextResponse => self.next_response,
            ClockKind::Resolution => self.resolution,
        }
    }
}

/// The targets of a policy by priority, and how it behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyTargets {
    /// Targets for low, normal, high and urgent tickets.
    pub by_priority: [(Priority, Targets); 4],
    /// Warning threshold in per mille of each target (750 = 75%).
    pub warn_per_mille: i64,
    /// Ticket statuses in which clocks stop, e.g. `pending` (waiting on the customer).
    pub pausing_statuses: Vec<String>,
}

impl PolicyTargets {
    fn for_priority(&self, priority: Priority) -> Targets {
        self.by_priority
            .iter()
            .find(|(p, _)| *p == priority)
            .map(|(_, t)| *t)
            .unwrap_or_default()
    }
}

/// Something that happens to a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketEvent {
    /// The status changed (e.g. to `pending`, `open`, `solved`).
    StatusChanged(String),
    /// The priority changed.
    PriorityChanged(Priority),
    /// An agent replied publicly.
    AgentReplied,
    /// The customer wrote.
    CustomerReplied,
}

/// A clock of the simulated ticket with its timeline and its state at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockReport {
    /// What it measures.
    pub kind: ClockKind,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// The target it ended with.
    pub target: Duration,
    /// Its timeline.
    pub events: Vec<(DateTime<Utc>, ClockEvent)>,
    /// Its state at the time asked for.
    pub reading: ClockReading,
}

struct Running {
    kind: ClockKind,
    clock: SlaClock,
    target: Duration,
    done: bool,
}

/// Plays `events` (in time order) on a ticket opened at `opened_at` with `priority`, and
/// reads every clock at `as_of`. Events dated before the previous one are treated as
/// happening with it.
pub fn simulate(
    calendar: &BusinessCalendar,
    policy: &PolicyTargets,
    priority: Priority,
    opened_at: DateTime<Utc>,
    events: &[(DateTime<Utc>, TicketEvent)],
    as_of: DateTime<Utc>,
) -> Vec<ClockReport> {
    let mut priority = priority;
    let mut paused = false;
    let mut clocks: Vec<Running> = Vec::new();
    let start =
        |kind: ClockKind, at: DateTime<Utc>, priority: Priority, clocks: &mut Vec<Running>| {
            if let Some(target) = policy.for_priority(priority).of(kind) {
                clocks.push(Running {
                    kind,
                    clock: SlaClock::start(at, target, policy.warn_per_mille),
                    target,
                    done: false,
                });
            }
        };
    start(ClockKind::FirstResponse, opened_at, priority, &mut clocks);
    start(ClockKind::Resolution, opened_at, priority, &mut clocks);
    let mut first_response_given = false;
    let mut resolved = false;
    for (at, event) in events {
        let at = (*at).max(opened_at);
        match event {
            TicketEvent::StatusChanged(status) => {
                let resolving = RESOLVED.contains(&status.as_str());
                let pausing = policy.pausing_statuses.iter().any(|s| s == status);
                if resolved && !resolving {
                    // Reopened: the resolution clock counts again from where it stopped.
                    for running in clocks
                        .iter_mut()
                        .filter(|c| c.kind == ClockKind::Resolution)
                    {
                        running.clock.record(at, ClockEvent::Reopened);
                        running.done = false;
                        if pausing {
                            running.clock.record(at, ClockEvent::Paused);
                        }
                    }
                    paused = pausing;
                    resolved = false;
                    continue;
                }
                for running in clocks.iter_mut().filter(|c| !c.done) {
                    if resolving {
                        running.clock.record(at, ClockEvent::Met);
                        running.done = true;
                    } else if pausing && !paused {
                        running.clock.record(at, ClockEvent::Paused);
                    } else if !pausing && paused {
                        running.clock.record(at, ClockEvent::Resumed);
                    }
                }
                paused = pausing && !resolving;
                resolved = resolved || resolving;
            }
            TicketEvent::PriorityChanged(new_priority) => {
                priority = *new_priority;
                let targets = policy.for_priority(priority);
                for running in clocks.iter_mut().filter(|c| !c.done) {
                    if let Some(target) = targets.of(running.kind) {
                        running.clock.record(at, ClockEvent::Retargeted(target));
                        running.target = target;
                    }
                }
            }
            TicketEvent::AgentReplied => {
                for running in clocks
                    .iter_mut()
                    .filter(|c| !c.done && c.kind != ClockKind::Resolution)
                {
                    running.clock.record(at, ClockEvent::Met);
                    running.done = true;
                }
                first_response_given = true;
            }
            TicketEvent::CustomerReplied => {
                let waiting = clocks
                    .iter()
                    .any(|c| !c.done && c.kind != ClockKind::Resolution);
                if first_response_given && !waiting {
                    start(ClockKind::NextResponse, at, priority, &mut clocks);
                    if paused {
                        if let Some(last) = clocks.last_mut() {
                            last.clock.record(at, ClockEvent::Paused);
                        }
                    }
                }
            }
        }
    }
    clocks
        .into_iter()
        .map(|c| ClockReport {
            kind: c.kind,
            started_at: c.clock.started_at(),
            target: c.target,
            events: c.clock.events().to_vec(),
            reading: c.clock.reading(calendar, as_of),
        })
        .collect()
}

/// Statuses that end the clocks: a later move to any other status reopens the resolution clock.
pub const RESOLVED: [&str; 3] = ["solved", "resolved", "closed"];

/// The most events a simulation takes.
pub const MAX_EVENTS: usize = 1000;

/// The longest a simulated ticket may stay open: the calendar's ten-year horizon.
pub const MAX_SPAN_DAYS: i64 = 3660;

/// An instant a simulation accepts: from 1970 up to (not including) 2100. The engine's work
/// grows with the days it covers, so the range is bounded.
pub fn simulated_instant(pointer: &str, at: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    const FIRST: i64 = 0; // 1970-01-01T00:00:00Z
    const END: i64 = 4_102_444_800; // 2100-01-01T00:00:00Z
    if (FIRST..END).contains(&at.timestamp()) {
        Ok(at)
    } else {
        Err(FieldError::new(
            pointer,
            "out_of_range",
            "must be from 1970-01-01 up to 2100-01-01",
        ))
    }
}

/// Checks that reading at `as_of` covers at most [`MAX_SPAN_DAYS`] after `opened_at`.
pub fn simulated_span(
    pointer: &str,
    opened_at: DateTime<Utc>,
    as_of: DateTime<Utc>,
) -> Result<(), FieldError> {
    if as_of - opened_at <= Duration::days(MAX_SPAN_DAYS) {
        Ok(())
    } else {
        Err(FieldError::new(
            pointer,
            "span_too_long",
            format!("must be at most {MAX_SPAN_DAYS} days after the opening"),
        ))
    }
}

/// Parses a ticket status name (letters, digits and `_`, 1 to 40 characters).
pub fn status_name(pointer: &str, raw: &str) -> Result<String, FieldError> {
    let value = raw.trim().to_lowercase();
    if !value.is_empty()
        && value.len() <= 40
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        Ok(value)
    } else {
        Err(FieldError::new(
            pointer,
            "invalid_status",
            "a status is 1 to 40 letters, digits or _",
        ))
    }
}
