//! Activities, record timelines, my tasks and the calendar feed.

use api_types::activities::{
    Activity, CalendarFeed, CreateActivity, MyTasks, Timeline, UpdateActivity,
};

use super::{call, get, ApiError, Session};

/// One page of the timeline of the record at `/api/v1/{path}/{id}`, of the entry kinds in
/// `kinds` (comma-separated; all when blank), after `cursor`.
pub async fn timeline(
    session: &Session,
    path: &str,
    id: &str,
    kinds: &str,
    cursor: Option<&str>,
) -> Result<Timeline, ApiError> {
    let mut url = format!("/api/v1/{path}/{id}/timeline?limit=20");
    if !kinds.is_empty() {
        url.push_str(&format!("&kind={kinds}"));
    }
    if let Some(cursor) = cursor {
        url.push_str(&format!("&cursor={cursor}"));
    }
    Ok(get(session, &url).await?.body)
}

/// Writes an activity down.
pub async fn create(session: &Session, body: &CreateActivity) -> Result<Activity, ApiError> {
    Ok(
        call(session, "POST", "/api/v1/activities", Some(body), None)
            .await?
            .body,
    )
}

/// Marks an activity done (or open again), if it is still at the version shown.
pub async fn set_status(
    session: &Session,
    activity: &Activity,
    status: &str,
) -> Result<Activity, ApiError> {
    let path = format!("/api/v1/activities/{}", activity.id);
    let change = UpdateActivity {
        status: Some(status.to_owned()),
        ..UpdateActivity::default()
    };
    let etag = format!("\"{}\"", activity.version);
    Ok(call(session, "PATCH", &path, Some(&change), Some(&etag))
        .await?
        .body)
}

/// The signed-in user's open tasks in their own day.
pub async fn my_tasks(session: &Session) -> Result<MyTasks, ApiError> {
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    let path = format!("/api/v1/me/tasks?utc_offset_minutes={offset}");
    Ok(get(session, &path).await?.body)
}

/// A new calendar feed address for the signed-in user (the old one stops working).
pub async fn new_calendar_feed(session: &Session) -> Result<CalendarFeed, ApiError> {
    Ok(call(
        session,
        "POST",
        "/api/v1/me/calendar-feed",
        None::<&()>,
        None,
    )
    .await?
    .body)
}

/// Stops the signed-in user's calendar feed.
pub async fn stop_calendar_feed(session: &Session) -> Result<(), ApiError> {
    call::<serde_json::Value>(
        session,
        "DELETE",
        "/api/v1/me/calendar-feed",
        None::<&()>,
        None,
    )
    .await?;
    Ok(())
}
