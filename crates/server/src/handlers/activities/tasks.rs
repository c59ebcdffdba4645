//! `GET /api/v1/me/tasks`: the caller's open tasks, overdue, today and upcoming.

use actix_web::web::Query;
use actix_web::{get, HttpResponse};
use api_types::activities::{MyTasks, MyTasksQuery};
use chrono::{Duration, FixedOffset, TimeZone, Utc};
use domain::activity::TaskBucket;
use domain::FieldError;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::kit::{Reply, State};

/// The widest offset from UTC a place has (UTC+14, Kiribati).
const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// My tasks.
///
/// The caller's open tasks (at most 500), soonest due first, split into those due before
/// today, today, and later or without a due time. Today is the caller's day when
/// `utc_offset_minutes` says where the caller is.
#[utoipa::path(
    tag = "activities",
    params(MyTasksQuery),
    responses((status = 200, description = "The caller's open tasks", body = MyTasks)),
)]
#[get("/me/tasks")]
pub async fn my_tasks(state: State, caller: Caller, query: Query<MyTasksQuery>) -> Reply {
    let minutes = query.utc_offset_minutes.unwrap_or(0);
    let offset = (minutes.abs() <= MAX_OFFSET_MINUTES)
        .then(|| FixedOffset::east_opt(minutes * 60))
        .flatten()
        .ok_or_else(|| {
            ApiError::InvalidParameters(vec![FieldError::new(
                "/query/utc_offset_minutes",
                "out_of_range",
                format!("must be -{MAX_OFFSET_MINUTES} to {MAX_OFFSET_MINUTES}"),
            )])
        })?;
    let now = state.now();
    let local_midnight = now
        .with_timezone(&offset)
        .date_naive()
        .and_time(Default::default());
    let day_start = offset
        .from_local_datetime(&local_midnight)
        .single()
        .map_or(now - Duration::hours(12), |d| d.with_timezone(&Utc));
    let tasks = state
        .run(caller, move |conn, p| {
            Ok(db::activities::open_tasks(conn, p.org, p.user)?)
        })
        .await?;
    let mut mine = MyTasks {
        overdue: vec![],
        today: vec![],
        upcoming: vec![],
    };
    for task in &tasks {
        let list = match TaskBucket::of(task.fields.due_at, day_start) {
            TaskBucket::Overdue => &mut mine.overdue,
            TaskBucket::Today => &mut mine.today,
            TaskBucket::Upcoming => &mut mine.upcoming,
        };
        list.push(super::body(task));
    }
    Ok(HttpResponse::Ok().json(mine))
}
