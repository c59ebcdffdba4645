//! `/api/v1/sla/calendars`: business calendars (admins and managers).

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod restore;
pub mod update;

use api_types::sla::Calendar;

use super::documents;
use crate::error::ApiError;

/// A stored calendar as a response body; `policy_count` is how many live policies use it.
pub fn view(calendar: &db::sla::Calendar, policy_count: i64) -> Result<Calendar, ApiError> {
    let body = documents::calendar_body(calendar)?;
    Ok(Calendar {
        id: calendar.id.to_string(),
        name: calendar.name.clone(),
        time_zone: body.time_zone,
        always_open: body.always_open,
        weekly: body.weekly,
        holidays: body.holidays,
        policy_count,
        created_at: calendar.created_at,
        updated_at: calendar.updated_at,
        deleted_at: calendar.deleted_at,
        version: calendar.version,
    })
}

/// How many live policies use `calendar`.
pub fn policy_count(
    conn: &mut db::AnyConnection,
    org: domain::OrgId,
    calendar: domain::SlaCalendarId,
) -> Result<i64, ApiError> {
    Ok(db::sla::policy_counts(conn, org)?
        .into_iter()
        .find_map(|(c, n)| (c == calendar).then_some(n))
        .unwrap_or(0))
}
