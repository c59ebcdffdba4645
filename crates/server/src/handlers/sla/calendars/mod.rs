//! `/api/v1/sla/calendars`: business calendars (admins and managers).

pub mod create;
pub mod delete;
pub mod get;
pub mod list;
pub mod restore;
pub mod update;

use api_types::sla::Calendar as CalendarBody;
use db::sla::Calendar;
use db::AnyConnection;
use domain::{OrgId, SlaCalendarId};

use super::documents;
use crate::error::ApiError;
use crate::kit::View;

impl View for Calendar {
    type Body = CalendarBody;

    /// With `policy_count`: how many live policies use the calendar.
    fn view(
        conn: &mut AnyConnection,
        org: OrgId,
        calendar: &Calendar,
    ) -> Result<CalendarBody, ApiError> {
        let counts = db::sla::policy_counts(conn, org)?;
        body(calendar, &counts)
    }

    /// The policy counts are read once for the page.
    fn view_page(
        conn: &mut AnyConnection,
        org: OrgId,
        calendars: &[Calendar],
    ) -> Result<Vec<CalendarBody>, ApiError> {
        let counts = db::sla::policy_counts(conn, org)?;
        calendars.iter().map(|c| body(c, &counts)).collect()
    }
}

/// A calendar's body, given how many live policies use each calendar.
fn body(calendar: &Calendar, counts: &[(SlaCalendarId, i64)]) -> Result<CalendarBody, ApiError> {
    let policy_count = counts
        .iter()
        .find_map(|(c, n)| (*c == calendar.id).then_some(*n))
        .unwrap_or(0);
    let document = documents::calendar_body(calendar)?;
    Ok(CalendarBody {
        id: calendar.id.to_string(),
        name: calendar.name.clone(),
        time_zone: document.time_zone,
        always_open: document.always_open,
        weekly: document.weekly,
        holidays: document.holidays,
        policy_count,
        created_at: calendar.created_at,
        updated_at: calendar.updated_at,
        deleted_at: calendar.deleted_at,
        version: calendar.version,
    })
}
