//! Business calendars: a time zone, a weekly schedule and holidays, stored as one document.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::{OrgId, SlaCalendarId};

use super::lock_policy_order;
use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{unique, unique_error};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::{sla_calendars, sla_policies};

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

#[derive(Queryable, Selectable)]
#[diesel(table_name = sla_calendars)]
pub(super) struct CalendarRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    definition: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for CalendarRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Name => KeyValue::Text(self.name_key.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            _ => KeyValue::None,
        }
    }
}

pub(super) fn calendar_of(row: CalendarRow) -> Calendar {
    Calendar {
        id: id(&row.id),
        name: row.name,
        definition: row.definition,
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

/// The orders of the calendar list.
pub const CALENDAR_SORTS: Sorts = Sorts {
    options: &[
        ("name", SortKey::Name),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Name, false),
};

impl Record for Calendar {
    type Kind = kind::SlaCalendar;
    const TABLE: &'static str = "sla_calendars";

    fn read(conn: &mut AnyConnection, org: OrgId, calendar: SlaCalendarId) -> Result<Self> {
        let row: CalendarRow = sla_calendars::table
            .filter(sla_calendars::org_id.eq(bytes(&org)))
            .filter(sla_calendars::id.eq(bytes(&calendar)))
            .select(CalendarRow::as_select())
            .first(conn)?;
        Ok(calendar_of(row))
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        calendar: SlaCalendarId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        set_calendar_deleted(conn, org, calendar, expected, deleted, now)
    }
}

impl Store for Calendar {
    /// Name and definition.
    type Fields = (String, String);

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        (name, definition): &(String, String),
        now: DateTime<Utc>,
    ) -> Result<usize> {
        diesel::update(sla_calendars::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                sla_calendars::name.eq(name),
                sla_calendars::name_key.eq(domain::text::sort_key(name)),
                sla_calendars::definition.eq(definition),
                sla_calendars::updated_at.eq(to_db(now)),
                sla_calendars::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(unique("calendar_name_taken"))
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        (name, definition): (String, String),
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Calendar {
            name,
            definition,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
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
    let calendar = SlaCalendarId::mint();
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
    Ok(Calendar {
        id: calendar,
        name: name.to_owned(),
        definition: definition.to_owned(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    })
}

/// One page of the live calendars, or (`params.deleted`) the deleted ones.
pub fn list_calendars(
    conn: &mut AnyConnection,
    org: OrgId,
    params: &ListParams,
) -> Result<Page<Calendar>> {
    let query = || {
        sla_calendars::table
            .filter(sla_calendars::org_id.eq(bytes(&org)))
            .select(CalendarRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<Calendar, _, _>(conn, query, None, params)?;
    Ok(page.map(calendar_of))
}

/// Soft-deletes (`deleted`) or restores a calendar. A calendar that a live policy uses cannot
/// be deleted; a restored one must not clash by name with a live one.
fn set_calendar_deleted(
    conn: &mut AnyConnection,
    org: OrgId,
    calendar: SlaCalendarId,
    expected_version: Option<i64>,
    deleted: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    write_transaction(conn, |conn| {
        // A policy created meanwhile must not pick up the calendar being deleted.
        lock_policy_order(conn, org)?;
        let in_use = |conn: &mut AnyConnection| {
            let users: i64 = sla_policies::table
                .filter(sla_policies::org_id.eq(bytes(&org)))
                .filter(sla_policies::calendar_id.eq(bytes(&calendar)))
                .filter(sla_policies::deleted_at.is_null())
                .count()
                .get_result(conn)?;
            if deleted && users > 0 {
                return Err(Error::Conflict("calendar_in_use"));
            }
            Ok(())
        };
        record::set_deleted::<Calendar>(conn, org, calendar, expected_version, deleted, now, in_use)
            .map(|_| ())
            .map_err(unique_error("calendar_name_taken"))
    })
}
