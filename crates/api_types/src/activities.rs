//! Activities (tasks, calls, meetings, logged emails), record timelines, "my tasks" and the
//! calendar feed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::notes::Note;
use crate::patch::Patch;

/// Someone at a meeting: a user or a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendeeBody {
    /// A colleague (`usr_…`); give this or `contact_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// A customer's contact (`con_…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
}

/// A task, call, meeting or logged email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    /// Its id (`act_…`).
    pub id: String,
    /// task, call, meeting or email.
    pub kind: String,
    /// What it is about.
    pub subject: String,
    /// Notes, the email's text, the agenda.
    pub description: Option<String>,
    /// The account it is on.
    pub account_id: Option<String>,
    /// The contact it is on.
    pub contact_id: Option<String>,
    /// The lead it is on.
    pub lead_id: Option<String>,
    /// The opportunity it is on.
    pub opportunity_id: Option<String>,
    /// The ticket it is on.
    pub ticket_id: Option<String>,
    /// Who does it, made the call, or runs the meeting.
    pub assignee_id: String,
    /// open, done or cancelled (calls and emails are done).
    pub status: String,
    /// low, normal or high (tasks).
    pub priority: Option<String>,
    /// When it is due (tasks).
    pub due_at: Option<DateTime<Utc>>,
    /// When the assignee is reminded (tasks and meetings).
    pub reminder_at: Option<DateTime<Utc>>,
    /// inbound or outbound (calls and emails).
    pub direction: Option<String>,
    /// When it took place (calls and emails).
    pub occurred_at: Option<DateTime<Utc>>,
    /// How long, in seconds (calls).
    pub duration_seconds: Option<i64>,
    /// connected, left_voicemail, no_answer, busy or wrong_number (calls).
    pub outcome: Option<String>,
    /// When it starts (meetings).
    pub starts_at: Option<DateTime<Utc>>,
    /// When it ends (meetings).
    pub ends_at: Option<DateTime<Utc>>,
    /// Where (meetings).
    pub location: Option<String>,
    /// Who comes (meetings).
    pub attendees: Vec<AttendeeBody>,
    /// Where it sits on timelines: a task's due time, a call's or email's time, a meeting's
    /// start; else when it was written down.
    pub at: DateTime<Utc>,
    /// When it was marked done.
    pub completed_at: Option<DateTime<Utc>>,
    /// Who wrote it down.
    pub created_by: Option<String>,
    /// When it was written down.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Whether it is in the trash.
    pub deleted: bool,
    /// Increases with every change; the ETag carries it.
    pub version: i64,
}

/// A new activity: its kind, a subject, at least one record it is on, and the fields of its
/// kind (a field of another kind is refused).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "call", "subject": "Discussed the renewal", "contact_id": "con_0V3R8J3GQ8B7B2C9XW6T0Y1Z2A",
    "direction": "outbound", "duration_seconds": 540, "outcome": "connected"
})))]
#[serde(deny_unknown_fields)]
pub struct CreateActivity {
    /// task, call, meeting or email.
    pub kind: String,
    /// What it is about (1 to 200 characters).
    pub subject: String,
    /// Notes, the email's text, the agenda.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The account it is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The contact it is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// The lead it is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
    /// The opportunity it is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<String>,
    /// The ticket it is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<String>,
    /// Who does it (default: the caller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<String>,
    /// open (default for tasks and meetings), done or cancelled; calls and emails are done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// low, normal (default) or high (tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// When it is due (tasks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<DateTime<Utc>>,
    /// When to remind the assignee (tasks and meetings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder_at: Option<DateTime<Utc>>,
    /// inbound or outbound (calls and emails; required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// When it took place (calls and emails; default: now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<DateTime<Utc>>,
    /// How long, in seconds (calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i64>,
    /// How it went (calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// When it starts (meetings; required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<Utc>>,
    /// When it ends (meetings; required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<Utc>>,
    /// Where (meetings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Who comes (meetings), each once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees: Option<Vec<AttendeeBody>>,
}

