//! Activities: tasks, calls, meetings and logged emails on accounts, contacts, leads, deals
//! and tickets, with a meeting's attendees and a reminder job for each reminder still to come.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::activity::{
    ActivityFields, ActivityStatus, Attendee, CallOutcome, Direction, Links, Priority,
};
use domain::id::kind;
use domain::{AccountId, ActivityId, OrgId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, id, to_db};
use crate::error::{Error, Result};
use crate::list::{SortKey, Sorts};
use crate::record::{at_version, Record, Store};
use crate::references::{self, Reference};
use crate::schema::{activities, activity_attendees as attendees};

mod calls;
mod reading;
mod reminders;
mod rows;

pub use calls::{mark_reported, reported, Call};

pub(crate) use reading::on_timeline;
pub use reading::{calendar, list, open_tasks, ActivityFilter, MY_TASKS_LIMIT};
pub use reminders::remind;
use reminders::schedule_reminder;
use rows::{with_attendees, ActivityRow};

/// The job that reminds an assignee of an activity.
pub const REMIND: &str = "activity.remind";

/// A stored activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// Its id.
    pub id: ActivityId,
    /// What it says.
    pub fields: ActivityFields,
    /// When it was marked done.
    pub completed_at: Option<DateTime<Utc>>,
    /// Who wrote it down.
    pub created_by: Option<UserId>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted: bool,
    /// Version.
    pub version: i64,
}

/// Activities are listed by their place on the timeline, latest first.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("at", SortKey::Placed),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Placed, true),
};

impl Record for Activity {
    type Kind = kind::Activity;
    const TABLE: &'static str = "activities";

    fn read(conn: &mut AnyConnection, org: OrgId, activity: ActivityId) -> Result<Self> {
        let row: ActivityRow = activities::table
            .filter(activities::org_id.eq(bytes(&org)))
            .filter(activities::id.eq(bytes(&activity)))
            .select(ActivityRow::as_select())
            .first(conn)?;
        with_attendees(conn, org, vec![row])?
            .pop()
            .ok_or(Error::NotFound)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted
    }
}

/// Checks the records and people `fields` name that `before` did not: each must be a live
/// record of the organization (users: any of its users).
fn check_references(
    conn: &mut AnyConnection,
    org: OrgId,
    before: Option<&ActivityFields>,
    fields: &ActivityFields,
) -> Result<()> {
    let old = before.map(|b| b.links).unwrap_or_default();
    let new = fields.links;
    let mut refs = Vec::new();
    let mut add = |changed: bool, reference: Option<Reference>| {
        if let Some(r) = reference.filter(|_| changed) {
            refs.push(r);
        }
    };
    add(
        old.account_id != new.account_id,
        new.account_id
            .map(|a| Reference::live("account_id", "accounts", &a)),
    );
    add(
        old.contact_id != new.contact_id,
        new.contact_id
            .map(|c| Reference::live("contact_id", "contacts", &c)),
    );
    add(
        old.lead_id != new.lead_id,
        new.lead_id.map(|l| Reference::live("lead_id", "leads", &l)),
    );
    add(
        old.opportunity_id != new.opportunity_id,
        new.opportunity_id
            .map(|o| Reference::live("opportunity_id", "opportunities", &o)),
    );
    add(
        old.ticket_id != new.ticket_id,
        new.ticket_id
            .map(|t| Reference::live("ticket_id", "tickets", &t)),
    );
    add(
        before.is_none_or(|b| b.assignee_id != fields.assignee_id),
        Some(Reference::any("assignee_id", "users", &fields.assignee_id)),
    );
    let known = before.map(|b| b.attendees.as_slice()).unwrap_or_default();
    for attendee in fields.attendees.iter().filter(|a| !known.contains(a)) {
        refs.push(match attendee {
            Attendee::User(u) => Reference::any("attendees", "users", u),
            Attendee::Contact(c) => Reference::live("attendees", "contacts", c),
        });
    }
    references::check(conn, org, &refs)
}

/// The account whose timeline shows the activity: its own, else its contact's, deal's or
/// ticket's.
fn rollup_account(
    conn: &mut AnyConnection,
    org: OrgId,
    links: &Links,
) -> Result<Option<AccountId>> {
    use crate::schema::{contacts, opportunities, tickets};
    if links.account_id.is_some() {
        return Ok(links.account_id);
    }
    let o = bytes(&org);
    let found: Option<Option<Vec<u8>>> = if let Some(c) = links.contact_id {
        contacts::table
            .filter(contacts::org_id.eq(&o))
            .filter(contacts::id.eq(bytes(&c)))
            .select(contacts::account_id)
            .first(conn)
            .optional()?
    } else if let Some(d) = links.opportunity_id {
        opportunities::table
            .filter(opportunities::org_id.eq(&o))
            .filter(opportunities::id.eq(bytes(&d)))
            .select(opportunities::account_id.nullable())
            .first(conn)
            .optional()?
    } else if let Some(t) = links.ticket_id {
        tickets::table
            .filter(tickets::org_id.eq(&o))
            .filter(tickets::id.eq(bytes(&t)))
            .select(tickets::account_id)
            .first(conn)
            .optional()?
    } else {
        None
    };
    Ok(found.flatten().map(|a| id(&a)))
}

