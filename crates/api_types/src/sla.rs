//! SLA calendars, targets and the simulation of a ticket's clocks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A span of a day in local wall-clock time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TimeRange {
    /// `HH:MM`, e.g. `09:00`.
    pub start: String,
    /// `HH:MM`, up to `24:00`.
    pub end: String,
}

/// A holiday: a whole or partial day without business hours, once or every year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HolidayBody {
    /// Its name.
    pub name: String,
    /// `YYYY-MM-DD`; with `yearly` only the month and day count.
    pub date: String,
    /// Every year on the same month and day.
    #[serde(default)]
    pub yearly: bool,
    /// The closed part of the day; absent closes the whole day.
    pub closed: Option<TimeRange>,
}

/// A business calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "time_zone": "Europe/Berlin",
    "weekly": [[{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
               [{"start": "09:00", "end": "17:00"}], [{"start": "09:00", "end": "17:00"}],
               [{"start": "09:00", "end": "17:00"}], [{"start": "09:00", "end": "15:00"}], [], []],
    "holidays": [{"name": "New Year's Day", "date": "2027-01-01", "yearly": true}]
})))]
#[serde(deny_unknown_fields)]
pub struct CalendarBody {
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// Open around the clock; `weekly` is then ignored.
    #[serde(default)]
    pub always_open: bool,
    /// Seven days, Monday first, each a list of open ranges.
    #[serde(default)]
    pub weekly: Vec<Vec<TimeRange>>,
    /// Holidays.
    #[serde(default)]
    pub holidays: Vec<HolidayBody>,
}

/// Targets for one priority, in business minutes; absent means no clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PriorityTargets {
    /// low, normal, high or urgent.
    pub priority: String,
    /// First agent reply.
    pub first_response_minutes: Option<i64>,
    /// Agent reply after each customer message.
    pub next_response_minutes: Option<i64>,
    /// Resolution.
    pub resolution_minutes: Option<i64>,
}

/// Something that happens to the simulated ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SimulatedEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// `status_changed`, `priority_changed`, `agent_replied` or `customer_replied`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// The new status, for `status_changed` (`resolved` and `closed` end the clocks).
    pub status: Option<String>,
    /// The new priority, for `priority_changed`.
    pub priority: Option<String>,
}

/// A policy and a ticket's life to try it on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "calendar": {"time_zone": "Europe/Berlin", "weekly": [[{"start": "09:00", "end": "17:00"}], [{"start": "09:00", "end": "17:00"}],
        [{"start": "09:00", "end": "17:00"}], [{"start": "09:00", "end": "17:00"}], [{"start": "09:00", "end": "17:00"}], [], []]},
    "targets": [{"priority": "high", "first_response_minutes": 60, "next_response_minutes": 120, "resolution_minutes": 480}],
    "priority": "high",
    "opened_at": "2026-11-20T15:30:00Z",
    "events": [{"at": "2026-11-23T08:15:00Z", "type": "agent_replied"},
               {"at": "2026-11-23T08:20:00Z", "type": "status_changed", "status": "pending"}]
})))]
#[serde(deny_unknown_fields)]
pub struct SimulateRequest {
    /// The business calendar.
    pub calendar: CalendarBody,
    /// Targets per priority.
    pub targets: Vec<PriorityTargets>,
    /// Warn when this share of a target has passed (default 75).
    pub warning_percent: Option<i64>,
    /// Statuses that stop the clocks (default `pending` and `on_hold`).
    pub pausing_statuses: Option<Vec<String>>,
    /// The ticket's priority when opened.
    pub priority: String,
    /// When the ticket was opened.
    pub opened_at: DateTime<Utc>,
    /// What happens to it, in time order.
    #[serde(default)]
    pub events: Vec<SimulatedEvent>,
    /// The instant to read the clocks at (default: the last event, or the opening).
    pub as_of: Option<DateTime<Utc>>,
}

/// One entry of a clock's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockTimelineEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// `paused`, `resumed`, `retargeted` or `met`.
    pub event: String,
    /// The new target, for `retargeted`.
    pub target_minutes: Option<i64>,
}

/// A clock of the simulated ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockBody {
    /// `first_response`, `next_response` or `resolution`.
    pub kind: String,
    /// `running`, `warning`, `paused`, `breached`, `met` or `met_late`.
    pub status: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Its (last) target in business minutes.
    pub target_minutes: i64,
    /// Business seconds counted.
    pub elapsed_seconds: i64,
    /// Business seconds left; negative when overdue.
    pub remaining_seconds: i64,
    /// When it breaches if it keeps running; absent while paused or met.
    pub deadline: Option<DateTime<Utc>>,
    /// When it reaches the warning threshold if it keeps running.
    pub warn_at: Option<DateTime<Utc>>,
    /// What happened to it.
    pub timeline: Vec<ClockTimelineEntry>,
}

/// The clocks of the simulated ticket, read at `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimulateResponse {
    /// The instant the clocks were read at.
    pub as_of: DateTime<Utc>,
    /// Every clock, in the order they started.
    pub clocks: Vec<ClockBody>,
}
