//! Business calendars and SLA policies.
//!
//! Each stores its rules as one JSON document (`definition`) that the caller has validated
//! with the domain's SLA engine; this module keeps names unique, versions, soft deletion and
//! the order in which policies are evaluated (live policies hold positions `0..n`).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::{OrgId, SlaCalendarId, SlaPolicyId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, new_id, to_db};
use crate::error::{Error, ModifyError, Result};
use crate::schema::{organizations, sla_calendars, sla_policies};

/// A stored business calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Id.
    pub id: SlaCalendarId,
    /// Name, unique among live calendars.
    pub name: String,
    /// Time zone, schedule and holidays as JSON.
    pub definition: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was deleted, if it is.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

/// A stored SLA policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Id.
    pub id: SlaPolicyId,
    /// Name, unique among live policies.
    pub name: String,
    /// The calendar its clocks count in.
    pub calendar_id: SlaCalendarId,
    /// Where it comes in the evaluation order, from 0.
    pub position: i64,
    /// Conditions, targets, warning threshold and pausing statuses as JSON.
    pub definition: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was deleted, if it is.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

/// What a policy is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFields {
    /// Name.
    pub name: String,
    /// Calendar.
    pub calendar_id: SlaCalendarId,
    /// Wanted position; `None` keeps the current one (or appends a new policy). Positions past
    /// the end mean the end.
    pub position: Option<i64>,
    /// Rules as JSON.
    pub definition: String,
}

fn unique(code: &'static str) -> impl Fn(diesel::result::Error) -> Error {
    move |error| match error {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => Error::Conflict(code),
        other => other.into(),
    }
}

type CalendarRow = (
    Vec<u8>,
    String,
    String,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDateTime>,
    i64,
);

const CALENDAR_COLUMNS: (
    sla_calendars::id,
    sla_calendars::name,
    sla_calendars::definition,
    sla_calendars::created_at,
    sla_calendars::updated_at,
    sla_calendars::deleted_at,
    sla_calendars::version,
) = (
    sla_calendars::id,
    sla_calendars::name,
    sla_calendars::definition,
    sla_calendars::created_at,
    sla_calendars::updated_at,
    sla_calendars::deleted_at,
    sla_calendars::version,
);

fn calendar_of(row: CalendarRow) -> Calendar {
    let (id_bytes, name, definition, created_at, updated_at, deleted_at, version) = row;
    Calendar {
        id: id(&id_bytes),
        name,
        definition,
        created_at: from_db(created_at),
        updated_at: from_db(updated_at),
        deleted_at: deleted_at.map(from_db),
        version,
    }
}