/// The columns a write sets from the fields.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = activities, treat_none_as_null = true)]
struct ActivityValues<'a> {
    kind: &'static str,
    subject: &'a str,
    description: Option<&'a str>,
    account_id: Option<Vec<u8>>,
    contact_id: Option<Vec<u8>>,
    lead_id: Option<Vec<u8>>,
    opportunity_id: Option<Vec<u8>>,
    ticket_id: Option<Vec<u8>>,
    rollup_account_id: Option<Vec<u8>>,
    assignee_id: Vec<u8>,
    status: &'static str,
    priority: Option<&'static str>,
    due_at: Option<NaiveDateTime>,
    reminder_at: Option<NaiveDateTime>,
    direction: Option<&'static str>,
    occurred_at: Option<NaiveDateTime>,
    duration_seconds: Option<i64>,
    outcome: Option<&'static str>,
    starts_at: Option<NaiveDateTime>,
    ends_at: Option<NaiveDateTime>,
    location: Option<&'a str>,
}

impl<'a> ActivityValues<'a> {
    fn new(f: &'a ActivityFields, rollup: Option<AccountId>) -> Self {
        ActivityValues {
            kind: f.kind.as_str(),
            subject: &f.subject,
            description: f.description.as_deref(),
            account_id: f.links.account_id.as_ref().map(bytes),
            contact_id: f.links.contact_id.as_ref().map(bytes),
            lead_id: f.links.lead_id.as_ref().map(bytes),
            opportunity_id: f.links.opportunity_id.as_ref().map(bytes),
            ticket_id: f.links.ticket_id.as_ref().map(bytes),
            rollup_account_id: rollup.as_ref().map(bytes),
            assignee_id: bytes(&f.assignee_id),
            status: f.status.as_str(),
            priority: f.priority.map(Priority::as_str),
            due_at: f.due_at.map(to_db),
            reminder_at: f.reminder_at.map(to_db),
            direction: f.direction.map(Direction::as_str),
            occurred_at: f.occurred_at.map(to_db),
            duration_seconds: f.duration_seconds,
            outcome: f.outcome.map(CallOutcome::as_str),
            starts_at: f.starts_at.map(to_db),
            ends_at: f.ends_at.map(to_db),
            location: f.location.as_deref(),
        }
    }
}

/// Writes the activity's attendees anew.
fn write_attendees(
    conn: &mut AnyConnection,
    org: OrgId,
    activity: ActivityId,
    list: &[Attendee],
) -> Result<()> {
    diesel::delete(attendees::table)
        .filter(attendees::org_id.eq(bytes(&org)))
        .filter(attendees::activity_id.eq(bytes(&activity)))
        .execute(conn)?;
    for (position, attendee) in list.iter().enumerate() {
        let (user, contact) = match attendee {
            Attendee::User(u) => (Some(bytes(u)), None),
            Attendee::Contact(c) => (None, Some(bytes(c))),
        };
        diesel::insert_into(attendees::table)
            .values((
                attendees::org_id.eq(bytes(&org)),
                attendees::activity_id.eq(bytes(&activity)),
                attendees::position.eq(position as i64),
                attendees::user_id.eq(user),
                attendees::contact_id.eq(contact),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// When an activity is done: kept from before while it stays done, now when it becomes so.
fn completed_at(
    before: Option<&Activity>,
    fields: &ActivityFields,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    match (fields.status, before) {
        (ActivityStatus::Done, Some(b)) if b.fields.status == ActivityStatus::Done => {
            b.completed_at
        }
        (ActivityStatus::Done, _) => Some(now),
        _ => None,
    }
}

impl Store for Activity {
    type Fields = ActivityFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &ActivityFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        check_references(conn, org, Some(&current.fields), fields)?;
        let values = ActivityValues::new(fields, rollup_account(conn, org, &fields.links)?);
        let changed = diesel::update(activities::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                values,
                activities::placed_at.eq(to_db(fields.placed_at(current.created_at))),
                activities::completed_at.eq(completed_at(Some(current), fields, now).map(to_db)),
                activities::updated_at.eq(to_db(now)),
                activities::version.eq(current.version + 1),
            ))
            .execute(conn)?;
        if changed == 1 {
            if fields.attendees != current.fields.attendees {
                write_attendees(conn, org, current.id, &fields.attendees)?;
            }
            if fields.call != current.fields.call {
                calls::write(conn, org, current.id, &fields.call)?;
            }
            schedule_reminder(conn, org, current.id, fields, now)?;
        }
        Ok(changed)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: ActivityFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Activity {
            completed_at: completed_at(Some(&current), &fields, now),
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Writes an activity down, with its attendees and its reminder.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &ActivityFields,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Activity> {
    let activity = ActivityId::mint();
    write_transaction(conn, |conn| {
        check_references(conn, org, None, fields)?;
        let values = ActivityValues::new(fields, rollup_account(conn, org, &fields.links)?);
        let completed = completed_at(None, fields, now);
        diesel::insert_into(activities::table)
            .values((
                activities::org_id.eq(bytes(&org)),
                activities::id.eq(bytes(&activity)),
                values,
                activities::placed_at.eq(to_db(fields.placed_at(now))),
                activities::completed_at.eq(completed.map(to_db)),
                activities::created_by.eq(by.as_ref().map(bytes)),
                activities::created_at.eq(to_db(now)),
                activities::updated_at.eq(to_db(now)),
                activities::version.eq(1_i64),
            ))
            .execute(conn)?;
        write_attendees(conn, org, activity, &fields.attendees)?;
        if fields.kind == domain::activity::ActivityKind::Call {
            calls::write(conn, org, activity, &fields.call)?;
        }
        schedule_reminder(conn, org, activity, fields, now)?;
        Ok(Activity {
            id: activity,
            fields: fields.clone(),
            completed_at: completed,
            created_by: by,
            created_at: now,
            updated_at: now,
            deleted: false,
            version: 1,
        })
    })
}
