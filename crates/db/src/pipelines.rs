//! Sales pipelines and their stages: create, read, list, change, delete and restore.
//!
//! A stage keeps its row when it leaves its pipeline (`removed_at`), so the stage history of
//! older deals still names it; only a stage no live deal is in may leave, or change its kind.
//! A new probability is carried to the open deals in the stage in the same transaction.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use domain::id::kind;
use domain::pipeline::{PipelineFields, Stage, StageKind};
use domain::{OrgId, PipelineId, StageId};

use crate::connection::{write_transaction, AnyConnection};
use crate::convert::{bytes, from_db, id, to_db};
use crate::error::{unique, unique_error, Error, Result};
use crate::list::{self, KeyValue, ListParams, Page, Positioned, SortKey, Sorts};
use crate::record::{self, at_version, Record, Store};
use crate::schema::{opportunities, pipeline_stages, pipelines};
use crate::sql::{Sql, Value};

/// A stored pipeline with its live stages in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pipeline {
    /// Its id.
    pub id: PipelineId,
    /// What admins set.
    pub fields: PipelineFields,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// In the trash.
    pub deleted_at: Option<DateTime<Utc>>,
    /// Version.
    pub version: i64,
}

/// Pipelines are listed by name.
pub const SORTS: Sorts = Sorts {
    options: &[
        ("name", SortKey::Name),
        ("created_at", SortKey::Created),
        ("updated_at", SortKey::Updated),
    ],
    default: (SortKey::Name, false),
};

const NAME_TAKEN: &str = "pipeline_name_taken";

#[derive(Queryable, Selectable)]
#[diesel(table_name = pipelines)]
struct PipelineRow {
    id: Vec<u8>,
    name: String,
    name_key: String,
    won_reasons: String,
    lost_reasons: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    deleted_at: Option<NaiveDateTime>,
    version: i64,
}

