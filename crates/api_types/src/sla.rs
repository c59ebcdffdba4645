//! SLA calendars, targets and the simulation of a ticket's clocks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Patch;

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
    /// The new status, for `status_changed` (`solved`, `resolved` and `closed` end the clocks; another status after them reopens the resolution clock).
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
    /// A stored policy to try: its calendar, targets, warning threshold and pausing statuses.
    /// Give either this or the calendar and targets.
    pub policy_id: Option<String>,
    /// A stored calendar (instead of `calendar`).
    pub calendar_id: Option<String>,
    /// A business calendar given inline (instead of `calendar_id`).
    pub calendar: Option<CalendarBody>,
    /// Targets per priority (without `policy_id`).
    pub targets: Option<Vec<PriorityTargets>>,
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
    /// `paused`, `resumed`, `retargeted`, `met` or `reopened`.
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

/// A new business calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Berlin office",
    "time_zone": "Europe/Berlin",
    "weekly": [[{"start": "09:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}],
               [{"start": "09:00", "end": "17:00"}], [{"start": "09:00", "end": "17:00"}],
               [{"start": "09:00", "end": "17:00"}], [{"start": "09:00", "end": "15:00"}], [], []],
    "holidays": [{"name": "New Year's Day", "date": "2027-01-01", "yearly": true},
                 {"name": "Christmas Eve", "date": "2026-12-24", "closed": {"start": "12:00", "end": "24:00"}}]
})))]
#[serde(deny_unknown_fields)]
pub struct CreateCalendar {
    /// Its name, unique among the organization's calendars.
    pub name: String,
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

/// A change to a calendar: the fields given replace the stored ones whole; `null` resets a
/// field to empty (refused for `name` and `time_zone`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "holidays": [{"name": "Reformation Day", "date": "2026-10-31", "yearly": true}]
})))]
#[serde(deny_unknown_fields)]
pub struct UpdateCalendar {
    /// New name.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub name: Patch<String>,
    /// New time zone.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub time_zone: Patch<String>,
    /// Open around the clock.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<bool>))]
    pub always_open: Patch<bool>,
    /// The whole weekly schedule.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Vec<TimeRange>>>))]
    pub weekly: Patch<Vec<Vec<TimeRange>>>,
    /// The whole list of holidays.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<HolidayBody>>))]
    pub holidays: Patch<Vec<HolidayBody>>,
}

/// A stored business calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Calendar {
    /// Its id (`cal_…`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// IANA time zone.
    pub time_zone: String,
    /// Open around the clock.
    pub always_open: bool,
    /// Seven days, Monday first, each a list of open ranges (empty when `always_open`).
    pub weekly: Vec<Vec<TimeRange>>,
    /// Holidays.
    pub holidays: Vec<HolidayBody>,
    /// How many live policies count their clocks in it (it cannot be deleted while any do).
    pub policy_count: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was deleted, if it is.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the `ETag`.
    pub version: i64,
}

/// When a policy applies; every list left empty accepts any value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyConditionsBody {
    /// The account's tier is one of these (`platinum`, `gold`, `silver`, `bronze`).
    #[serde(default)]
    pub tiers: Vec<String>,
    /// The ticket came in through one of these channels (`email`, `phone`, `portal`…).
    #[serde(default)]
    pub channels: Vec<String>,
    /// The ticket's category is one of these.
    #[serde(default)]
    pub categories: Vec<String>,
    /// The ticket's priority is one of these.
    #[serde(default)]
    pub priorities: Vec<String>,
    /// The account has (`true`) or has not (`false`) an active service contract; absent
    /// accepts both.
    #[serde(default)]
    pub has_contract: Option<bool>,
}

