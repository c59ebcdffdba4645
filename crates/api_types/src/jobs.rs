//! Background jobs, as admins see them, and the user's notifications.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A background job.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Job {
    /// The job's id (`job_…`).
    pub id: String,
    /// What it does, e.g. `ticket.auto_close`.
    pub kind: String,
    /// Its input.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: serde_json::Value,
    /// `queued`, `running`, `done`, `dead` (out of attempts) or `cancelled`.
    pub status: String,
    /// When it is (or was) due.
    pub run_at: DateTime<Utc>,
    /// How often it was started.
    pub attempts: i64,
    /// How often it may be started.
    pub max_attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was enqueued.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// Paging and the status filter of the job list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct JobQuery {
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only jobs in this status.
    pub status: Option<String>,
}

/// Something a user is told.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// The notification's id (`ntf_…`).
    pub id: String,
    /// `assigned`, `mentioned`, `sla_warning`, `sla_breached`, `lead_assigned` or
    /// `reminder`.
    pub kind: String,
    /// The ticket it is about.
    pub ticket_id: Option<String>,
    /// The lead it is about.
    pub lead_id: Option<String>,
    /// The task or meeting a reminder is about.
    #[serde(default)]
    pub activity_id: Option<String>,
    /// What happened.
    pub message: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When it was read.
    pub read_at: Option<DateTime<Utc>>,
}

/// Paging and filters of the notification list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// Page size, 1 to 100 (default 25).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Only the unread ones.
    pub unread: Option<bool>,
    /// Also count every match (`total`): with `unread=true`, the unread count.
    pub count: Option<bool>,
}

/// Which notifications to mark read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"all": true})))]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// These notifications (at most 100).
    #[serde(default)]
    pub ids: Vec<String>,
    /// All of the caller's notifications.
    #[serde(default)]
    pub all: bool,
}

/// How many notifications were marked read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Marked {
    /// The number that were unread before.
    pub marked: u64,
}
