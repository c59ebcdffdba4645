//! Reminders: a job per reminder still to come, which tells the assignee if it still stands.

use chrono::{DateTime, Utc};
use domain::activity::{ActivityFields, ActivityKind, ActivityStatus};
use domain::{ActivityId, OrgId};

use super::{Activity, REMIND};
use crate::connection::AnyConnection;
use crate::convert::to_db;
use crate::error::{Error, Result};
use crate::jobs::{self, NewJob};
use crate::record::Record;

/// Enqueues the reminder of `fields` if one is still to come; a job for the same activity and
/// time is enqueued once, and one whose time has since changed finds nothing to do.
pub(super) fn schedule_reminder(
    conn: &mut AnyConnection,
    org: OrgId,
    activity: ActivityId,
    fields: &ActivityFields,
    now: DateTime<Utc>,
) -> Result<()> {
    let Some(at) = fields.reminder_due(now) else {
        return Ok(());
    };
    let micros = to_db(at).and_utc().timestamp_micros();
    let job = NewJob {
        kind: REMIND,
        payload: serde_json::json!({ "activity_id": activity.to_string(), "at": micros })
            .to_string(),
        run_at: at,
        max_attempts: 5,
        dedupe_key: Some(format!("{REMIND}:{activity}:{micros}")),
    };
    jobs::enqueue(conn, org, &job, now)?;
    Ok(())
}

/// Reminds the assignee of an activity, if the reminder set for `at` (microseconds since the
/// epoch) still stands: the activity is live and open and its reminder was not moved.
pub fn remind(
    conn: &mut AnyConnection,
    org: OrgId,
    activity: ActivityId,
    at: i64,
    now: DateTime<Utc>,
) -> Result<bool> {
    let current = match Activity::read(conn, org, activity) {
        Ok(a) => a,
        Err(Error::NotFound) => return Ok(false),
        Err(e) => return Err(e),
    };
    let f = &current.fields;
    let stands = !current.deleted
        && f.status == ActivityStatus::Open
        && f.reminder_at.map(|r| r.timestamp_micros()) == Some(at);
    if stands {
        let when = match f.kind {
            ActivityKind::Meeting => f.starts_at,
            _ => f.due_at,
        };
        let message = match when {
            Some(when) => format!(
                "Reminder: {} ({} {})",
                f.subject,
                if f.kind == ActivityKind::Meeting {
                    "starts"
                } else {
                    "due"
                },
                when.format("%Y-%m-%d %H:%M UTC")
            ),
            None => format!("Reminder: {}", f.subject),
        };
        crate::notifications::notify(
            conn,
            org,
            f.assignee_id,
            "reminder",
            crate::notifications::About::Activity(activity),
            &message,
            now,
        )?;
    }
    Ok(stands)
}
