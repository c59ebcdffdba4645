//! SLA clocks: one per target (first response, next response, resolution) of a ticket.
//!
//! A clock is a timeline of events — started, paused, resumed, target changed, met — read
//! against a business calendar. Its state at any instant (running, paused, warning, breached,
//! met; business time elapsed and remaining; the deadline) is computed from that timeline, so
//! it is the same whenever and however often it is asked. Changing the target (a new priority
//! or policy) keeps the business time already elapsed; pausing stops the clock, so it never
//! shortens the time remaining.

use chrono::{DateTime, Duration, Utc};

use super::calendar::BusinessCalendar;

/// Something that happened to a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockEvent {
    /// The clock stops (the ticket waits on the customer, or is on hold).
    Paused,
    /// The clock runs again.
    Resumed,
    /// The target changes (priority or policy changed); elapsed business time is kept.
    Retargeted(Duration),
    /// The target was met (a reply was sent, the ticket was resolved).
    Met,
    /// A met target counts again (a solved ticket was reopened); elapsed time is kept.
    Reopened,
}

/// The state of a clock at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockStatus {
    /// Counting, before the warning threshold.
    Running,
    /// Counting, past the warning threshold.
    Warning,
    /// Stopped for now.
    Paused,
    /// Past the target and not met.
    Breached,
    /// Met in time.
    Met,
    /// Met, but after the target.
    MetLate,
}

/// A clock's answer for one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockReading {
    /// What state the clock is in.
    pub status: ClockStatus,
    /// Business time counted so far.
    pub elapsed: Duration,
    /// Target minus elapsed; negative when overdue.
    pub remaining: Duration,
    /// When the target is reached if the clock keeps running; once overdue, the instant it was
    /// missed (`None` while paused within its target, and once met).
    pub deadline: Option<DateTime<Utc>>,
    /// When the warning threshold is reached if the clock keeps running (`None` while paused,
    /// once met and once overdue).
    pub warn_at: Option<DateTime<Utc>>,
}

/// One SLA clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaClock {
    started_at: DateTime<Utc>,
    target: Duration,
    /// Warning threshold in per mille of the target (750 = 75%).
    warn_per_mille: i64,
    events: Vec<(DateTime<Utc>, ClockEvent)>,
}

impl SlaClock {
    /// A clock started at `started_at` with a business-time `target`, warning at
    /// `warn_per_mille` of it (clamped to 0..=1000).
    pub fn start(started_at: DateTime<Utc>, target: Duration, warn_per_mille: i64) -> Self {
        Self {
            started_at,
            target,
            warn_per_mille: warn_per_mille.clamp(0, 1000),
            events: Vec::new(),
        }
    }

    /// Records an event. Events must come in time order; one earlier than the last is placed
    /// at the last event's time. Once met, only `Reopened` counts; before, it is ignored.
    pub fn record(&mut self, at: DateTime<Utc>, event: ClockEvent) {
        let met = self.is_met();
        if met != (event == ClockEvent::Reopened) {
            return;
        }
        let floor = self.events.last().map_or(self.started_at, |(t, _)| *t);
        self.events.push((at.max(floor), event));
    }

    /// Whether the last word on the target is that it was met.
    pub fn is_met(&self) -> bool {
        self.events
            .iter()
            .rev()
            .find(|(_, e)| matches!(e, ClockEvent::Met | ClockEvent::Reopened))
            .is_some_and(|(_, e)| *e == ClockEvent::Met)
    }

    /// When the clock started.
    pub fn started_at(&self) -> DateTime<Utc> {
        self.started_at
    }

    /// The timeline: every recorded event after the start.
    pub fn events(&self) -> &[(DateTime<Utc>, ClockEvent)] {
        &self.events
    }

    /// The state at `at`.
    pub fn reading(&self, calendar: &BusinessCalendar, at: DateTime<Utc>) -> ClockReading {
        let mut target = self.target;
        let mut elapsed = Duration::zero();
        let mut running_since = Some(self.started_at);
        let mut met_at = None;
        // When business time first reached the target in force (cleared by a retarget that
        // moves the target past the time spent).
        let mut breached_at = None;
        // Counts business time from `since` to `until`, noting the instant the target is hit.
        let count = |since: DateTime<Utc>,
                     until: DateTime<Utc>,
                     target: Duration,
                     elapsed: &mut Duration,
                     breached_at: &mut Option<DateTime<Utc>>| {
            let before = *elapsed;
            *elapsed += calendar.business_between(since, until.max(since));
            if breached_at.is_none() && before < target && *elapsed >= target {
                *breached_at = calendar.add(since, target - before);
            }
        };
        for (when, event) in self.events.iter().filter(|(t, _)| *t <= at) {
            match event {
                ClockEvent::Paused => {
                    if let Some(since) = running_since.take() {
                        count(since, *when, target, &mut elapsed, &mut breached_at);
                    }
                }
                ClockEvent::Resumed => {
                    running_since = running_since.or(Some(*when));
                }
                ClockEvent::Retargeted(new_target) => {
                    if let Some(since) = running_since.replace(*when) {
                        count(since, *when, target, &mut elapsed, &mut breached_at);
                    }
                    target = *new_target;
                    if elapsed < target {
                        breached_at = None;
                    } else if breached_at.is_none() {
                        breached_at = Some(*when);
                    }
                }
                ClockEvent::Met => {
                    if let Some(since) = running_since.take() {
                        count(since, *when, target, &mut elapsed, &mut breached_at);
                    }
                    met_at = Some(*when);
                }
                ClockEvent::Reopened => {
                    met_at = None;
                    running_since = Some(*when);
                }
            }
        }
        if let Some(since) = running_since.filter(|_| met_at.is_none()) {
            count(since, at, target, &mut elapsed, &mut breached_at);
        }
        let remaining = target - elapsed;
        let warn_after = target * i32::try_from(self.warn_per_mille).unwrap_or(1000) / 1000;
        let (deadline, warn_at) = match (running_since, met_at) {
            // Overdue: the deadline is the instant it was missed, whenever it is read.
            _ if met_at.is_none() && remaining <= Duration::zero() => (breached_at, None),
            (Some(since), None) => {
                // Project from now: business time still to run, counted from `at`.
                let from = at.max(since);
                (
                    calendar.add(from, remaining.max(Duration::zero())),
                    calendar.add(from, (warn_after - elapsed).max(Duration::zero())),
                )
            }
            _ => (None, None),
        };
        let status = match met_at {
            Some(_) if remaining < Duration::zero() => ClockStatus::MetLate,
            Some(_) => ClockStatus::Met,
            None if remaining <= Duration::zero() => ClockStatus::Breached,
            None if running_since.is_none() => ClockStatus::Paused,
            None if elapsed >= warn_after => ClockStatus::Warning,
            None => ClockStatus::Running,
        };
        ClockReading {
            status,
            elapsed,
            remaining,
            deadline,
            warn_at,
        }
    }
}