/// Stores a new calendar.
pub fn create_calendar(
    conn: &mut AnyConnection,
    org: OrgId,
    name: &str,
    definition: &str,
    now: DateTime<Utc>,
) -> Result<Calendar> {
    let calendar: SlaCalendarId = new_id();
    write_transaction(conn, |conn| {
        diesel::insert_into(sla_calendars::table)
            .values((
                sla_calendars::org_id.eq(bytes(&org)),
                sla_calendars::id.eq(bytes(&calendar)),
                sla_calendars::name.eq(name),
                sla_calendars::name_key.eq(domain::text::sort_key(name)),
                sla_calendars::definition.eq(definition),
                sla_calendars::created_at.eq(to_db(now)),
                sla_calendars::updated_at.eq(to_db(now)),
                sla_calendars::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique("calendar_name_taken"))?;
        get_calendar(conn, org, calendar, false)
    })
}

/// One calendar; a deleted one only with `include_deleted`.
pub fn get_calendar(
    conn: &mut AnyConnection,
    org: OrgId,
    calendar: SlaCalendarId,
    include_deleted: bool,
) -> Result<Calendar> {
    let mut query = sla_calendars::table
        .filter(sla_calendars::org_id.eq(bytes(&org)))
        .filter(sla_calendars::id.eq(bytes(&calendar)))
        .select(CALENDAR_COLUMNS)
        .into_boxed();
    if !include_deleted {
        query = query.filter(sla_calendars::deleted_at.is_null());
    }
    Ok(calendar_of(query.first::<CalendarRow>(conn)?))
}

/// The live calendars by name, or (`deleted`) the deleted ones, most recently deleted first.
pub fn list_calendars(
    conn: &mut AnyConnection,
    org: OrgId,
    deleted: bool,
) -> Result<Vec<Calendar>> {
    let query = sla_calendars::table
        .filter(sla_calendars::org_id.eq(bytes(&org)))
        .select(CALENDAR_COLUMNS)
        .into_boxed();
    let query = if deleted {
        query
            .filter(sla_calendars::deleted_at.is_not_null())
            .order(sla_calendars::deleted_at.desc())
    } else {
        query
            .filter(sla_calendars::deleted_at.is_null())
            .order(sla_calendars::name_key.asc())
    };
    Ok(query
        .load::<CalendarRow>(conn)?
        .into_iter()
        .map(calendar_of)
        .collect())
}

/// Changes a live calendar: locks it, hands the current state to `change` and stores the
/// name and definition it returns.
pub fn modify_calendar<E>(
    conn: &mut AnyConnection,
    org: OrgId,
    calendar: SlaCalendarId,
    now: DateTime<Utc>,
    change: impl FnOnce(&Calendar) -> std::result::Result<(String, String), E>,
) -> std::result::Result<Calendar, ModifyError<E>> {
    write_transaction(conn, |conn| {
        let current = lock_calendar(conn, org, calendar)?;
        let (name, definition) = change(&current).map_err(ModifyError::Rejected)?;
        diesel::update(
            sla_calendars::table
                .filter(sla_calendars::org_id.eq(bytes(&org)))
                .filter(sla_calendars::id.eq(bytes(&calendar))),
        )
        .set((
            sla_calendars::name.eq(&name),
            sla_calendars::name_key.eq(domain::text::sort_key(&name)),
            sla_calendars::definition.eq(&definition),
            sla_calendars::updated_at.eq(to_db(now)),
            sla_calendars::version.eq(current.version + 1),
        ))
        .execute(conn)
        .map_err(unique("calendar_name_taken"))?;
        Ok(get_calendar(conn, org, calendar, false)?)
    })
}

/// A no-op update takes the row lock (PostgreSQL) before the current state is read.
fn lock_calendar(
    conn: &mut AnyConnection,
    org: OrgId,
    calendar: SlaCalendarId,
) -> Result<Calendar> {
    diesel::update(
        sla_calendars::table
            .filter(sla_calendars::org_id.eq(bytes(&org)))
            .filter(sla_calendars::id.eq(bytes(&calendar)))
            .filter(sla_calendars::deleted_at.is_null()),
    )
    .set(sla_calendars::version.eq(sla_calendars::version))
    .execute(conn)?;
    get_calendar(conn, org, calendar, false)
}

/// Soft-deletes (`deleted`) or restores a calendar. A calendar that a live policy uses cannot
/// be deleted; a restored one must not clash by name with a live one.
pub fn set_calendar_deleted(
    conn: &mut AnyConnection,
    org: OrgId,
    calendar: SlaCalendarId,
    expected_version: Option<i64>,
    deleted: bool,
    now: DateTime<Utc>,
) -> Result<Calendar> {
    write_transaction(conn, |conn| {
        // A policy created meanwhile must not pick up the calendar being deleted.
        lock_policy_order(conn, org)?;
        let current = get_calendar(conn, org, calendar, true)?;
        if current.deleted_at.is_some() == deleted {
            return Err(Error::NotFound);
        }
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(Error::Stale);
        }
        if deleted {
            let users: i64 = sla_policies::table
                .filter(sla_policies::org_id.eq(bytes(&org)))
                .filter(sla_policies::calendar_id.eq(bytes(&calendar)))
                .filter(sla_policies::deleted_at.is_null())
                .count()
                .get_result(conn)?;
            if users > 0 {
                return Err(Error::Conflict("calendar_in_use"));
            }
        }
        let deleted_at: Option<NaiveDateTime> = deleted.then(|| to_db(now));
        diesel::update(
            sla_calendars::table
                .filter(sla_calendars::org_id.eq(bytes(&org)))
                .filter(sla_calendars::id.eq(bytes(&calendar))),
        )
        .set((
            sla_calendars::deleted_at.eq(deleted_at),
            sla_calendars::updated_at.eq(to_db(now)),
            sla_calendars::version.eq(current.version + 1),
        ))
        .execute(conn)
        .map_err(unique("calendar_name_taken"))?;
        get_calendar(conn, org, calendar, true)
    })
}

type PolicyRow = (
    Vec<u8>,
    String,
    Vec<u8>,
    i64,
    String,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDateTime>,
    i64,
);

const POLICY_COLUMNS: (
    sla_policies::id,
    sla_policies::name,
    sla_policies::calendar_id,
    sla_policies::position,
    sla_policies::definition,
    sla_policies::created_at,
    sla_policies::updated_at,
    sla_policies::deleted_at,
    sla_policies::version,
) = (
    sla_policies::id,
    sla_policies::name,
    sla_policies::calendar_id,
    sla_policies::position,
    sla_policies::definition,
    sla_policies::created_at,
    sla_policies::updated_at,
    sla_policies::deleted_at,
    sla_policies::version,
);

