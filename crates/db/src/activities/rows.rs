//! Reading activities' rows back: names parsed, attendees attached.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::activity::{
    ActivityFields, ActivityKind, ActivityStatus, Attendee, CallLine, CallOutcome, Direction,
    Links, Priority,
};
use domain::{FieldError, OrgId};

use super::Activity;
use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, opt_id};
use crate::error::{Error, Result};
use crate::list::{KeyValue, Positioned, SortKey};
use crate::schema::{activities, activity_attendees as attendees};

#[derive(Queryable, Selectable)]
#[diesel(table_name = activities)]
pub(super) struct ActivityRow {
    id: Vec<u8>,
    kind: String,
    subject: String,
    description: Option<String>,
    account_id: Option<Vec<u8>>,
    contact_id: Option<Vec<u8>>,
    lead_id: Option<Vec<u8>>,
    opportunity_id: Option<Vec<u8>>,
    ticket_id: Option<Vec<u8>>,
    assignee_id: Vec<u8>,
    status: String,
    priority: Option<String>,
    due_at: Option<NaiveDateTime>,
    reminder_at: Option<NaiveDateTime>,
    direction: Option<String>,
    occurred_at: Option<NaiveDateTime>,
    duration_seconds: Option<i64>,
    outcome: Option<String>,
    starts_at: Option<NaiveDateTime>,
    ends_at: Option<NaiveDateTime>,
    location: Option<String>,
    pub(super) placed_at: NaiveDateTime,
    completed_at: Option<NaiveDateTime>,
    created_by: Option<Vec<u8>>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for ActivityRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Placed => KeyValue::Time(self.placed_at),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            _ => KeyValue::None,
        }
    }
}

/// A stored name read back; a bad one is the database's fault, not the caller's.
fn stored<T>(parsed: std::result::Result<T, FieldError>) -> Result<T> {
    parsed.map_err(|e| Error::Other(format!("stored activity: {e}")))
}

fn stored_opt<T>(
    raw: Option<String>,
    parse: fn(&str, &str) -> std::result::Result<T, FieldError>,
) -> Result<Option<T>> {
    raw.map(|r| stored(parse("", &r))).transpose()
}

fn time(at: Option<NaiveDateTime>) -> Option<DateTime<Utc>> {
    at.map(from_db)
}

fn to_activity(row: ActivityRow, attendees: Vec<Attendee>, call: CallLine) -> Result<Activity> {
    let fields = ActivityFields {
        kind: stored(ActivityKind::parse("", &row.kind))?,
        subject: row.subject,
        description: row.description,
        links: Links {
            account_id: opt_id(row.account_id.as_ref()),
            contact_id: opt_id(row.contact_id.as_ref()),
            lead_id: opt_id(row.lead_id.as_ref()),
            opportunity_id: opt_id(row.opportunity_id.as_ref()),
            ticket_id: opt_id(row.ticket_id.as_ref()),
        },
        assignee_id: id(&row.assignee_id),
        status: stored(ActivityStatus::parse("", &row.status))?,
        priority: stored_opt(row.priority, Priority::parse)?,
        due_at: time(row.due_at),
        reminder_at: time(row.reminder_at),
        direction: stored_opt(row.direction, Direction::parse)?,
        occurred_at: time(row.occurred_at),
        duration_seconds: row.duration_seconds,
        outcome: stored_opt(row.outcome, CallOutcome::parse)?,
        starts_at: time(row.starts_at),
        ends_at: time(row.ends_at),
        location: row.location,
        attendees,
        call,
    };
    Ok(Activity {
        id: id(&row.id),
        fields,
        completed_at: time(row.completed_at),
        created_by: opt_id(row.created_by.as_ref()),
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted: row.deleted_at.is_some(),
        version: row.version,
    })
}

type AttendeeRow = (Vec<u8>, Option<Vec<u8>>, Option<Vec<u8>>);

/// The attendees of each of `ids`, in their order.
fn attendees_of(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[Vec<u8>],
) -> Result<Vec<(Vec<u8>, Attendee)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let rows: Vec<AttendeeRow> = attendees::table
        .filter(attendees::org_id.eq(bytes(&org)))
        .filter(attendees::activity_id.eq_any(ids))
        .order((attendees::activity_id, attendees::position))
        .select((
            attendees::activity_id,
            attendees::user_id,
            attendees::contact_id,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(activity, user, contact)| {
            let attendee = match (opt_id(user.as_ref()), opt_id(contact.as_ref())) {
                (Some(u), _) => Attendee::User(u),
                (None, Some(c)) => Attendee::Contact(c),
                (None, None) => return Err(Error::Other("attendee without a person".into())),
            };
            Ok((activity, attendee))
        })
        .collect()
}

/// Turns rows into activities with their attendees and call lines, each read in one query.
pub(super) fn with_attendees(
    conn: &mut AnyConnection,
    org: OrgId,
    rows: Vec<ActivityRow>,
) -> Result<Vec<Activity>> {
    let meetings: Vec<Vec<u8>> = rows
        .iter()
        .filter(|r| r.kind == ActivityKind::Meeting.as_str())
        .map(|r| r.id.clone())
        .collect();
    let mut all = attendees_of(conn, org, &meetings)?;
    let calls: Vec<Vec<u8>> = rows
        .iter()
        .filter(|r| r.kind == ActivityKind::Call.as_str())
        .map(|r| r.id.clone())
        .collect();
    let mut lines = super::calls::lines_of(conn, org, &calls)?;
    rows.into_iter()
        .map(|row| {
            let (mine, rest): (Vec<_>, Vec<_>) = all.drain(..).partition(|(a, _)| *a == row.id);
            all = rest;
            let line = lines.remove(&row.id).unwrap_or_default();
            to_activity(row, mine.into_iter().map(|(_, a)| a).collect(), line)
        })
        .collect()
}
