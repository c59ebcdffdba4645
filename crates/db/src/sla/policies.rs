//! SLA policies, kept in the order they are evaluated: live policies hold positions `0..n`.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::{AccountId, OrgId, SlaCalendarId, SlaPolicyId, TeamId, UserId};

use super::calendars::{calendar_of, Calendar, CalendarRow};
use super::lock_policy_order;
use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{unique, unique_error};
use crate::error::{Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::ordered;
use crate::record::{self, at_version, Record, Store, Visibility};
use crate::schema::{accounts, sla_calendars, sla_policies};

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
    /// The teams and users its rules name (its escalations), which must be the organization's.
    pub references: (Vec<TeamId>, Vec<UserId>),
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = sla_policies)]
struct PolicyRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    calendar_id: Vec<u8>,
    position: i64,
    definition: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for PolicyRow {
    fn id_bytes(&self) -> &[u8] {
        &self.id
    }

    fn key(&self, key: SortKey) -> KeyValue {
        match key {
            SortKey::Name => KeyValue::Text(self.name_key.clone()),
            SortKey::Updated => KeyValue::Time(self.updated_at),
            SortKey::Position => KeyValue::Int(self.position),
            _ => KeyValue::None,
        }
    }
}

fn policy_of(row: PolicyRow) -> Policy {
    Policy {
        id: id(&row.id),
        name: row.name,
        calendar_id: id(&row.calendar_id),
        position: row.position,
        definition: row.definition,
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

/// The orders of the policy list; by default the evaluation order.
pub const POLICY_SORTS: Sorts = Sorts {
    options: &[
        ("position", SortKey::Position),
        ("name", SortKey::Name),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Position, false),
};

const TABLE: &str = "sla_policies";

impl Record for Policy {
    type Kind = kind::SlaPolicy;
    const TABLE: &'static str = TABLE;

    fn read(conn: &mut AnyConnection, org: OrgId, policy: SlaPolicyId) -> Result<Self> {
        let row: PolicyRow = sla_policies::table
            .filter(sla_policies::org_id.eq(bytes(&org)))
            .filter(sla_policies::id.eq(bytes(&policy)))
            .select(PolicyRow::as_select())
            .first(conn)?;
        Ok(policy_of(row))
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
        policy: SlaPolicyId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        set_policy_deleted(conn, org, policy, expected, deleted, now)
    }
}

impl Store for Policy {
    type Fields = PolicyFields;

    /// Moves the policy and those between its old and new positions (the caller holds the
    /// order lock), then stores it.
    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &PolicyFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        if fields.calendar_id != current.calendar_id {
            require_live_calendar(conn, org, fields.calendar_id)?;
        }
        require_references(conn, org, fields)?;
        let position = ordered::move_to(conn, TABLE, org, current.position, fields.position)?;
        diesel::update(sla_policies::table)
            .filter(at_version(org, current.id, current.version))
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
            .map_err(unique("policy_name_taken"))
    }

    /// Read back: where the policy landed depends on the others.
    fn updated(
        conn: &mut AnyConnection,
        org: OrgId,
        current: Self,
        _fields: PolicyFields,
        _now: DateTime<Utc>,
    ) -> Result<Self> {
        Self::read(conn, org, current.id)
    }

    fn before_change(conn: &mut AnyConnection, org: OrgId, _policy: SlaPolicyId) -> Result<()> {
        lock_policy_order(conn, org)
    }
}

/// Refuses teams and users of the policy's rules that the organization does not have.
fn require_references(conn: &mut AnyConnection, org: OrgId, fields: &PolicyFields) -> Result<()> {
    let (teams, users) = &fields.references;
    for team in teams {
        if !crate::teams::exists(conn, org, *team)? {
            return Err(Error::UnknownReference("escalations"));
        }
    }
    for user in users {
        if !crate::users::exists(conn, org, *user)? {
            return Err(Error::UnknownReference("escalations"));
        }
    }
    Ok(())
}

fn require_live_calendar(
    conn: &mut AnyConnection,
    org: OrgId,
    calendar: SlaCalendarId,
) -> Result<()> {
    match record::get::<Calendar>(conn, org, calendar, Visibility::Live) {
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
    let policy = SlaPolicyId::mint();
    write_transaction(conn, |conn| {
        lock_policy_order(conn, org)?;
        require_live_calendar(conn, org, fields.calendar_id)?;
        require_references(conn, org, fields)?;
        let position = ordered::insert_at(conn, TABLE, org, fields.position)?;
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
        Ok(Policy {
            id: policy,
            name: fields.name.clone(),
            calendar_id: fields.calendar_id,
            position,
            definition: fields.definition.clone(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// One page of the live policies, in evaluation order unless asked otherwise, or
/// (`params.deleted`) the deleted ones.
pub fn list_policies(
    conn: &mut AnyConnection,
    org: OrgId,
    params: &ListParams,
) -> Result<Page<Policy>> {
    let query = || {
        sla_policies::table
            .filter(sla_policies::org_id.eq(bytes(&org)))
            .select(PolicyRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<Policy, _, _>(conn, query, None, params)?;
    Ok(page.map(policy_of))
}

/// Soft-deletes (`deleted`) or restores a policy. Deleting closes the gap in the order; a
/// restored policy comes last, and needs its calendar to be live.
fn set_policy_deleted(
    conn: &mut AnyConnection,
    org: OrgId,
    policy: SlaPolicyId,
    expected_version: Option<i64>,
    deleted: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    write_transaction(conn, |conn| {
        lock_policy_order(conn, org)?;
        let current: Policy = record::get(conn, org, policy, Visibility::Any)?;
        let reorder = |conn: &mut AnyConnection| {
            let position = if deleted {
                ordered::remove_from(conn, TABLE, org, current.position)?;
                -1
            } else {
                require_live_calendar(conn, org, current.calendar_id).map_err(|e| match e {
                    Error::UnknownReference(_) => Error::Conflict("calendar_deleted"),
                    other => other,
                })?;
                ordered::live_count(conn, TABLE, org)?
            };
            diesel::update(
                sla_policies::table
                    .filter(sla_policies::org_id.eq(bytes(&org)))
                    .filter(sla_policies::id.eq(bytes(&policy))),
            )
            .set(sla_policies::position.eq(position))
            .execute(conn)?;
            Ok(())
        };
        record::set_deleted::<Policy>(conn, org, policy, expected_version, deleted, now, reorder)
            .map(|_| ())
            .map_err(unique_error("policy_name_taken"))
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
    for calendar in used.iter().map(|b| id::<kind::SlaCalendar>(b)) {
        match counts.iter_mut().find(|(c, _)| *c == calendar) {
            Some((_, n)) => *n += 1,
            None => counts.push((calendar, 1)),
        }
    }
    Ok(counts)
}

/// Every live policy in evaluation order: what a new ticket's policy is chosen from.
pub fn policies_in_order(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<Policy>> {
    let rows: Vec<PolicyRow> = sla_policies::table
        .filter(sla_policies::org_id.eq(bytes(&org)))
        .filter(sla_policies::deleted_at.is_null())
        .order((sla_policies::position.asc(), sla_policies::id.asc()))
        .select(PolicyRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().map(policy_of).collect())
}

/// What a new ticket's policy is chosen by and its clocks started with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyChoice {
    /// Every live policy in evaluation order, with the calendar its clocks count in.
    pub policies: Vec<(Policy, Calendar)>,
    /// The tier of the ticket's account (none without an account, or with no policy).
    pub account_tier: Option<String>,
}

/// What a new ticket's policy is chosen from, in one statement.
pub fn policies_for_new_ticket(
    conn: &mut AnyConnection,
    org: OrgId,
    account: Option<AccountId>,
) -> Result<PolicyChoice> {
    let org_bytes = bytes(&org);
    let rows: Vec<(PolicyRow, CalendarRow, Option<String>)> = sla_policies::table
        .inner_join(
            sla_calendars::table.on(sla_calendars::org_id
                .eq(sla_policies::org_id)
                .and(sla_calendars::id.eq(sla_policies::calendar_id))),
        )
        .left_join(
            accounts::table.on(accounts::org_id
                .eq(sla_policies::org_id)
                .and(accounts::id.nullable().eq(account.as_ref().map(bytes)))),
        )
        .filter(sla_policies::org_id.eq(&org_bytes))
        .filter(sla_policies::deleted_at.is_null())
        .order((sla_policies::position.asc(), sla_policies::id.asc()))
        .select((
            PolicyRow::as_select(),
            CalendarRow::as_select(),
            accounts::tier.nullable(),
        ))
        .load(conn)?;
    let account_tier = rows.first().and_then(|(_, _, tier)| tier.clone());
    let policies = rows
        .into_iter()
        .map(|(policy, calendar, _)| (policy_of(policy), calendar_of(calendar)))
        .collect();
    Ok(PolicyChoice {
        policies,
        account_tier,
    })
}
