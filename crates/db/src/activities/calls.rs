//! A call's telephony details, in a row of their own beside the activity (the activity row
//! holds what every kind shares): the numbers, when it was answered and ended, its
//! recording, and the provider call it was reported as.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::activity::CallLine;
use domain::{ActivityId, OrgId, TelephonyProviderId};

use crate::connection::AnyConnection;
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::Result;
use crate::schema::calls;

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = calls, treat_none_as_null = true)]
struct LineValues<'a> {
    from_number: Option<&'a str>,
    to_number: Option<&'a str>,
    answered_at: Option<NaiveDateTime>,
    ended_at: Option<NaiveDateTime>,
    recording_url: Option<&'a str>,
}

impl<'a> LineValues<'a> {
    fn of(line: &'a CallLine) -> Self {
        LineValues {
            from_number: line.from.as_deref(),
            to_number: line.to.as_deref(),
            answered_at: line.answered_at.map(to_db),
            ended_at: line.ended_at.map(to_db),
            recording_url: line.recording_url.as_deref(),
        }
    }
}

/// Writes a call's line (a new row, or over its row).
pub(super) fn write(
    conn: &mut AnyConnection,
    org: OrgId,
    call: ActivityId,
    line: &CallLine,
) -> Result<()> {
    let changed = diesel::update(calls::table)
        .filter(calls::org_id.eq(bytes(&org)))
        .filter(calls::activity_id.eq(bytes(&call)))
        .set(LineValues::of(line))
        .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(calls::table)
            .values((
                calls::org_id.eq(bytes(&org)),
                calls::activity_id.eq(bytes(&call)),
                LineValues::of(line),
            ))
            .execute(conn)?;
    }
    Ok(())
}

type LineRow = (
    Vec<u8>,
    Option<String>,
    Option<String>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<String>,
);

/// The lines of the calls `ids`, by activity id.
pub(super) fn lines_of(
    conn: &mut AnyConnection,
    org: OrgId,
    ids: &[Vec<u8>],
) -> Result<HashMap<Vec<u8>, CallLine>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<LineRow> = calls::table
        .filter(calls::org_id.eq(bytes(&org)))
        .filter(calls::activity_id.eq_any(ids))
        .select((
            calls::activity_id,
            calls::from_number,
            calls::to_number,
            calls::answered_at,
            calls::ended_at,
            calls::recording_url,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(call, from, to, answered, ended, recording)| {
            let line = CallLine {
                from,
                to,
                answered_at: answered.map(from_db),
                ended_at: ended.map(from_db),
                recording_url: recording,
            };
            (call, line)
        })
        .collect())
}

/// The call a provider's call id became, if it has reported it before.
pub fn reported(
    conn: &mut AnyConnection,
    org: OrgId,
    provider: TelephonyProviderId,
    call_id: &str,
) -> Result<Option<ActivityId>> {
    let found: Option<Vec<u8>> = calls::table
        .filter(calls::org_id.eq(bytes(&org)))
        .filter(calls::provider_id.eq(bytes(&provider)))
        .filter(calls::provider_call_id.eq(call_id))
        .select(calls::activity_id)
        .first(conn)
        .optional()?;
    Ok(found.map(|b| id(&b)))
}

/// Marks a call as the one `provider` knows as `call_id`; a second call for the same id is
/// refused by the unique key, so a first event delivered twice at once makes one call.
pub fn mark_reported(
    conn: &mut AnyConnection,
    org: OrgId,
    call: ActivityId,
    (provider, call_id): (TelephonyProviderId, &str),
) -> Result<()> {
    diesel::update(calls::table)
        .filter(calls::org_id.eq(bytes(&org)))
        .filter(calls::activity_id.eq(bytes(&call)))
        .set((
            calls::provider_id.eq(Some(bytes(&provider))),
            calls::provider_call_id.eq(Some(call_id)),
        ))
        .execute(conn)?;
    Ok(())
}

/// An activity that is a call: read as one only when it is (another kind is not found), and
/// changed as any activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call(pub super::Activity);

impl crate::record::Record for Call {
    type Kind = domain::id::kind::Activity;
    const TABLE: &'static str = "activities";

    fn read(conn: &mut AnyConnection, org: OrgId, call: ActivityId) -> Result<Self> {
        let activity = super::Activity::read(conn, org, call)?;
        if activity.fields.kind == domain::activity::ActivityKind::Call {
            Ok(Call(activity))
        } else {
            Err(crate::Error::NotFound)
        }
    }

    fn version(&self) -> i64 {
        self.0.version
    }

    /// Only a call is deleted or restored as one.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        id: ActivityId,
        expected: Option<i64>,
        deleted: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        <Self as crate::record::Record>::read(conn, org, id)?;
        crate::record::set_deleted::<Self>(conn, org, id, expected, deleted, now, |_| Ok(()))
            .map(|_| ())
    }

    fn is_deleted(&self) -> bool {
        self.0.deleted
    }
}

impl crate::record::Store for Call {
    type Fields = domain::activity::ActivityFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &Self::Fields,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize> {
        super::Activity::write(conn, org, &current.0, fields, now)
    }

    fn updated(
        conn: &mut AnyConnection,
        org: OrgId,
        current: Self,
        fields: Self::Fields,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Self> {
        super::Activity::updated(conn, org, current.0, fields, now).map(Call)
    }
}