fn policy_of(row: PolicyRow) -> Policy {
    let (
        id_bytes,
        name,
        calendar,
        position,
        definition,
        created_at,
        updated_at,
        deleted_at,
        version,
    ) = row;
    Policy {
        id: id(&id_bytes),
        name,
        calendar_id: id(&calendar),
        position,
        definition,
        created_at: from_db(created_at),
        updated_at: from_db(updated_at),
        deleted_at: deleted_at.map(from_db),
        version,
    }
}

/// Takes the organization's row lock (PostgreSQL; SQLite writers already take turns), so that
/// changes to the policy order run one after another and positions stay `0..n` without gaps
/// or duplicates.
fn lock_policy_order(conn: &mut AnyConnection, org: OrgId) -> Result<()> {
    diesel::update(organizations::table.filter(organizations::id.eq(bytes(&org))))
        .set(organizations::name.eq(organizations::name))
        .execute(conn)?;
    Ok(())
}

fn live_policy_count(conn: &mut AnyConnection, org: OrgId) -> Result<i64> {
    Ok(sla_policies::table
        .filter(sla_policies::org_id.eq(bytes(&org)))
        .filter(sla_policies::deleted_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Moves the live policies at positions `from..=to` by `step` (+1 or -1).
fn shift_positions(
    conn: &mut AnyConnection,
    org: OrgId,
    from: i64,
    to: i64,
    step: i64,
) -> Result<()> {
    diesel::update(
        sla_policies::table
            .filter(sla_policies::org_id.eq(bytes(&org)))
            .filter(sla_policies::deleted_at.is_null())
            .filter(sla_policies::position.between(from, to)),
    )
    .set(sla_policies::position.eq(sla_policies::position + step))
    .execute(conn)?;
    Ok(())
}

fn require_live_calendar(
    conn: &mut AnyConnection,
    org: OrgId,
    calendar: SlaCalendarId,
) -> Result<()> {
    match get_calendar(conn, org, calendar, false) {
        Err(Error::NotFound) => Err(Error::UnknownReference("calendar_id")),
        other => other.map(|_| ()),
    }
}

/// Stores a new policy at `fields.position` (default: last), moving later ones down.
pub fn create_policy(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &PolicyFields,
    now: DateTime<Utc>,
) -> Result<Policy> {
    let policy: SlaPolicyId = new_id();
    write_transaction(conn, |conn| {
        lock_policy_order(conn, org)?;
        require_live_calendar(conn, org, fields.calendar_id)?;
        let count = live_policy_count(conn, org)?;
        let position = fields.position.map_or(count, |p| p.clamp(0, count));
        shift_positions(conn, org, position, count, 1)?;
        diesel::insert_into(sla_policies::table)
            .values((
                sla_policies::org_id.eq(bytes(&org)),
                sla_policies::id.eq(bytes(&policy)),
                sla_policies::name.eq(&fields.name),
                sla_policies::name_key.eq(domain::text::sort_key(&fields.name)),
                sla_policies::calendar_id.eq(bytes(&fields.calendar_id)),
                sla_policies::position.eq(position),
                sla_policies::definition.eq(&fields.definition),
                sla_policies::created_at.eq(to_db(now)),
                sla_policies::updated_at.eq(to_db(now)),
                sla_policies::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique("policy_name_taken"))?;
        get_policy(conn, org, policy, false)
    })
}

/// One policy; a deleted one only with `include_deleted`.
pub fn get_policy(
    conn: &mut AnyConnection,
    org: OrgId,
    policy: SlaPolicyId,
    include_deleted: bool,
) -> Result<Policy> {
    let mut query = sla_policies::table
        .filter(sla_policies::org_id.eq(bytes(&org)))
        .filter(sla_policies::id.eq(bytes(&policy)))
        .select(POLICY_COLUMNS)
        .into_boxed();
    if !include_deleted {
        query = query.filter(sla_policies::deleted_at.is_null());
    }
    Ok(policy_of(query.first::<PolicyRow>(conn)?))
}

/// The live policies in evaluation order, or (`deleted`) the deleted ones, most recently
/// deleted first.
pub fn list_policies(conn: &mut AnyConnection, org: OrgId, deleted: bool) -> Result<Vec<Policy>> {
    let query = sla_policies::table
        .filter(sla_policies::org_id.eq(bytes(&org)))
        .select(POLICY_COLUMNS)
        .into_boxed();
    let query = if deleted {
        query
            .filter(sla_policies::deleted_at.is_not_null())
            .order(sla_policies::deleted_at.desc())
    } else {
        query
            .filter(sla_policies::deleted_at.is_null())
            .order(sla_policies::position.asc())
    };
    Ok(query
        .load::<PolicyRow>(conn)?
        .into_iter()
        .map(policy_of)
        .collect())
}

/// Changes a live policy: takes the order lock, hands the current state to `change` and
/// stores what it returns, moving the policy and those between its old and new positions.
pub fn modify_policy<E>(
    conn: &mut AnyConnection,
    org: OrgId,
    policy: SlaPolicyId,
    now: DateTime<Utc>,
    change: impl FnOnce(&Policy) -> std::result::Result<PolicyFields, E>,
) -> std::result::Result<Policy, ModifyError<E>> {
    write_transaction(conn, |conn| {
        lock_policy_order(conn, org)?;
        let current = get_policy(conn, org, policy, false)?;
        let fields = change(&current).map_err(ModifyError::Rejected)?;
        if fields.calendar_id != current.calendar_id {
            require_live_calendar(conn, org, fields.calendar_id)?;
        }
        let last = live_policy_count(conn, org)? - 1;
        let position = fields
            .position
            .map_or(current.position, |p| p.clamp(0, last));
        if position < current.position {
            shift_positions(conn, org, position, current.position - 1, 1)?;
        } else if position > current.position {
            shift_positions(conn, org, current.position + 1, position, -1)?;
        }
        diesel::update(
            sla_policies::table
                .filter(sla_policies::org_id.eq(bytes(&org)))
                .filter(sla_policies::id.eq(bytes(&policy))),
        )
        .set((
            sla_policies::name.eq(&fields.name),
            sla_policies::name_key.eq(domain::text::sort_key(&fields.name)),
            sla_policies::calendar_id.eq(bytes(&fields.calendar_id)),
            sla_policies::position.eq(position),
            sla_policies::definition.eq(&fields.definition),
            sla_policies::updated_at.eq(to_db(now)),
            sla_policies::version.eq(current.version + 1),
        ))
        .execute(conn)
        .map_err(unique("policy_name_taken"))?;
        Ok(get_policy(conn, org, policy, false)?)
    })
}

/// Soft-deletes (`deleted`) or restores a policy. Deleting closes the gap in the order; a
/// restored policy comes last, and needs its calendar to be live.
pub fn set_policy_deleted(
    conn: &mut AnyConnection,
    org: OrgId,
    policy: SlaPolicyId,
    expected_version: Option<i64>,
    deleted: bool,
    now: DateTime<Utc>,
) -> Result<Policy> {
    write_transaction(conn, |conn| {
        lock_policy_order(conn, org)?;
        let current = get_policy(conn, org, policy, true)?;
        if current.deleted_at.is_some() == deleted {
            return Err(Error::NotFound);
        }
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(Error::Stale);
        }
        let position = if deleted {
            let count = live_policy_count(conn, org)?;
            shift_positions(conn, org, current.position + 1, count, -1)?;
            -1
        } else {
            require_live_calendar(conn, org, current.calendar_id).map_err(|e| match e {
                Error::UnknownReference(_) => Error::Conflict("calendar_deleted"),
                other => other,
            })?;
            live_policy_count(conn, org)?
        };
        let deleted_at: Option<NaiveDateTime> = deleted.then(|| to_db(now));
        diesel::update(
            sla_policies::table
                .filter(sla_policies::org_id.eq(bytes(&org)))
                .filter(sla_policies::id.eq(bytes(&policy))),
        )
        .set((
            sla_policies::deleted_at.eq(deleted_at),
            sla_policies::position.eq(position),
            sla_policies::updated_at.eq(to_db(now)),
            sla_policies::version.eq(current.version + 1),
        ))
        .execute(conn)
        .map_err(unique("policy_name_taken"))?;
        get_policy(conn, org, policy, true)
    })
}

/// How many live policies use each calendar (calendars no policy uses are left out).
pub fn policy_counts(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<(SlaCalendarId, i64)>> {
    let used: Vec<Vec<u8>> = sla_policies::table
        .filter(sla_policies::org_id.eq(bytes(&org)))
        .filter(sla_policies::deleted_at.is_null())
        .select(sla_policies::calendar_id)
        .load(conn)?;
    let mut counts: Vec<(SlaCalendarId, i64)> = Vec::new();
    for calendar in used.iter().map(|b| id::<domain::id::kind::SlaCalendar>(b)) {
        match counts.iter_mut().find(|(c, _)| *c == calendar) {
            Some((_, n)) => *n += 1,
            None => counts.push((calendar, 1)),
        }
    }
    Ok(counts)
}