/// A change to an activity: the fields given replace the stored ones; `null` clears an
/// optional one. The kind stays.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "done"})))]
#[serde(deny_unknown_fields)]
pub struct UpdateActivity {
    /// What it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub description: Patch<String>,
    /// The account it is on.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub account_id: Patch<String>,
    /// The contact it is on.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub contact_id: Patch<String>,
    /// The lead it is on.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub lead_id: Patch<String>,
    /// The opportunity it is on.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub opportunity_id: Patch<String>,
    /// The ticket it is on.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub ticket_id: Patch<String>,
    /// Who does it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<String>,
    /// open, done or cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// low, normal or high.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub priority: Patch<String>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DateTime<Utc>>))]
    pub due_at: Patch<DateTime<Utc>>,
    /// When to remind the assignee.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<DateTime<Utc>>))]
    pub reminder_at: Patch<DateTime<Utc>>,
    /// inbound or outbound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// When it took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<DateTime<Utc>>,
    /// How long, in seconds.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub duration_seconds: Patch<i64>,
    /// How it went.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub outcome: Patch<String>,
    /// When it starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<Utc>>,
    /// When it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<Utc>>,
    /// Where.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub location: Patch<String>,
    /// Who comes; replaces the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees: Option<Vec<AttendeeBody>>,
}

/// The activity list's own filters, beside [`crate::ListQuery`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ActivityFilters {
    /// task, call, meeting or email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// open, done or cancelled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Assigned to this user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<String>,
    /// On this account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// On this contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<String>,
    /// On this lead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
    /// On this opportunity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<String>,
    /// On this ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<String>,
    /// Due at or after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_from: Option<DateTime<Utc>>,
    /// Due before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_to: Option<DateTime<Utc>>,
}

/// Which part of a timeline to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TimelineQuery {
    /// Only these kinds, comma-separated: task, call, meeting, email, note, stage_change,
    /// ticket_event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Entries per page, 1 to 100 (default 25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// A deal entering a stage, on a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineStageChange {
    /// The opportunity.
    pub opportunity_id: String,
    /// Its name.
    pub opportunity_name: String,
    /// The stage it left.
    pub from_stage_name: Option<String>,
    /// The stage it entered.
    pub to_stage_name: String,
    /// Why it closed.
    pub reason: Option<String>,
}

/// Something that happened to a ticket, on a timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineTicketEvent {
    /// The ticket.
    pub ticket_id: String,
    /// Its number.
    pub ticket_number: i64,
    /// Its subject.
    pub ticket_subject: String,
    /// What happened, e.g. created, status_changed, replied.
    pub event: String,
    /// The details.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}

/// One entry of a record's timeline; exactly one of `activity`, `note`, `stage_change` and
/// `ticket_event` is set, as `kind` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// task, call, meeting, email, note, stage_change or ticket_event.
    pub kind: String,
    /// When it happened (or is to).
    pub at: DateTime<Utc>,
    /// Who did it, when a user did.
    pub actor_id: Option<String>,
    /// The activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Box<Activity>>,
    /// The note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
    /// The stage change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_change: Option<TimelineStageChange>,
    /// The ticket event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_event: Option<TimelineTicketEvent>,
}

/// A page of a timeline, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timeline {
    /// The entries.
    pub items: Vec<TimelineEntry>,
    /// Pass as `cursor` for the next page; none on the last.
    pub next_cursor: Option<String>,
}

/// The caller's open tasks by when they are due, in the caller's day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyTasks {
    /// Due before today.
    pub overdue: Vec<Activity>,
    /// Due today.
    pub today: Vec<Activity>,
    /// Due later, or without a due time.
    pub upcoming: Vec<Activity>,
}

/// How "my tasks" draws the line of today.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct MyTasksQuery {
    /// The caller's offset from UTC in minutes (e.g. 60 for Central European Time), so
    /// "today" is the caller's day; default 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc_offset_minutes: Option<i32>,
}

/// A private calendar feed address, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    /// The address to subscribe to (iCalendar); anyone holding it sees the user's meetings
    /// and tasks, so it is shown only now. Asking again replaces it.
    pub url: String,
}
