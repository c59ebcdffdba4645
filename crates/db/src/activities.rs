//! Activities: tasks, calls, meetings and logged emails on accounts, contacts, leads, deals
//! and tickets, with a meeting's attendees and a reminder job for each reminder still to come.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::activity::{
    ActivityFields, ActivityKind, ActivityStatus, Attendee, CallOutcome, Direction, Links, Priority,
};
use domain::id::kind;
use domain::{AccountId, ActivityId, FieldError, OrgId, UserId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::jobs::{self, NewJob};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{at_version, Record, Store};
use crate::references::{self, Reference};
use crate::schema::{activities, activity_attendees as attendees};
use crate::timeline::Subject;

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

#[derive(Queryable, Selectable)]
#[diesel(table_name = activities)]
struct ActivityRow {
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
    placed_at: NaiveDateTime,
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

fn to_activity(row: ActivityRow, attendees: Vec<Attendee>) -> Result<Activity> {
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

/// Turns rows into activities with their attendees, read in one query.
fn with_attendees(
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
    rows.into_iter()
        .map(|row| {
            let (mine, rest): (Vec<_>, Vec<_>) = all.drain(..).partition(|(a, _)| *a == row.id);
            all = rest;
            to_activity(row, mine.into_iter().map(|(_, a)| a).collect())
        })
        .collect()
}

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

fn text<T: Copy>(value: Option<T>, name: fn(T) -> &'static str) -> Option<&'static str> {
    value.map(name)
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

/// Enqueues the reminder of `fields` if one is still to come; a job for the same activity and
/// time is enqueued once, and one whose time has since changed finds nothing to do.
fn schedule_reminder(
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
        let rollup = rollup_account(conn, org, &fields.links)?;
        let f = fields;
        let changed = diesel::update(activities::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                (
                    activities::kind.eq(f.kind.as_str()),
                    activities::subject.eq(&f.subject),
                    activities::description.eq(&f.description),
                    activities::account_id.eq(f.links.account_id.as_ref().map(bytes)),
                    activities::contact_id.eq(f.links.contact_id.as_ref().map(bytes)),
                    activities::lead_id.eq(f.links.lead_id.as_ref().map(bytes)),
                    activities::opportunity_id.eq(f.links.opportunity_id.as_ref().map(bytes)),
                    activities::ticket_id.eq(f.links.ticket_id.as_ref().map(bytes)),
                    activities::rollup_account_id.eq(rollup.as_ref().map(bytes)),
                    activities::assignee_id.eq(bytes(&f.assignee_id)),
                    activities::status.eq(f.status.as_str()),
                    activities::priority.eq(text(f.priority, Priority::as_str)),
                ),
                (
                    activities::due_at.eq(f.due_at.map(to_db)),
                    activities::reminder_at.eq(f.reminder_at.map(to_db)),
                    activities::direction.eq(text(f.direction, Direction::as_str)),
                    activities::occurred_at.eq(f.occurred_at.map(to_db)),
                    activities::duration_seconds.eq(f.duration_seconds),
                    activities::outcome.eq(text(f.outcome, CallOutcome::as_str)),
                    activities::starts_at.eq(f.starts_at.map(to_db)),
                    activities::ends_at.eq(f.ends_at.map(to_db)),
                    activities::location.eq(&f.location),
                    activities::placed_at.eq(to_db(f.placed_at(current.created_at))),
                    activities::completed_at.eq(completed_at(Some(current), f, now).map(to_db)),
                    activities::updated_at.eq(to_db(now)),
                    activities::version.eq(current.version + 1),
                ),
            ))
            .execute(conn)?;
        if changed == 1 {
            if f.attendees != current.fields.attendees {
                write_attendees(conn, org, current.id, &f.attendees)?;
            }
            schedule_reminder(conn, org, current.id, f, now)?;
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
        let rollup = rollup_account(conn, org, &fields.links)?;
        let f = fields;
        let completed = completed_at(None, f, now);
        diesel::insert_into(activities::table)
            .values((
                (
                    activities::org_id.eq(bytes(&org)),
                    activities::id.eq(bytes(&activity)),
                    activities::kind.eq(f.kind.as_str()),
                    activities::subject.eq(&f.subject),
                    activities::description.eq(&f.description),
                    activities::account_id.eq(f.links.account_id.as_ref().map(bytes)),
                    activities::contact_id.eq(f.links.contact_id.as_ref().map(bytes)),
                    activities::lead_id.eq(f.links.lead_id.as_ref().map(bytes)),
                    activities::opportunity_id.eq(f.links.opportunity_id.as_ref().map(bytes)),
                    activities::ticket_id.eq(f.links.ticket_id.as_ref().map(bytes)),
                    activities::rollup_account_id.eq(rollup.as_ref().map(bytes)),
                    activities::assignee_id.eq(bytes(&f.assignee_id)),
                    activities::status.eq(f.status.as_str()),
                    activities::priority.eq(text(f.priority, Priority::as_str)),
                ),
                (
                    activities::due_at.eq(f.due_at.map(to_db)),
                    activities::reminder_at.eq(f.reminder_at.map(to_db)),
                    activities::direction.eq(text(f.direction, Direction::as_str)),
                    activities::occurred_at.eq(f.occurred_at.map(to_db)),
                    activities::duration_seconds.eq(f.duration_seconds),
                    activities::outcome.eq(text(f.outcome, CallOutcome::as_str)),
                    activities::starts_at.eq(f.starts_at.map(to_db)),
                    activities::ends_at.eq(f.ends_at.map(to_db)),
                    activities::location.eq(&f.location),
                    activities::placed_at.eq(to_db(f.placed_at(now))),
                    activities::completed_at.eq(completed.map(to_db)),
                    activities::created_by.eq(by.as_ref().map(bytes)),
                    activities::created_at.eq(to_db(now)),
                    activities::updated_at.eq(to_db(now)),
                    activities::version.eq(1_i64),
                ),
            ))
            .execute(conn)?;
        write_attendees(conn, org, activity, &f.attendees)?;
        schedule_reminder(conn, org, activity, f, now)?;
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
        Subject::Contact(c) => q.filter(activities::contact_id.eq(bytes(&c))),
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