impl Positioned for PipelineRow {
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

#[derive(Queryable, Selectable)]
#[diesel(table_name = pipeline_stages)]
struct StageRow {
    id: Vec<u8>,
    pipeline_id: Vec<u8>,
    name: String,
    probability: i32,
    kind: String,
}

fn to_stage(row: &StageRow) -> Stage {
    Stage {
        id: id(&row.id),
        name: row.name.clone(),
        probability: u8::try_from(row.probability).unwrap_or(0),
        kind: StageKind::parse("", &row.kind).unwrap_or(StageKind::Open),
    }
}

fn json(list: &[String]) -> Result<String> {
    serde_json::to_string(list).map_err(|e| Error::Other(e.to_string()))
}

fn to_pipeline(row: PipelineRow, stages: Vec<Stage>) -> Pipeline {
    let list = |raw: &str| serde_json::from_str::<Vec<String>>(raw).unwrap_or_default();
    Pipeline {
        id: id(&row.id),
        fields: PipelineFields {
            stages,
            won_reasons: list(&row.won_reasons),
            lost_reasons: list(&row.lost_reasons),
            name: row.name,
        },
        created_at: from_db(row.created_at),
        updated_at: from_db(row.updated_at),
        deleted_at: row.deleted_at.map(from_db),
        version: row.version,
    }
}

/// The live stages of these pipelines, each pipeline's in order.
fn stages_of(conn: &mut AnyConnection, org: OrgId, pipelines: &[Vec<u8>]) -> Result<Vec<StageRow>> {
    Ok(pipeline_stages::table
        .filter(pipeline_stages::org_id.eq(bytes(&org)))
        .filter(pipeline_stages::pipeline_id.eq_any(pipelines))
        .filter(pipeline_stages::removed_at.is_null())
        .order((pipeline_stages::pipeline_id, pipeline_stages::position))
        .select(StageRow::as_select())
        .load(conn)?)
}

fn read_row(conn: &mut AnyConnection, org: OrgId, pipeline: PipelineId) -> Result<Pipeline> {
    let row: PipelineRow = pipelines::table
        .filter(pipelines::org_id.eq(bytes(&org)))
        .filter(pipelines::id.eq(bytes(&pipeline)))
        .select(PipelineRow::as_select())
        .first(conn)?;
    let stages = stages_of(conn, org, std::slice::from_ref(&row.id))?;
    Ok(to_pipeline(row, stages.iter().map(to_stage).collect()))
}

/// The pipeline a deal is written into, held (PostgreSQL `FOR SHARE`) until the transaction
/// ends so no change to its stages slips between the deal's check and its write. A deleted or
/// unknown pipeline is invalid at `/pipeline_id`.
pub fn for_deal(conn: &mut AnyConnection, org: OrgId, pipeline: PipelineId) -> Result<Pipeline> {
    if matches!(conn, AnyConnection::Postgresql(_)) {
        Sql::new("SELECT 1 FROM pipelines WHERE org_id = ")
            .value(Value::Bytes(bytes(&org)))
            .push(" AND id = ")
            .value(Value::Bytes(bytes(&pipeline)))
            .push(" FOR SHARE")
            .execute(conn)?;
    }
    match read_row(conn, org, pipeline) {
        Ok(p) if p.deleted_at.is_none() => Ok(p),
        Ok(_) | Err(Error::NotFound) => Err(Error::Invalid(domain::FieldError::new(
            "/pipeline_id",
            "unknown_reference",
            "no such pipeline in this organization",
        ))),
        Err(e) => Err(e),
    }
}

/// The names of these stages, removed ones too.
pub fn stage_names(
    conn: &mut AnyConnection,
    org: OrgId,
    stages: &[StageId],
) -> Result<Vec<(StageId, String)>> {
    let ids: Vec<Vec<u8>> = stages.iter().map(bytes).collect();
    let rows: Vec<(Vec<u8>, String)> = pipeline_stages::table
        .filter(pipeline_stages::org_id.eq(bytes(&org)))
        .filter(pipeline_stages::id.eq_any(ids))
        .select((pipeline_stages::id, pipeline_stages::name))
        .load(conn)?;
    Ok(rows.into_iter().map(|(s, n)| (id(&s), n)).collect())
}

/// Which of these stages hold live deals.
fn deals_in(conn: &mut AnyConnection, org: OrgId, stages: &[&Stage]) -> Result<Vec<StageId>> {
    if stages.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Vec<u8>> = stages.iter().map(|s| bytes(&s.id)).collect();
    let used: Vec<Vec<u8>> = opportunities::table
        .filter(opportunities::org_id.eq(bytes(&org)))
        .filter(opportunities::stage_id.eq_any(ids))
        .filter(opportunities::deleted_at.is_null())
        .select(opportunities::stage_id)
        .distinct()
        .load(conn)?;
    Ok(used.iter().map(|s| id(s)).collect())
}

/// Writes the stages of `fields` over those of `before` (none for a new pipeline): updates
/// the kept ones, inserts the new ones, marks the gone ones removed.
fn sync_stages(
    conn: &mut AnyConnection,
    org: OrgId,
    pipeline: PipelineId,
    before: &[Stage],
    fields: &PipelineFields,
    now: DateTime<Utc>,
) -> Result<()> {
    let gone: Vec<&Stage> = before
        .iter()
        .filter(|old| fields.stage(old.id).is_none())
        .collect();
    let rekinded: Vec<&Stage> = before
        .iter()
        .filter(|old| fields.stage(old.id).is_some_and(|new| new.kind != old.kind))
        .collect();
    let in_use = deals_in(conn, org, &[gone.clone(), rekinded].concat())?;
    if !in_use.is_empty() {
        return Err(Error::Conflict("stage_in_use"));
    }
    if !gone.is_empty() {
        let ids: Vec<Vec<u8>> = gone.iter().map(|s| bytes(&s.id)).collect();
        diesel::update(
            pipeline_stages::table
                .filter(pipeline_stages::org_id.eq(bytes(&org)))
                .filter(pipeline_stages::id.eq_any(ids)),
        )
        .set(pipeline_stages::removed_at.eq(Some(to_db(now))))
        .execute(conn)?;
    }
    for (position, stage) in fields.stages.iter().enumerate() {
        let values = (
            pipeline_stages::position.eq(position as i64),
            pipeline_stages::name.eq(&stage.name),
            pipeline_stages::probability.eq(i32::from(stage.probability)),
            pipeline_stages::kind.eq(stage.kind.as_str()),
        );
        match before.iter().find(|old| old.id == stage.id) {
            Some(old) => {
                diesel::update(
                    pipeline_stages::table
                        .filter(pipeline_stages::org_id.eq(bytes(&org)))
                        .filter(pipeline_stages::id.eq(bytes(&stage.id))),
                )
                .set(values)
                .execute(conn)?;
                if old.probability != stage.probability {
                    diesel::update(
                        opportunities::table
                            .filter(opportunities::org_id.eq(bytes(&org)))
                            .filter(opportunities::stage_id.eq(bytes(&stage.id))),
                    )
                    .set(opportunities::probability.eq(i32::from(stage.probability)))
                    .execute(conn)?;
                }
            }
            None => {
                diesel::insert_into(pipeline_stages::table)
                    .values((
                        pipeline_stages::org_id.eq(bytes(&org)),
                        pipeline_stages::id.eq(bytes(&stage.id)),
                        pipeline_stages::pipeline_id.eq(bytes(&pipeline)),
                        values,
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(())
}

impl Record for Pipeline {
    type Kind = kind::Pipeline;
    const TABLE: &'static str = "pipelines";

    fn read(conn: &mut AnyConnection, org: OrgId, pipeline: PipelineId) -> Result<Self> {
        read_row(conn, org, pipeline)
    }

    fn version(&self) -> i64 {
        self.version
    }

    fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }

    /// A pipeline with live deals in it stays.
    fn trash(
        conn: &mut AnyConnection,
        org: OrgId,
        pipeline: PipelineId,
        expected: Option<i64>,
        deleted: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        record::set_deleted::<Pipeline>(conn, org, pipeline, expected, deleted, now, |conn| {
            if deleted {
                let deals: i64 = opportunities::table
                    .filter(opportunities::org_id.eq(bytes(&org)))
                    .filter(opportunities::pipeline_id.eq(bytes(&pipeline)))
                    .filter(opportunities::deleted_at.is_null())
                    .count()
                    .get_result(conn)?;
                if deals > 0 {
                    return Err(Error::Conflict("pipeline_in_use"));
                }
            }
            Ok(())
        })
        .map(|_| ())
        .map_err(unique_error(NAME_TAKEN))
    }
}

impl Store for Pipeline {
    type Fields = PipelineFields;

    fn write(
        conn: &mut AnyConnection,
        org: OrgId,
        current: &Self,
        fields: &PipelineFields,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let changed = diesel::update(pipelines::table)
            .filter(at_version(org, current.id, current.version))
            .set((
                pipelines::name.eq(&fields.name),
                pipelines::name_key.eq(domain::text::sort_key(&fields.name)),
                pipelines::won_reasons.eq(json(&fields.won_reasons)?),
                pipelines::lost_reasons.eq(json(&fields.lost_reasons)?),
                pipelines::updated_at.eq(to_db(now)),
                pipelines::version.eq(current.version + 1),
            ))
            .execute(conn)
            .map_err(unique(NAME_TAKEN))?;
        sync_stages(conn, org, current.id, &current.fields.stages, fields, now)?;
        Ok(changed)
    }

    fn updated(
        _conn: &mut AnyConnection,
        _org: OrgId,
        current: Self,
        fields: PipelineFields,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        Ok(Pipeline {
            fields,
            updated_at: now,
            version: current.version + 1,
            ..current
        })
    }
}

/// Creates a pipeline with its stages.
pub fn create(
    conn: &mut AnyConnection,
    org: OrgId,
    fields: &PipelineFields,
    now: DateTime<Utc>,
) -> Result<Pipeline> {
    let pipeline = PipelineId::mint();
    write_transaction(conn, |conn| {
        diesel::insert_into(pipelines::table)
            .values((
                pipelines::org_id.eq(bytes(&org)),
                pipelines::id.eq(bytes(&pipeline)),
                pipelines::name.eq(&fields.name),
                pipelines::name_key.eq(domain::text::sort_key(&fields.name)),
                pipelines::won_reasons.eq(json(&fields.won_reasons)?),
                pipelines::lost_reasons.eq(json(&fields.lost_reasons)?),
                pipelines::created_at.eq(to_db(now)),
                pipelines::updated_at.eq(to_db(now)),
                pipelines::version.eq(1_i64),
            ))
            .execute(conn)
            .map_err(unique(NAME_TAKEN))?;
        sync_stages(conn, org, pipeline, &[], fields, now)?;
        Ok(Pipeline {
            id: pipeline,
            fields: fields.clone(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
        })
    })
}

/// The organization's oldest live pipeline, where deals go when nobody chose one.
pub fn first(conn: &mut AnyConnection, org: OrgId) -> Result<Option<PipelineId>> {
    let ids: Vec<Vec<u8>> = pipelines::table
        .filter(pipelines::org_id.eq(bytes(&org)))
        .filter(pipelines::deleted_at.is_null())
        .order(pipelines::id)
        .select(pipelines::id)
        .limit(1)
        .load(conn)?;
    Ok(ids.first().map(|p| id(p)))
}

/// One page of pipelines, or (`params.deleted`) of those in the trash.
pub fn list(conn: &mut AnyConnection, org: OrgId, params: &ListParams) -> Result<Page<Pipeline>> {
    let query = || {
        pipelines::table
            .filter(pipelines::org_id.eq(bytes(&org)))
            .select(PipelineRow::as_select())
            .into_boxed()
    };
    let page = list::load_page::<Pipeline, _, _>(conn, query, None, params)?;
    let ids: Vec<Vec<u8>> = page.items.iter().map(|row| row.id.clone()).collect();
    let stages = stages_of(conn, org, &ids)?;
    Ok(page.map(|row| {
        let mine = stages
            .iter()
            .filter(|s| s.pipeline_id == row.id)
            .map(to_stage)
            .collect();
        to_pipeline(row, mine)
    }))
}
