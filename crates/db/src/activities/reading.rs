//! Lists of activities: filtered pages, my tasks, a calendar's span, a timeline's share.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::activity::{ActivityKind, ActivityStatus, Links};
use domain::{OrgId, UserId};

use super::rows::{with_attendees, ActivityRow};
use super::Activity;
use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, to_db};
use crate::error::Result;
use crate::list::{self, ListParams, Page};
use crate::schema::{activities, activity_attendees as attendees};
use crate::timeline::Subject;

/// Which activities a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    /// Of this kind.
    pub kind: Option<ActivityKind>,
    /// In this state.
    pub status: Option<ActivityStatus>,
    /// Assigned to this user.
    pub assignee_id: Option<UserId>,
    /// On these records (each given one must match).
    pub links: Links,
    /// Due from (inclusive).
    pub due_from: Option<DateTime<Utc>>,
    /// Due before.
    pub due_to: Option<DateTime<Utc>>,
}

/// One page of activities.
pub fn list(
    conn: &mut AnyConnection,
    org: OrgId,
    filter: ActivityFilter,
    params: &ListParams,
) -> Result<Page<Activity>> {
    let query = || {
        let mut q = activities::table
            .filter(activities::org_id.eq(bytes(&org)))
            .select(ActivityRow::as_select())
            .into_boxed();
        if let Some(kind) = filter.kind {
            q = q.filter(activities::kind.eq(kind.as_str()));
        }
        if let Some(status) = filter.status {
            q = q.filter(activities::status.eq(status.as_str()));
        }
        if let Some(user) = filter.assignee_id {
            q = q.filter(activities::assignee_id.eq(bytes(&user)));
        }
        let l = filter.links;
        if let Some(a) = l.account_id {
            q = q.filter(activities::account_id.eq(bytes(&a)));
        }
        if let Some(c) = l.contact_id {
            q = q.filter(activities::contact_id.eq(bytes(&c)));
        }
        if let Some(x) = l.lead_id {
            q = q.filter(activities::lead_id.eq(bytes(&x)));
        }
        if let Some(o) = l.opportunity_id {
            q = q.filter(activities::opportunity_id.eq(bytes(&o)));
        }
        if let Some(t) = l.ticket_id {
            q = q.filter(activities::ticket_id.eq(bytes(&t)));
        }
        if let Some(from) = filter.due_from {
            q = q.filter(activities::due_at.ge(to_db(from)));
        }
        if let Some(to) = filter.due_to {
            q = q.filter(activities::due_at.lt(to_db(to)));
        }
        q
    };
    let page = list::load_page::<Activity, _, _>(conn, query, None, params)?;
    let items = with_attendees(conn, org, page.items)?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
        total: page.total,
    })
}

/// The most open tasks "my tasks" shows.
pub const MY_TASKS_LIMIT: i64 = 500;

/// A user's open tasks, soonest due first (those without a due time last).
pub fn open_tasks(conn: &mut AnyConnection, org: OrgId, user: UserId) -> Result<Vec<Activity>> {
    let rows: Vec<ActivityRow> = activities::table
        .filter(activities::org_id.eq(bytes(&org)))
        .filter(activities::assignee_id.eq(bytes(&user)))
        .filter(activities::status.eq(ActivityStatus::Open.as_str()))
        .filter(activities::kind.eq(ActivityKind::Task.as_str()))
        .filter(activities::deleted_at.is_null())
        .order((activities::due_at.is_null(), activities::due_at.asc()))
        .limit(MY_TASKS_LIMIT)
        .select(ActivityRow::as_select())
        .load(conn)?;
    with_attendees(conn, org, rows)
}

/// The user's meetings (as runner or attendee) and due tasks between `from` and `to`, for a
/// calendar feed; cancelled ones left out.
pub fn calendar(
    conn: &mut AnyConnection,
    org: OrgId,
    user: UserId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Activity>> {
    let attending = attendees::table
        .filter(attendees::org_id.eq(bytes(&org)))
        .filter(attendees::user_id.eq(bytes(&user)))
        .select(attendees::activity_id);
    let rows: Vec<ActivityRow> = activities::table
        .filter(activities::org_id.eq(bytes(&org)))
        .filter(
            activities::assignee_id
                .eq(bytes(&user))
                .or(activities::id.eq_any(attending)),
        )
        .filter(
            activities::kind.eq_any([ActivityKind::Meeting.as_str(), ActivityKind::Task.as_str()]),
        )
        .filter(activities::status.ne(ActivityStatus::Cancelled.as_str()))
        .filter(activities::deleted_at.is_null())
        .filter(activities::placed_at.ge(to_db(from)))
        .filter(activities::placed_at.lt(to_db(to)))
        .order(activities::placed_at.asc())
        .limit(2_000)
        .select(ActivityRow::as_select())
        .load(conn)?;
    with_attendees(conn, org, rows)
}

/// The live activities on `subject`'s timeline of `kinds` (all when empty), newest first,
/// strictly before `span.0` or exactly at `span.1` when given, with their places.
pub(crate) fn on_timeline(
    conn: &mut AnyConnection,
    org: OrgId,
    subject: Subject,
    kinds: &[ActivityKind],
    span: (Option<NaiveDateTime>, Option<NaiveDateTime>),
    limit: i64,
) -> Result<Vec<(DateTime<Utc>, Activity)>> {
    let mut q = activities::table
        .filter(activities::org_id.eq(bytes(&org)))
        .filter(activities::deleted_at.is_null())
        .select(ActivityRow::as_select())
        .into_boxed();
    q = match subject {
        Subject::Account(a) => q.filter(activities::rollup_account_id.eq(bytes(&a))),
        // A contact's timeline holds the meetings it attends too.
        Subject::Contact(c) => {
            let attending = attendees::table
                .filter(attendees::org_id.eq(bytes(&org)))
                .filter(attendees::contact_id.eq(bytes(&c)))
                .select(attendees::activity_id);
            q.filter(
                activities::contact_id
                    .eq(bytes(&c))
                    .or(activities::id.eq_any(attending)),
            )
        }
        Subject::Lead(l) => q.filter(activities::lead_id.eq(bytes(&l))),
        Subject::Opportunity(o) => q.filter(activities::opportunity_id.eq(bytes(&o))),
        Subject::Ticket(t) => q.filter(activities::ticket_id.eq(bytes(&t))),
    };
    if !kinds.is_empty() {
        q = q.filter(activities::kind.eq_any(kinds.iter().map(|k| k.as_str())));
    }
    if let Some(before) = span.0 {
        q = q.filter(activities::placed_at.lt(before));
    }
    if let Some(at) = span.1 {
        q = q.filter(activities::placed_at.eq(at));
    }
    let rows: Vec<ActivityRow> = q
        .order((activities::placed_at.desc(), activities::id.desc()))
        .limit(limit)
        .load(conn)?;
    let places: Vec<DateTime<Utc>> = rows.iter().map(|r| from_db(r.placed_at)).collect();
    Ok(places
        .into_iter()
        .zip(with_attendees(conn, org, rows)?)
        .collect())
}
