//! The stages a deal went through, and reopening a closed one.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::opportunity::OpportunityFields;
use domain::pipeline::StageKind;
use domain::{OpportunityId, OrgId, StageId, UserId};

use super::{DealValues, Opportunity};
use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, opt_id, to_db};
use crate::error::{Error, Result};
use crate::pipelines;
use crate::record::{self, at_version, Record};
use crate::schema::{opportunities, opportunity_stage_changes};

/// A deal entering a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChange {
    /// When.
    pub at: DateTime<Utc>,
    /// Who moved it (none for the system).
    pub by: Option<UserId>,
    /// The stage it left (none when it was created).
    pub from_stage_id: Option<StageId>,
    /// The stage it entered.
    pub to_stage_id: StageId,
    /// How long it had stayed in the stage it left, in seconds.
    pub seconds_in_previous: Option<i64>,
    /// Why it closed, on entering a won or lost stage.
    pub reason: Option<String>,
}

/// Records that a deal entered the stage of `fields` (leaving `before`'s, when it had one)
/// at version `seq`.
pub(super) fn record(
    conn: &mut AnyConnection,
    org: OrgId,
    deal: OpportunityId,
    seq: i64,
    (before, fields, by): (Option<&Opportunity>, &OpportunityFields, Option<UserId>),
    now: DateTime<Utc>,
) -> Result<()> {
    diesel::insert_into(opportunity_stage_changes::table)
        .values((
            opportunity_stage_changes::org_id.eq(bytes(&org)),
            opportunity_stage_changes::opportunity_id.eq(bytes(&deal)),
            opportunity_stage_changes::seq.eq(seq),
            opportunity_stage_changes::changed_at.eq(to_db(now)),
            opportunity_stage_changes::changed_by.eq(by.as_ref().map(bytes)),
            opportunity_stage_changes::from_stage_id.eq(before.map(|b| bytes(&b.fields.stage_id))),
            opportunity_stage_changes::to_stage_id.eq(bytes(&fields.stage_id)),
            opportunity_stage_changes::seconds_in_previous
                .eq(before.map(|b| (now - b.stage_entered_at).num_seconds().max(0))),
            opportunity_stage_changes::reason.eq(fields.close_reason.as_deref()),
        ))
        .execute(conn)?;
    Ok(())
}

type ChangeRow = (
    NaiveDateTime,
    Option<Vec<u8>>,
    Option<Vec<u8>>,
    Vec<u8>,
    Option<i64>,
    Option<String>,
);

/// Every stage change of a live deal, oldest first.
pub fn list(conn: &mut AnyConnection, org: OrgId, deal: OpportunityId) -> Result<Vec<StageChange>> {
    record::get::<Opportunity>(conn, org, deal, record::Visibility::Live)?;
    let rows: Vec<ChangeRow> = opportunity_stage_changes::table
        .filter(opportunity_stage_changes::org_id.eq(bytes(&org)))
        .filter(opportunity_stage_changes::opportunity_id.eq(bytes(&deal)))
        .order(opportunity_stage_changes::seq.asc())
        .select((
            opportunity_stage_changes::changed_at,
            opportunity_stage_changes::changed_by,
            opportunity_stage_changes::from_stage_id,
            opportunity_stage_changes::to_stage_id,
            opportunity_stage_changes::seconds_in_previous,
            opportunity_stage_changes::reason,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(at, by, from, to, seconds, reason)| StageChange {
            at: from_db(at),
            by: opt_id(by.as_ref()),
            from_stage_id: opt_id(from.as_ref()),
            to_stage_id: id(&to),
            seconds_in_previous: seconds,
            reason,
        })
        .collect())
}

/// Reopens a won or lost deal into `stage` (an open stage of its pipeline), or into the stage
/// it closed from when that is still an open stage there, else the pipeline's first. 409
/// `opportunity_not_closed` for an open deal; a stale `expected` version is 412.
pub fn reopen(
    conn: &mut AnyConnection,
    org: OrgId,
    deal: OpportunityId,
    (expected, stage, by): (Option<i64>, Option<StageId>, Option<UserId>),
    now: DateTime<Utc>,
) -> Result<Opportunity> {
    write_transaction(conn, |conn| {
        super::lock_pipeline_of(conn, org, deal)?;
        let locked = record::lock::<Opportunity>(conn, org, deal)?;
        if locked.deleted {
            return Err(Error::NotFound);
        }
        if expected.is_some_and(|v| v != locked.version) {
            return Err(Error::Stale);
        }
        let current = Opportunity::read(conn, org, deal)?;
        if !current.status.is_closed() {
            return Err(Error::Conflict("opportunity_not_closed"));
        }
        let pipeline = pipelines::for_deal(conn, org, current.fields.pipeline_id)?;
        let open = |s: StageId| {
            pipeline
                .fields
                .stage(s)
                .filter(|s| s.kind == StageKind::Open)
        };
        let target = match stage {
            Some(s) => open(s).ok_or_else(|| {
                Error::Invalid(domain::FieldError::new(
                    "/stage_id",
                    "not_an_open_stage",
                    "must be an open stage of the opportunity's pipeline",
                ))
            })?,
            None => closed_from(conn, org, &current)?
                .and_then(open)
                .or_else(|| pipeline.fields.first_open())
                .ok_or(Error::Conflict("pipeline_has_no_open_stage"))?,
        };
        let mut fields = current.fields.clone();
        fields.stage_id = target.id;
        fields.close_reason = None;
        let stored = super::Derived::of_stored(&current, fields.clone());
        let values = DealValues {
            stage_id: bytes(&target.id),
            status: StageKind::Open.as_str(),
            probability: i32::from(target.probability),
            close_reason: None,
            closed_at: None,
            stage_entered_at: to_db(now),
            ..stored.values()?
        };
        let changed = diesel::update(opportunities::table)
            .filter(at_version(org, deal, current.version))
            .set((
                values,
                opportunities::updated_at.eq(to_db(now)),
                opportunities::version.eq(current.version + 1),
            ))
            .execute(conn)?;
        if changed != 1 {
            return Err(Error::Stale);
        }
        record(
            conn,
            org,
            deal,
            current.version + 1,
            (Some(&current), &fields, by),
            now,
        )?;
        Opportunity::read(conn, org, deal)
    })
}

/// The stage a closed deal was in before it closed.
fn closed_from(
    conn: &mut AnyConnection,
    org: OrgId,
    deal: &Opportunity,
) -> Result<Option<StageId>> {
    let from: Option<Option<Vec<u8>>> = opportunity_stage_changes::table
        .filter(opportunity_stage_changes::org_id.eq(bytes(&org)))
        .filter(opportunity_stage_changes::opportunity_id.eq(bytes(&deal.id)))
        .filter(opportunity_stage_changes::to_stage_id.eq(bytes(&deal.fields.stage_id)))
        .order(opportunity_stage_changes::seq.desc())
        .select(opportunity_stage_changes::from_stage_id)
        .first(conn)
        .optional()?;
    Ok(from.flatten().map(|s| id(&s)))
}