/// What a policy does when one of its clocks warns or breaches, besides telling the ticket's
/// assignee and its team's lead.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyEscalation {
    /// `warning` (the clock passed its warning threshold) or `breach` (its deadline).
    pub on: String,
    /// Only this clock's event (`first_response`, `next_response`, `resolution`); any clock's
    /// when left out.
    #[serde(default)]
    pub clock: Option<String>,
    /// Raise the ticket's priority one step (urgent stays urgent); its clocks retarget.
    #[serde(default)]
    pub raise_priority: bool,
    /// Move the ticket to this team; its assignee stays only if a member, otherwise the team's
    /// routing assigns it.
    #[serde(default)]
    pub team_id: Option<String>,
    /// Tell this user.
    #[serde(default)]
    pub notify_user_id: Option<String>,
}

/// A new SLA policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "name": "Platinum support",
    "description": "Platinum accounts with a contract",
    "calendar_id": "cal_01JDQ2ZK7C5V8Y3T9W4X6R1M2N",
    "conditions": {"tiers": ["platinum"], "has_contract": true},
    "targets": [
        {"priority": "urgent", "first_response_minutes": 30, "next_response_minutes": 60, "resolution_minutes": 240},
        {"priority": "high", "first_response_minutes": 60, "next_response_minutes": 120, "resolution_minutes": 480}
    ],
    "warning_percent": 75,
    "pausing_statuses": ["pending", "on_hold"]
})))]
#[serde(deny_unknown_fields)]
pub struct CreatePolicy {
    /// Its name, unique among the organization's policies.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// The calendar its clocks count business time in.
    pub calendar_id: String,
    /// Where it comes in the evaluation order, from 0 (default: last).
    pub position: Option<i64>,
    /// When it applies (default: always).
    #[serde(default)]
    pub conditions: PolicyConditionsBody,
    /// Targets per priority; at least one.
    pub targets: Vec<PriorityTargets>,
    /// Warn when this share of a target has passed (default 75).
    pub warning_percent: Option<i64>,
    /// Statuses that stop the clocks (default `pending` and `on_hold`).
    pub pausing_statuses: Option<Vec<String>>,
    /// What happens when a clock warns or breaches (at most 10; default none).
    #[serde(default)]
    pub escalations: Vec<PolicyEscalation>,
}

/// A change to a policy: the fields given replace the stored ones whole; `null` resets a field
/// to its default (refused for `name`, `calendar_id` and `targets`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"position": 0, "warning_percent": 80})))]
#[serde(deny_unknown_fields)]
pub struct UpdatePolicy {
    /// New name.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub name: Patch<String>,
    /// New description.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    /// Another calendar.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub calendar_id: Patch<String>,
    /// A new place in the evaluation order, from 0; the policies in between move by one.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub position: Patch<i64>,
    /// New conditions.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PolicyConditionsBody>))]
    pub conditions: Patch<PolicyConditionsBody>,
    /// New targets.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<PriorityTargets>>))]
    pub targets: Patch<Vec<PriorityTargets>>,
    /// New warning threshold.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub warning_percent: Patch<i64>,
    /// New pausing statuses.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<String>>))]
    pub pausing_statuses: Patch<Vec<String>>,
    /// New escalations, replacing the stored ones.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<PolicyEscalation>>))]
    pub escalations: Patch<Vec<PolicyEscalation>>,
}

/// A stored SLA policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Policy {
    /// Its id (`slapol_…`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// The calendar its clocks count business time in.
    pub calendar_id: String,
    /// Its place in the evaluation order, from 0 (`-1` while deleted): the first policy whose
    /// conditions hold applies.
    pub position: i64,
    /// When it applies.
    pub conditions: PolicyConditionsBody,
    /// Targets per priority, lowest priority first.
    pub targets: Vec<PriorityTargets>,
    /// Warn when this share of a target has passed.
    pub warning_percent: i64,
    /// Statuses that stop the clocks.
    pub pausing_statuses: Vec<String>,
    /// What happens when a clock warns or breaches.
    pub escalations: Vec<PolicyEscalation>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was deleted, if it is.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Increases with every change; the `ETag`.
    pub version: i64,
}
